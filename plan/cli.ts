import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { fullKey } from "../config/keys";
import { parsePolicyPackConfig, PolicyConfigError, reconcilePolicyConfig } from "./policyConfig";
import { PolicyPackServer } from "./policyPack";
import { oneLine, shownPath, userPath } from "./userFacing";
import { PROJECT_DIR, ProjectFileError, readProject } from "./projectFile";
import type { ChangeReport } from "./changeReport";
import type { MockRunResult } from "./mockRun";
import type { StackPlan } from "./report";
import { readStackFile, shippedStackFiles, stackFilePath, stacksDir, StackFileError } from "./stackFile";
import { CommitError, versionAtCommit } from "./versionAtCommit";

export const USAGE = `usage: npm run -s plan -- [--stack <name> | --config <Pulumi.<stack>.yaml>] [--preview]
                            [--policy-pack-config <file.json>] [--format text|json|markdown]
       npm run -s plan -- --stack <name> --against <git-ref> [--format text|json|markdown]
       npm run -s plan -- --config <Pulumi.<stack>.yaml> --against <old Pulumi.<stack>.yaml> [--format ...]

Runs the Pulumi program offline under mocks for every stack in the stack directory, or the one named, and asks the
policy pack for its verdicts as \`pulumi preview --policy-pack\` would. --preview plans a first preview, with every
output a provider computes unknown. Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 bad input.

--against plans a change to a deployed stack, as \`pulumi preview\` would against the state the old version left:
the code and stack file at <git-ref>, or the old stack file with the current code. It lists each resource created,
updated, replaced (delete-before-replace or create-before-delete) or deleted, and the properties that cause it, how
many nodes of each site are out of service at once, and warnings for data volumes. Exit codes: 0 no mandatory
warning, 1 a mandatory warning, 2 bad input or a change the clouds refuse (a volume that would shrink).
\`npm run -s\` keeps npm's own lines off stdout, so \`--format json > plan.json\` writes JSON only.`;

const FORMATS = ["text", "json", "markdown"] as const;
type Format = (typeof FORMATS)[number];

const EXIT = { ok: 0, policyFailed: 1, badInput: 2 } as const;

class UsageError extends Error {}

interface StackFailure {
    stack: string;
    file: string;
    error: { kind: "config"; problems: string[] };
}

export interface PlanOptions {
    files: string[];
    format: Format;
    preview: boolean;
    policyPackConfig?: string;
    /** The old version to plan the change from: a commit's code and stack file, or an old stack file. */
    against?: { commit: string } | { file: string };
}

function progress(message: string): void {
    process.stderr.write(`${message}\n`);
}

function stackNames(): string[] {
    return shippedStackFiles().map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))![1]);
}

