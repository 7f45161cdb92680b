/**
 * Prints the project's speed figures. Targets (README): the offline plan of the large test stack in 1.5 s or less
 * end to end; its policy analysis under 0.2 s; components within 1.3x of a baseline that registers the same raw
 * resources; cost close to linear in node count.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { performance } from "perf_hooks";
import { parseArgs } from "util";
import type * as pulumi from "@pulumi/pulumi";
import { SECRET_KEYS, SECRET_PLACEHOLDER } from "../config/keys";
import { runWithMocks, type RecordedResource } from "../plan/mockRun";
import { PolicyPackServer } from "../plan/policyPack";
import { PROJECT_DIR, readProject } from "../plan/projectFile";
import { exchangeProgram } from "../program";
import { FIXTURES } from "../test/fixtures/configs";
import { asPulumiConfig, writeStackFile, type Config } from "../test/harness";
import { runProgramLikeTheRuntime } from "../test/support/runtimeHost";

export const USAGE = `usage: npm run bench [-- --nodes 1,10,100,300] [--runs 3]

Times the offline plan of the large test stack end to end, the program's load under the Node.js language host's own
entry point, the policy pack's analysis, and the cost per resource as sites grow, next to a baseline.`;

class UsageError extends Error {}

function progress(message: string): void {
    process.stderr.write(`… ${message}\n`);
}

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(2)} s`;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

async function repeat<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; result: T }> {
    const times: number[] = [];
    let result!: T;
    for (let run = 0; run < runs; run++) {
        const start = performance.now();
        result = await work();
        times.push(performance.now() - start);
    }
    return { ms: median(times), result };
}

/** The large test stack with `nodes` per site, its pools' minimum origins kept within reach. */
function scaled(nodes: number): Config {
    const config = structuredClone(FIXTURES.large) as Config;
    config.sites = config.sites.map((site: Config) => ({ ...site, nodes }));
    config.failover.minimumOrigins = Math.min(config.failover.minimumOrigins, nodes);
    config.protectData = false;
    return config;
}

function mockRun(project: string, config: Config, stack: string) {
    const volumeKey = `${project}:${SECRET_KEYS.dataVolumeKey}`;
    return runWithMocks({ project, stack, config: { ...asPulumiConfig(config), [volumeKey]: SECRET_PLACEHOLDER }, secretKeys: [volumeKey], program: exchangeProgram });
}

