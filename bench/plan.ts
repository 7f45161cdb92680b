/**
 * Prints the offline plan's speed: the prod plan split into loading, program run and policy analysis, then the
 * cost per registered resource as sites grow, next to a baseline that registers the same raw resources directly.
 * Targets (README): prod plan with verdicts under 3 s on 2 cores; components within 1.3x of the baseline; linear cost.
 */
import { performance } from "perf_hooks";
import { parseArgs } from "util";
import type * as pulumi from "@pulumi/pulumi";
import { runWithMocks, type RecordedResource } from "../plan/mockRun";
import { PolicyPackServer } from "../plan/policyPack";
import { readProject, readStackFile, SECRET_PLACEHOLDER, stackFilePath } from "../plan/stackFile";

const USAGE = "usage: npm run bench [-- --nodes 1,10,100,300]";
const REPEATS = 3;

function seconds(ms: number): string {
    return `${(ms / 1000).toFixed(2)} s`;
}

function scaledConfig(nodesPerProvider: number): Record<string, string> {
    const base = readStackFile(stackFilePath("prod")).config;
    const sites = (JSON.parse(base["exchange:sites"]) as { nodes: number }[]).map((site) => ({ ...site, nodes: nodesPerProvider }));
    return { ...base, "exchange:sites": JSON.stringify(sites), "exchange:protectData": "false", "exchange:dataVolumeKey": SECRET_PLACEHOLDER };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
    const start = performance.now();
    const result = await work();
    return { ms: performance.now() - start, result };
}

type ResourceClass = new (name: string, args: unknown, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The provider SDK's class for a type token, e.g. `aws:ec2/instance:Instance` → `aws.ec2.Instance`. */
function classOf(type: string): ResourceClass {
    const [pkg, module, name] = type.split(":");
    // Loaded by the program run before any baseline runs; required here so that loading is timed with the program.
    const sdk = require(`@pulumi/${pkg}`) as Record<string, Record<string, ResourceClass>>;
    const moduleName = module.split("/")[0];
    return moduleName === "index" ? (sdk as unknown as Record<string, ResourceClass>)[name] : sdk[moduleName][name];
}

/**
 * The same custom resources through the same provider classes, registered flat: no components, no parents, no
 * outputs wired between them, no bootstrap rendering. What is left is the SDK's own cost per resource.
 */
function baselineProgram(resources: RecordedResource[]): () => unknown {
    const custom = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
    return () => {
        for (const resource of custom) {
            new (classOf(resource.type))(resource.name, resource.inputs);
        }
        return {};
    };
}

function nodeCounts(argv: string[]): number[] {
    const { values } = parseArgs({ args: argv, options: { nodes: { type: "string", default: "1,10,100,300" } }, strict: true });
    const counts = values.nodes.split(",").map(Number);
    if (counts.some((count) => !Number.isInteger(count) || count < 1)) {
        throw new Error(`--nodes: "${values.nodes}" is not a list of whole numbers\n${USAGE}`);
    }
    return counts;
}

async function main(): Promise<void> {
    const sizes = nodeCounts(process.argv.slice(2));
    const project = readProject().name;
    // performance.now() counts from process start, so loading includes Node, tsx and every module the plan imports.
    const started = 0;
    const packStarting = PolicyPackServer.start();
    const { exchangeProgram } = await import("../program");
    const loadedProgram = performance.now();
    const prod = readStackFile(stackFilePath("prod"));
    const run = await timed(() => runWithMocks({ project, stack: "prod", config: prod.config, secretKeys: prod.secretKeys, program: exchangeProgram }));
    const pack = await packStarting;
    const packReady = performance.now();
    const analysis = await timed(() => pack.analyzeStack(run.result.resources));
    const total = performance.now() - started;
    console.log("prod plan with policy verdicts");
    console.log(`  loading program modules  ${seconds(loadedProgram - started)}`);
    console.log(`  program run under mocks  ${seconds(run.ms)} (${run.result.resources.length} resources)`);
    console.log(`  policy pack start (overlaps the above; the CLI's ts-node type-checks the pack) ${seconds(packReady - started)}`);
    console.log(`  policy analysis          ${seconds(analysis.ms)}`);
    console.log(`  total                    ${seconds(total)} (target < 3 s)`);
    console.log(`  heap used                ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

    console.log("\nnodes/provider  resources  ms/resource  baseline ms/resource  ratio (target ≤ 1.3)");
    for (const nodes of sizes) {
        const config = scaledConfig(nodes);
        let ours = Infinity;
        let baseline = Infinity;
        let resources: RecordedResource[] = [];
        for (let repeat = 0; repeat < REPEATS; repeat++) {
            const component = await timed(() => runWithMocks({ project, stack: "bench", config, secretKeys: ["exchange:dataVolumeKey"], program: exchangeProgram }));
            resources = component.result.resources;
            ours = Math.min(ours, component.ms / resources.length);
            const raw = await timed(() => runWithMocks({ project, stack: "bench", config: {}, program: baselineProgram(resources) }));
            baseline = Math.min(baseline, raw.ms / raw.result.resources.length);
        }
        console.log(`${String(nodes).padStart(14)}  ${String(resources.length).padStart(9)}  ${ours.toFixed(3).padStart(11)}  ${baseline.toFixed(3).padStart(20)}  ${(ours / baseline).toFixed(2).padStart(5)}`);
    }
    pack.close();
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