/** Parses the arguments; undefined when the user asked for help. */
export function parsePlanArgs(argv: string[]): PlanOptions | undefined {
    let values: { stack?: string; config?: string; format?: string; preview?: boolean; "policy-pack-config"?: string; against?: string; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                config: { type: "string" },
                format: { type: "string" },
                preview: { type: "boolean" },
                "policy-pack-config": { type: "string" },
                against: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (values.help) {
        return undefined;
    }
    const format = (values.format ?? "text") as Format;
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format: "${values.format}" is not one of ${FORMATS.join(", ")}`);
    }
    if (values.stack !== undefined && values.config !== undefined) {
        throw new UsageError("give --stack or --config, not both");
    }
    let files: string[];
    if (values.config !== undefined) {
        const file = userPath(values.config);
        if (!fs.existsSync(file)) {
            throw new UsageError(`--config: no file at ${file}`);
        }
        files = [file];
    } else if (values.stack !== undefined) {
        const file = stackFilePath(values.stack);
        if (!fs.existsSync(file)) {
            throw new UsageError(`--stack: no stack "${values.stack}" in ${path.relative(PROJECT_DIR, stacksDir()) || "."}/; stacks: ${stackNames().join(", ") || "none"}`);
        }
        files = [file];
    } else {
        files = shippedStackFiles();
    }
    const policyPackConfig = values["policy-pack-config"] === undefined ? undefined : userPath(values["policy-pack-config"]);
    if (values.against === undefined) {
        return { files, format, preview: values.preview ?? false, policyPackConfig };
    }
    if (values.stack === undefined && values.config === undefined) {
        throw new UsageError("--against plans one stack: give --stack <name> with a git ref, or --config <file> with the old stack file");
    }
    if (values.preview || policyPackConfig !== undefined) {
        throw new UsageError("--against plans a change, without the policy pack: leave out --preview and --policy-pack-config");
    }
    if (values.stack !== undefined) {
        return { files, format, preview: false, against: { commit: values.against } };
    }
    const old = userPath(values.against);
    if (!fs.existsSync(old)) {
        throw new UsageError(`--against: no file at ${old}; with --config it takes the old stack file, with --stack a git ref`);
    }
    return { files, format, preview: false, against: { file: old } };
}

/** Plans each stack file: the program under mocks, then the policy pack over the analyzer protocol. */
export async function plan(options: PlanOptions): Promise<(StackPlan | StackFailure)[]> {
    // The pack loads itself as under the CLI; start it before loading the program and the cloud SDKs, so the two overlap.
    const starting = PolicyPackServer.start();
    starting.catch(() => undefined);
    const { exchangeProgram } = require("../program") as typeof import("../program");
    const { ConfigError } = require("../config/load") as typeof import("../config/load");
    const { runWithMocks } = require("./mockRun") as typeof import("./mockRun");
    const { buildStackPlan } = require("./report") as typeof import("./report");
    const { textRules } = require("../components/sites") as typeof import("../components/sites");
    const { textViolations } = require("../components/textRules") as typeof import("../components/textRules");
    const project = readProject().name;
    const results: (StackPlan | StackFailure)[] = [];
    let pack: PolicyPackServer | undefined;
    const ready = async () => {
        if (!pack) {
            pack = await starting;
            if (options.policyPackConfig !== undefined) {
                await configurePack(pack, options.policyPackConfig);
            }
        }
        return pack;
    };
    try {
        for (const file of options.files) {
            const shown = shownPath(file);
            let stackFile;
            try {
                stackFile = readStackFile(file);
            } catch (error) {
                if (!(error instanceof StackFileError)) throw error;
                results.push(configFailure(path.basename(file).replace(/^Pulumi\.|\.ya?ml$/g, ""), shown, [oneLine(error)]));
                continue;
            }
            progress(`planning ${stackFile.stack} (${shown})${options.preview ? " as a first preview" : ""}…`);
            if (stackFile.problems.length > 0) {
                results.push(configFailure(stackFile.stack, shown, stackFile.problems));
                continue;
            }
            try {
                const run = await runWithMocks({ project, stack: stackFile.stack, config: stackFile.config, secretKeys: stackFile.secretKeys, program: exchangeProgram, preview: options.preview });
                // What the providers would refuse when `pulumi up` calls them (sizes, names, labels) is bad input too.
                const refused = textViolations(run.resources, textRules);
                if (refused.length > 0) {
                    results.push(configFailure(stackFile.stack, shown, refused));
                    continue;
                }
                const violations = await (await ready()).analyzeStack(run.resources);
                const isolated = stackFile.config[fullKey(project, "drillIsolate")];
                results.push(buildStackPlan({ stack: stackFile.stack, file, run, violations, preview: options.preview, project, isolated }));
            } catch (error) {
                if (!(error instanceof ConfigError)) {
                    throw error;
                }
                results.push(configFailure(stackFile.stack, shown, error.problems));
            }
        }
    } finally {
        (pack ?? (await starting.catch(() => undefined)))?.close();
    }
    return results;
}

/** `--policy-pack-config <file>` applied as the CLI applies it; every problem names the option and the file. */
async function configurePack(pack: PolicyPackServer, file: string): Promise<void> {
    const named = (message: string) => new PolicyConfigError(`--policy-pack-config ${shownPath(file)}: ${message}`);
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw named(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const info = await pack.info();
    let entries;
    try {
        entries = parsePolicyPackConfig(text);
        await pack.configure(reconcilePolicyConfig(info, entries));
    } catch (error) {
        throw error instanceof PolicyConfigError ? named(error.message) : error;
    }
    const unknown = Object.keys(entries).filter((name) => name !== "all" && !info.policies.some((policy) => policy.name === name));
    if (unknown.length > 0) {
        progress(`--policy-pack-config ${shownPath(file)}: ${unknown.join(", ")} names no policy of ${info.name}, and is ignored (as pulumi preview ignores it); the policies are ${info.policies.map((policy) => policy.name).join(", ")}`);
    }
}

function configFailure(stack: string, file: string, problems: string[]): StackFailure {
    return { stack, file, error: { kind: "config", problems } };
}

/**
 * The problems of a program run that stopped at bad configuration; anything else is rethrown. The old version's
 * program has its own ConfigError class, so it is recognised by the `problems` it carries.
 */
function configProblems(error: unknown): string[] {
    const problems = (error as { problems?: unknown } | undefined)?.problems;
    if (!Array.isArray(problems)) {
        throw error;
    }
    return problems as string[];
}

/**
 * Plans the change from the old version (a commit's code and stack file, or an old stack file with the current code)
 * to the stack file given, both run under the new stack's name: resources match by URN, which carries it.
 */
export async function planAgainst(file: string, against: NonNullable<PlanOptions["against"]>): Promise<ChangeReport | StackFailure> {
    const { exchangeProgram } = require("../program") as typeof import("../program");
    const { runWithMocks } = require("./mockRun") as typeof import("./mockRun");
    const { planChanges } = require("./changes") as typeof import("./changes");
    const { buildChangeReport } = require("./changeReport") as typeof import("./changeReport");
    const project = readProject().name;
    const stackFile = readStackFile(file);
    const from = "commit" in against ? against.commit : shownPath(against.file);
    progress(`planning the change to ${stackFile.stack} (${shownPath(file)}) from ${from}…`);
    if (stackFile.problems.length > 0) {
        return configFailure(stackFile.stack, shownPath(file), stackFile.problems);
    }
    const version = "commit" in against ? versionAtCommit(against.commit) : undefined;
    try {
        const oldFile = "file" in against ? against.file : version!.stackFile(stackFile.stack);
        // A stack the commit does not have yet (a pull request that adds it) is new: everything in it is created.
        const isNew = !fs.existsSync(oldFile);
        let prior: MockRunResult = { resources: [], outputs: {} };
        if (!isNew) {
            const old = readStackFile(oldFile, stackFile.stack);
            // A commit's own program judges its own stack file; an old stack file must suit the current program.
            if (!version && old.problems.length > 0) {
                return configFailure(old.stack, from, old.problems);
            }
            try {
                prior = await runWithMocks({ project, stack: stackFile.stack, config: old.config, secretKeys: old.secretKeys, program: version?.program ?? exchangeProgram });
            } catch (error) {
                return configFailure(stackFile.stack, `${from}, the old version`, configProblems(error));
            }
        }
        try {
            const plan = await planChanges(prior, { project, stack: stackFile.stack, config: stackFile.config, secretKeys: stackFile.secretKeys, program: exchangeProgram });
            return buildChangeReport(plan, stackFile.stack, file, isNew ? `${from}, which has no stack ${stackFile.stack}: a new stack` : from);
        } catch (error) {
            return configFailure(stackFile.stack, shownPath(file), configProblems(error));
        }
    } finally {
        version?.remove();
    }
}

function renderChanges(report: ChangeReport, format: Format, exitCode: number): string {
    const { renderChangesJson, renderChangesMarkdown, renderChangesText } = require("./changeReport") as typeof import("./changeReport");
    return format === "json" ? renderChangesJson(report, exitCode) : format === "markdown" ? renderChangesMarkdown(report, exitCode) : renderChangesText(report, exitCode);
}

function exitCodeOf(results: (StackPlan | StackFailure)[]): number {
    if (results.some((result) => "error" in result)) {
        return EXIT.badInput;
    }
    return results.some((result) => (result as StackPlan).policy.mandatoryFailed) ? EXIT.policyFailed : EXIT.ok;
}

function render(results: (StackPlan | StackFailure)[], format: Format, exitCode: number): string {
    const { renderMarkdown, renderText, REPORT_SCHEMA_VERSION } = require("./report") as typeof import("./report");
    if (format === "json") {
        return `${JSON.stringify({ schemaVersion: REPORT_SCHEMA_VERSION, exitCode, stacks: results }, null, 2)}\n`;
    }
    return results.map((result) => {
        if ("error" in result) {
            const problems = result.error.problems.map((problem) => `  - ${problem}`).join("\n");
            return format === "markdown" ? `### Stack \`${result.stack}\`\n\n❌ invalid configuration:\n\n${problems}\n` : `Stack ${result.stack} (${result.file}): invalid configuration:\n${problems}\n`;
        }
        return format === "markdown" ? renderMarkdown(result) : renderText(result);
    }).join(format === "markdown" ? "\n" : `\n${"─".repeat(72)}\n\n`);
}