type ResourceClass = new (name: string, args: unknown, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The provider SDK's class for a type token, e.g. `aws:ec2/instance:Instance` → `aws.ec2.Instance`. */
function classOf(type: string): ResourceClass {
    const [pkg, module, name] = type.split(":");
    const sdk = require(`@pulumi/${pkg}`) as Record<string, Record<string, ResourceClass>>;
    const moduleName = module.split("/")[0];
    return moduleName === "index" ? (sdk as unknown as Record<string, ResourceClass>)[name] : sdk[moduleName][name];
}

/** The same provider resources through the same SDK classes, registered flat: no components, no wiring, no bootstrap. */
function baselineProgram(resources: RecordedResource[]): () => unknown {
    const custom = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:") && !r.type.startsWith("pulumi-nodejs:"));
    return () => {
        for (const resource of custom) {
            new (classOf(resource.type))(resource.name, resource.inputs);
        }
        return {};
    };
}

function parse(argv: string[]): { nodes: number[]; runs: number } | undefined {
    let values: { nodes?: string; runs?: string; help?: boolean };
    try {
        ({ values } = parseArgs({ args: argv, options: { nodes: { type: "string" }, runs: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }));
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (values.help) {
        return undefined;
    }
    const nodes = (values.nodes ?? "1,10,100,300").split(",").map(Number);
    const runs = Number(values.runs ?? 3);
    if (nodes.some((count) => !Number.isInteger(count) || count < 1)) {
        throw new UsageError(`--nodes: "${values.nodes}" is not a list of whole numbers from 1`);
    }
    if (!Number.isInteger(runs) || runs < 1) {
        throw new UsageError(`--runs: "${values.runs}" is not a whole number from 1`);
    }
    return { nodes, runs };
}

async function benchmark({ nodes: sizes, runs }: { nodes: number[]; runs: number }): Promise<void> {
    const project = readProject().name;
    const largeFile = writeStackFile("large", FIXTURES.large);
    const planOnce = (...extra: string[]) => {
        const result = spawnSync(process.execPath, [path.join(PROJECT_DIR, "scripts", "launch.js"), "plan", "--config", largeFile, "--format", "json", ...extra], { encoding: "utf8" });
        // 0 and 1 are verdicts; anything else is a failure of the plan itself.
        if (result.status !== 0 && result.status !== 1) {
            throw new Error(`the plan exited ${result.status}: ${result.stderr.trim().split("\n").pop()}`);
        }
    };
    progress(`offline plan of the large test stack, ${runs} runs each`);
    const plan = await repeat(runs, async () => planOnce());
    const preview = await repeat(runs, async () => planOnce("--preview"));
    console.log("offline plan of the large test stack, end to end (node scripts/launch.js plan; npm adds its own start)");
    console.log(`  deployed   ${seconds(plan.ms)} (target ≤ 1.5 s)`);
    console.log(`  preview    ${seconds(preview.ms)}`);

    progress("the program under the Node.js language host's entry point");
    const volumeKey = `${project}:${SECRET_KEYS.dataVolumeKey}`;
    const hosted = await repeat(runs, () => runProgramLikeTheRuntime({ stack: "bench", config: { ...asPulumiConfig(FIXTURES.large), [volumeKey]: SECRET_PLACEHOLDER }, secretKeys: [volumeKey], dryRun: true }));
    console.log(`\nprogram loaded and run under the language host's entry point with Pulumi.yaml's runtime options, a preview: ${seconds(hosted.ms)}`);

    progress("policy analysis");
    const pack = await PolicyPackServer.start();
    try {
        console.log("\npolicy analysis (AnalyzeStack over gRPC)");
        const most = Math.max(...sizes);
        for (const [label, config] of [["large test stack", FIXTURES.large as Config], [`${most} nodes per provider`, scaled(most)]] as const) {
            const { resources } = await mockRun(project, config, "bench");
            const analysis = await repeat(runs, () => pack.analyzeStack(resources));
            console.log(`  ${label.padEnd(24)} ${String(resources.length).padStart(5)} resources  ${seconds(analysis.ms)}${label.startsWith("large") ? " (target < 0.2 s)" : ""}`);
        }
    } finally {
        pack.close();
    }

    console.log("\nnodes/provider  resources  ms/resource  baseline ms/resource  ratio (target ≤ 1.3)");
    for (const nodes of sizes) {
        progress(`${nodes} node(s) per provider`);
        let ours = Infinity;
        let baseline = Infinity;
        let count = 0;
        for (let run = 0; run < runs; run++) {
            const start = performance.now();
            const { resources } = await mockRun(project, scaled(nodes), "bench");
            ours = Math.min(ours, (performance.now() - start) / resources.length);
            count = resources.length;
            const rawStart = performance.now();
            const raw = await runWithMocks({ project, stack: "bench", config: {}, program: baselineProgram(resources) });
            baseline = Math.min(baseline, (performance.now() - rawStart) / raw.resources.length);
        }
        console.log(`${String(nodes).padStart(14)}  ${String(count).padStart(9)}  ${ours.toFixed(3).padStart(11)}  ${baseline.toFixed(3).padStart(20)}  ${(ours / baseline).toFixed(2).padStart(5)}`);
    }
    console.log(`\nheap used at the end: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
}

export async function main(argv: string[]): Promise<number> {
    try {
        const options = parse(argv);
        if (!options) {
            process.stdout.write(`${USAGE}\n`);
            return 0;
        }
        await benchmark(options);
        return 0;
    } catch (error) {
        process.stderr.write(`${(error as Error).message.split("\n")[0]}${error instanceof UsageError ? `\n${USAGE}` : ""}\n`);
        return error instanceof UsageError ? 2 : 1;
    }
}
