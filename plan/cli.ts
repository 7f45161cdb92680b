import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { parsePolicyPackConfig, PolicyConfigError, reconcilePolicyConfig } from "./policyConfig";
import { PolicyPackServer } from "./policyPack";
import { PROJECT_DIR, ProjectFileError, readProject } from "./projectFile";
import type { StackPlan } from "./report";
import { readStackFile, shippedStackFiles, stackFilePath, stacksDir, StackFileError } from "./stackFile";

export const USAGE = `usage: npm run -s plan -- [--stack <name> | --config <Pulumi.<stack>.yaml>] [--preview]
                            [--policy-pack-config <file.json>] [--format text|json|markdown]

Runs the Pulumi program offline under mocks for every stack in the stack directory, or the one named, and asks the
policy pack for its verdicts as \`pulumi preview --policy-pack\` would. --preview plans a first preview, with every
output a provider computes unknown. Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 bad input.
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
}

function progress(message: string): void {
    process.stderr.write(`${message}\n`);
}

/** Where the user ran the command: npm runs scripts from the package root, and says where it was started in INIT_CWD. */
function userPath(file: string): string {
    return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

function stackNames(): string[] {
    return shippedStackFiles().map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))![1]);
}

/** Parses the arguments; undefined when the user asked for help. */
export function parsePlanArgs(argv: string[]): PlanOptions | undefined {
    let values: { stack?: string; config?: string; format?: string; preview?: boolean; "policy-pack-config"?: string; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                config: { type: "string" },
                format: { type: "string" },
                preview: { type: "boolean" },
                "policy-pack-config": { type: "string" },
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
    return { files, format, preview: values.preview ?? false, policyPackConfig };
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
    const project = readProject().name;
    const results: (StackPlan | StackFailure)[] = [];
    let pack: PolicyPackServer | undefined;
    const ready = async () => {
        if (!pack) {
            pack = await starting;
            if (options.policyPackConfig !== undefined) {
                const text = fs.readFileSync(options.policyPackConfig, "utf8");
                await pack.configure(reconcilePolicyConfig(await pack.info(), parsePolicyPackConfig(text)));
            }
        }
        return pack;
    };
    try {
        for (const file of options.files) {
            const stackFile = readStackFile(file);
            const shown = path.relative(process.env.INIT_CWD ?? process.cwd(), file);
            progress(`planning ${stackFile.stack} (${shown})${options.preview ? " as a first preview" : ""}…`);
            if (stackFile.problems.length > 0) {
                results.push({ stack: stackFile.stack, file: shown, error: { kind: "config", problems: stackFile.problems } });
                continue;
            }
            try {
                const run = await runWithMocks({ project, stack: stackFile.stack, config: stackFile.config, secretKeys: stackFile.secretKeys, program: exchangeProgram, preview: options.preview });
                const violations = await (await ready()).analyzeStack(run.resources);
                results.push(buildStackPlan(stackFile.stack, file, run, violations, options.preview));
            } catch (error) {
                if (!(error instanceof ConfigError)) {
                    throw error;
                }
                results.push({ stack: stackFile.stack, file: shown, error: { kind: "config", problems: error.problems } });
            }
        }
    } finally {
        (pack ?? (await starting.catch(() => undefined)))?.close();
    }
    return results;
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

/** The first line of an error, for failures that are not a policy verdict: they exit 2 with one line, never a trace. */
function oneLine(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

/** Runs the plan; resolves to the exit code. The plan needs no stack traces, and capturing them slows every mock run. */
export async function main(argv: string[]): Promise<number> {
    Error.stackTraceLimit = 0;
    try {
        const options = parsePlanArgs(argv);
        if (!options) {
            process.stdout.write(`${USAGE}\n`);
            return EXIT.ok;
        }
        const results = await plan(options);
        const exitCode = exitCodeOf(results);
        process.stdout.write(render(results, options.format, exitCode));
        return exitCode;
    } catch (error) {
        const usage = error instanceof UsageError ? `\n${USAGE}` : "";
        const kind = error instanceof UsageError || error instanceof StackFileError || error instanceof ProjectFileError || error instanceof PolicyConfigError ? "" : "plan failed: ";
        process.stderr.write(`${kind}${oneLine(error)}${usage}\n`);
        return EXIT.badInput;
    }
}