/** Runs the plan; resolves to the exit code. The plan needs no stack traces, and capturing them slows every mock run. */
export async function main(argv: string[]): Promise<number> {
    Error.stackTraceLimit = 0;
    // Asked for before the options are known to be valid, so that a bad --stack or --config still answers in JSON.
    const json = argv.some((arg, index) => arg === "--format=json" || (arg === "--format" && argv[index + 1] === "json"));
    try {
        const options = parsePlanArgs(argv);
        if (!options) {
            process.stdout.write(`${USAGE}\n`);
            return EXIT.ok;
        }
        if (options.against) {
            const result = await planAgainst(options.files[0], options.against);
            if ("error" in result) {
                process.stdout.write(render([result], options.format, EXIT.badInput));
                return EXIT.badInput;
            }
            const { changeExitCode } = require("./changeReport") as typeof import("./changeReport");
            const exitCode = changeExitCode(result);
            process.stdout.write(renderChanges(result, options.format, exitCode));
            return exitCode;
        }
        const results = await plan(options);
        const exitCode = exitCodeOf(results);
        process.stdout.write(render(results, options.format, exitCode));
        return exitCode;
    } catch (error) {
        const usage = error instanceof UsageError ? `\n${USAGE}` : "";
        const kind = [UsageError, StackFileError, ProjectFileError, PolicyConfigError, CommitError].some((known) => error instanceof known) ? "" : "plan failed: ";
        process.stderr.write(`${kind}${oneLine(error)}${usage}\n`);
        if (json) {
            const schemaVersion = argv.some((arg) => arg === "--against" || arg.startsWith("--against="))
                ? (require("./changeReport") as typeof import("./changeReport")).CHANGE_REPORT_SCHEMA_VERSION
                : (require("./report") as typeof import("./report")).REPORT_SCHEMA_VERSION;
            process.stdout.write(`${JSON.stringify({ schemaVersion, exitCode: EXIT.badInput, error: { kind: kind === "" ? "input" : "failure", message: oneLine(error) } }, null, 2)}\n`);
        }
        return EXIT.badInput;
    }
}
