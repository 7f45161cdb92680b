import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PolicyPackServer } from "./policyPack";
import type { StackPlan } from "./report";
import { readProject, readStackFile, shippedStackFiles, stackFilePath, StackFileError } from "./stackFile";

const USAGE = "usage: npm run plan -- [--stack <name> | --config <path/to/Pulumi.<stack>.yaml>] [--format text|json|markdown]";
const FORMATS = ["text", "json", "markdown"] as const;
type Format = (typeof FORMATS)[number];

const EXIT = { ok: 0, policyFailed: 1, badInput: 2 } as const;

class UsageError extends Error {}

interface StackFailure {
    stack: string;
    file: string;
    error: { kind: "config"; problems: string[] };
}

function progress(message: string): void {
    process.stderr.write(`${message}\n`);
}

function parse(argv: string[]): { files: string[]; format: Format } {
    let values: { stack?: string; config?: string; format?: string };
    try {
        ({ values } = parseArgs({ args: argv, options: { stack: { type: "string" }, config: { type: "string" }, format: { type: "string" } }, strict: true, allowPositionals: false }));
    } catch (error) {
        throw new UsageError(`${(error as Error).message}\n${USAGE}`);
    }
    const format = (values.format ?? "text") as Format;
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format: "${values.format}" is not one of ${FORMATS.join(", ")}\n${USAGE}`);
    }
    if (values.stack && values.config) {
        throw new UsageError(`give --stack or --config, not both\n${USAGE}`);
    }
    const file = values.config ? path.resolve(values.config) : values.stack ? stackFilePath(values.stack) : undefined;
    if (file && !fs.existsSync(file)) {
        throw new UsageError(`${values.config ? "--config" : "--stack"}: no stack file at ${file}\n${USAGE}`);
    }
    return { files: file ? [file] : shippedStackFiles(), format };
}

/** Plans each stack file: the program under mocks, then the policy pack over the analyzer protocol. */
export async function plan(files: string[]): Promise<(StackPlan | StackFailure)[]> {
    // The pack compiles itself on start, as under the CLI; start it before loading the program and the cloud SDKs,
    // so that the two overlap.
    const starting = PolicyPackServer.start();
    starting.catch(() => undefined);
    const [{ exchangeProgram }, { ConfigError }, { runWithMocks }, { buildStackPlan }] = await Promise.all([
        import("../program"),
        import("../config/load"),
        import("./mockRun"),
        import("./report"),
    ]);
    const project = readProject().name;
    const results: (StackPlan | StackFailure)[] = [];
    let pack: PolicyPackServer | undefined;
    try {
        for (const file of files) {
            const stackFile = readStackFile(file);
            progress(`planning ${stackFile.stack} (${path.relative(process.cwd(), file)})…`);
            try {
                const run = await runWithMocks({ project, stack: stackFile.stack, config: stackFile.config, secretKeys: stackFile.secretKeys, program: exchangeProgram });
                pack ??= await starting;
                results.push(buildStackPlan(stackFile.stack, file, run, await pack.analyzeStack(run.resources)));
            } catch (error) {
                if (!(error instanceof ConfigError)) {
                    throw error;
                }
                results.push({ stack: stackFile.stack, file: path.relative(process.cwd(), file), error: { kind: "config", problems: error.problems } });
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

async function render(results: (StackPlan | StackFailure)[], format: Format, exitCode: number): Promise<string> {
    const { renderMarkdown, renderText, REPORT_SCHEMA_VERSION } = await import("./report");
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

async function main(): Promise<number> {
    let options: ReturnType<typeof parse>;
    try {
        options = parse(process.argv.slice(2));
        const results = await plan(options.files);
        const exitCode = exitCodeOf(results);
        process.stdout.write(await render(results, options.format, exitCode));
        return exitCode;
    } catch (error) {
        if (error instanceof UsageError || error instanceof StackFileError) {
            process.stderr.write(`${error.message}\n`);
            return EXIT.badInput;
        }
        throw error;
    }
}

if (require.main === module) {
    main().then((code) => {
        process.exitCode = code;
    });
}
