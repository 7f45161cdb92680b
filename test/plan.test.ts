import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { siteProviders } from "../components/sites";
import { PROJECT_DIR } from "../plan/projectFile";
import { CHANGE_REPORT_SCHEMA_VERSION } from "../plan/changeReport";
import { renderMarkdown, renderText, REPORT_SCHEMA_VERSION, type StackPlan } from "../plan/report";
import { shippedStackFiles } from "../plan/stackFile";
import { shownPath } from "../plan/userFacing";
import { fixture, key, writeStackFile, type Config } from "./harness";

const LAUNCH = path.join(PROJECT_DIR, "scripts", "launch.js");
/** A tool that hangs is killed, and its test fails with what it printed, instead of holding the run. */
const TOOL_TIMEOUT_MS = 90_000;

function run(tool: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [LAUNCH, tool, ...args], { cwd: options.cwd ?? PROJECT_DIR, env: options.env ?? process.env, encoding: "utf8", timeout: TOOL_TIMEOUT_MS });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const plan = (...args: string[]) => run("plan", args);

/**
 * The same command in this process: `main` with its output captured. The launcher and a fresh process are tested by
 * the spawned runs; these share the loaded program, which keeps the suite fast.
 */
async function planHere(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const { main } = await import("../plan/cli");
    const output = { stdout: "", stderr: "" };
    const capture = (stream: "stdout" | "stderr") => jest.spyOn(process[stream], "write").mockImplementation((chunk: string | Uint8Array) => {
        output[stream] += String(chunk);
        return true;
    });
    const spies = [capture("stdout"), capture("stderr")];
    const limit = Error.stackTraceLimit;
    try {
        const status = await main(args);
        return { status, ...output };
    } finally {
        spies.forEach((spy) => spy.mockRestore());
        Error.stackTraceLimit = limit;
    }
}

function stackFileWith(stack: string, edit: (config: Config) => void): string {
    const config = fixture("large");
    edit(config);
    return writeStackFile(stack, config);
}

describe("the plan of a valid stack", () => {
    let report: { schemaVersion: number; exitCode: number; stacks: StackPlan[] };
    let status: number | null;
    beforeAll(async () => {
        const result = await planHere("--config", writeStackFile("large", fixture("large")), "--format", "json");
        status = result.status;
        report = JSON.parse(result.stdout);
    });

    test("is documented JSON, with exit code 0", () => {
        expect(status).toBe(0);
        expect(report).toMatchObject({ schemaVersion: 2, exitCode: 0 });
        const [large] = report.stacks;
        expect(Object.keys(large).sort()).toEqual(["capacityAfterLoss", "cost", "failover", "file", "hostname", "isolated", "nodes", "policy", "preview", "resources", "stack"]);
        expect(large.preview).toBe(false);
        expect(large.isolated).toBeNull();
        expect(large.resources.byProvider).toEqual({ aws: 23, gcp: 12, hetzner: 13, cloudflare: 8, tls: 8, "pulumi-nodejs": 12 });
        expect(large.nodes).toHaveLength(9);
        expect(large.nodes[0]).toEqual({ name: "aws-fra-node-0", site: "aws-fra", provider: "aws", region: "eu-central-1", zone: "eu-central-1a", size: "m6i.large", volumeGb: 500, weight: 1 });
    });

    test("shows the failover order, its worst case and the capacity left after losing each provider", () => {
        const [large] = report.stacks;
        expect(large.failover).toMatchObject({ proxied: true, fallback: "gcp-bel", worstCaseSeconds: 15 * 2 + (1 + 1) * 4 });
        expect(large.failover.pools.map((pool) => pool.site)).toEqual(["aws-fra", "gcp-bel", "hetzner-eu"]);
        expect(large.failover.anchors.find((anchor) => anchor.name === "AWS Route 53 failover")!.seconds).toBe(150);
        expect(large.capacityAfterLoss).toEqual([
            { lost: "aws", remainingShare: 0.667, remainingNodes: 6, poolsLeft: ["gcp-bel", "hetzner-eu"] },
            { lost: "gcp", remainingShare: 0.667, remainingNodes: 6, poolsLeft: ["aws-fra", "hetzner-eu"] },
            { lost: "hetzner", remainingShare: 0.667, remainingNodes: 6, poolsLeft: ["aws-fra", "gcp-bel"] },
        ]);
    });

    test("the Markdown report lists the nodes and the price sources, and says why the two resource counts differ", () => {
        const [large] = report.stacks;
        const markdown = renderMarkdown(large);
        expect(markdown).toContain("| node | site | provider | region | zone | size | volume | weight |");
        expect(markdown).toContain("| aws-fra-node-0 | aws-fra | aws | eu-central-1 | eu-central-1a | m6i.large | 500 GB | 1 |");
        expect(markdown).toContain(`Prices (estimate): ${large.cost.sources[0]}`);
        expect(markdown).toContain("by component, by what created it");
        expect(renderText(large)).toContain("By provider counts each cloud resource by the package that manages it");
    });

    test("estimates the cost, saying which region's prices it uses", () => {
        const [large] = report.stacks;
        expect(large.cost).toMatchObject({ currency: "USD", estimate: true, unpriced: [] });
        expect(large.cost.monthlyByProvider.aws).toBeCloseTo(3 * (0.096 * 730 + 500 * 0.08), 2);
        expect(large.cost.sources.find((source) => source.startsWith("aws:"))).toContain("eu-central-1 estimated at us-east-1 prices");
        expect(large.cost.sources.join(" ")).not.toContain("shared/");
    });
});

test("a size with no price is planned and reported as unknown, with where to add it", async () => {
    const file = stackFileWith("unpriced", (config) => {
        config.sites[0].size = "c7g.xlarge";
    });
    const { status, stdout } = await planHere("--config", file);
    expect(status).toBe(0);
    expect(stdout).toContain("aws unknown");
    expect(stdout).toContain("no price for aws c7g.xlarge: add it to the pricing of the provider's file in components/sites/");
});

test("every stack the stack directory holds plans, whatever its name", async () => {
    const { status, stdout } = await planHere("--format", "json");
    expect(status).toBe(0);
    const names = shippedStackFiles().map((file) => /^Pulumi\.(.+)\.yaml$/.exec(path.basename(file))![1]);
    expect(JSON.parse(stdout).stacks.map((stack: StackPlan) => stack.stack)).toEqual(names);
});

test("as a first preview (--preview), every shipped stack passes the pack with what the engine leaves unknown", async () => {
    const { status, stdout } = await planHere("--preview", "--format", "json");
    expect(status).toBe(0);
    const stacks = JSON.parse(stdout).stacks as StackPlan[];
    expect(stacks.length).toBe(shippedStackFiles().length);
    for (const stack of stacks) {
        expect({ stack: stack.stack, preview: stack.preview, failed: stack.policy.mandatoryFailed }).toEqual({ stack: stack.stack, preview: true, failed: false });
    }
});

test.each([[[]], [["--preview"]]])("a single-provider stack file exits 1 and names the rule it breaks, in every format (%j)", async (mode: string[]) => {
    const file = stackFileWith("solo", (config) => {
        config.sites = config.sites.filter((site: { provider: string }) => site.provider === "gcp");
    });
    // The launcher's own exit code once, in a process of its own; the first preview in this one.
    const { status, stdout } = mode.length === 0 ? plan("--config", file, "--format", "json") : await planHere("--config", file, "--format", "json", ...mode);
    expect(status).toBe(1);
    const [solo] = JSON.parse(stdout).stacks as StackPlan[];
    expect(solo.preview).toBe(mode.length > 0);
    expect(solo.policy.mandatoryFailed).toBe(true);
    const text = renderText(solo);
    expect(text).toContain("Policy: FAILED (mandatory violations)");
    expect(text).toContain("[mandatory] exchange-nodes-span-providers:");
    expect(text).toContain(`    in the stack file: ${key("sites[].provider")}: add sites on other providers`);
    expect(renderMarkdown(solo)).toContain("| mandatory | exchange-nodes-span-providers |");
    expect(renderMarkdown(solo)).toContain(`\`${key("sites[].provider")}\`: add sites on other providers |`);
});

test("a provider a failover drill left cut off is shown plainly, and the policy fails", async () => {
    const file = stackFileWith("drilled", (config) => {
        config.drillIsolate = "gcp";
    });
    const { status, stdout } = await planHere("--config", file, "--format", "json");
    expect(status).toBe(1);
    const [drilled] = JSON.parse(stdout).stacks as StackPlan[];
    expect(drilled.isolated).toEqual({ provider: "gcp", key: key("drillIsolate") });
    expect(drilled.policy.violations.filter((violation) => violation.enforcementLevel === "mandatory").map((violation) => violation.policy)).toEqual(["origins-reachable"]);
    expect(renderText(drilled).split("\n")[1]).toBe(`WARNING: gcp is cut off by a failover drill (${key("drillIsolate")}): its firewalls admit nothing, so it serves no traffic. Restore it: pulumi config rm ${key("drillIsolate")} && pulumi up`);
    expect(renderMarkdown(drilled)).toContain(`> ⚠️ WARNING: gcp is cut off`);
});

test("a malformed stack file exits 2 and names the key", async () => {
    const file = stackFileWith("broken", (config) => {
        config.sites[2].size = "cx22";
    });
    const { status, stdout } = await planHere("--config", file, "--format", "json");
    expect(status).toBe(2);
    const { catalog } = siteProviders.hetzner;
    expect(JSON.parse(stdout).stacks[0].error.problems).toEqual([`${key("sites[2].size")}: hetzner does not offer "cx22"; allowed: ${catalog.size.allowed} (${catalog.source})`]);
});

test("user data larger than a provider takes exits 2, naming the keys it is made from", async () => {
    const file = stackFileWith("chatty", (config) => {
        config.node.env = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`SETTING_${index}`, "x".repeat(100)]));
    });
    const { status, stdout } = await planHere("--config", file, "--format", "json");
    expect(status).toBe(2);
    const problems: string[] = JSON.parse(stdout).stacks[0].error.problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
        expect(problem).toMatch(/^hcloud:index\/server:Server \S+ userData: ".*" is not accepted; allowed: 32 KiB \(.*\); it is made from node\.env, secretEnv and node\.image/);
    }
});

test("a secret or a provider credential in plain text exits 2, saying how to set it encrypted", async () => {
    const file = writeStackFile("leaky", fixture("small"));
    fs.appendFileSync(file, `  ${key("dataVolumeKey")}: 0123456789abcdef0123456789abcdef\n  hcloud:token: not-encrypted\n  ${key("secretEnv")}:\n    API_KEY:\n      secure: v1:AAAA\n    OTHER: plain\n`);
    const { status, stdout } = await planHere("--config", file, "--format", "json");
    expect(status).toBe(2);
    expect(JSON.parse(stdout).stacks[0].error.problems).toEqual([
        `${key("secretEnv")}: in plain text in the stack file, in whole or in part; set it encrypted with \`pulumi config set --secret secretEnv <value>\``,
        `${key("dataVolumeKey")}: in plain text in the stack file, in whole or in part; set it encrypted with \`pulumi config set --secret dataVolumeKey <value>\``,
        "hcloud:token: in plain text in the stack file, in whole or in part; set it encrypted with `pulumi config set --secret hcloud:token <value>`",
    ]);
});

test("a stack file missing what the CLI requires exits 2 with the CLI's own words", async () => {
    const config = fixture("large");
    delete config.domain;
    const { status, stdout } = await planHere("--config", writeStackFile("incomplete", config), "--format", "json");
    expect(status).toBe(2);
    expect(JSON.parse(stdout).stacks[0].error.problems).toEqual(["Stack 'incomplete' is missing configuration value 'domain'"]);
});

describe("as a command-line tool", () => {
    test("--help prints the usage and exits 0", () => {
        const { status, stdout } = plan("--help");
        expect(status).toBe(0);
        expect(stdout).toMatch(/^usage: npm run -s plan --/);
    });

    test("bad usage exits 2 with the usage and no stack trace, and progress never reaches stdout", async () => {
        for (const args of [["--format", "html"], ["--bogus"], ["--stack", "a", "--config", "b"]]) {
            const result = await planHere(...args);
            expect({ args, status: result.status }).toEqual({ args, status: 2 });
            expect(result.stderr).toContain("usage: npm run -s plan --");
            expect(result.stderr).not.toMatch(/\n\s+at /);
            expect(result.stdout).toBe("");
        }
    });

    test("--stack with a name that does not exist lists the stacks that do", async () => {
        const { status, stderr } = await planHere("--stack", "nope");
        expect(status).toBe(2);
        const names = shippedStackFiles().map((file) => /^Pulumi\.(.+)\.yaml$/.exec(path.basename(file))![1]);
        expect(stderr).toContain(`--stack: no stack "nope" in stacks/; stacks: ${names.join(", ")}`);
    });

    test("a relative --config is read from where the user stands, as npm reports it", () => {
        const file = writeStackFile("relative", fixture("small"));
        const { status, stdout } = run("plan", ["--config", path.basename(file), "--format", "json"], { env: { ...process.env, INIT_CWD: path.dirname(file) } });
        expect(status).toBe(0);
        expect(JSON.parse(stdout).stacks[0].stack).toBe("relative");
    });

    test("a YAML alias bomb and a directory named like a stack file each exit 2 with one problem, in JSON too", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-bad-"));
        const bomb = path.join(dir, "Pulumi.bomb.yaml");
        const lines = ["a: &a [x, x, x, x, x, x, x, x, x]"];
        for (let level = 1; level <= 8; level++) {
            lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(", ")}]`);
        }
        fs.writeFileSync(bomb, `config:\n${lines.map((line) => `  ${line}`).join("\n")}\n`);
        const directory = path.join(dir, "Pulumi.folder.yaml");
        fs.mkdirSync(directory);
        for (const file of [bomb, directory]) {
            const { status, stdout, stderr } = await planHere("--config", file);
            expect({ file, status }).toEqual({ file, status: 2 });
            expect(stdout.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(1);
            expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at /);
            const json = await planHere("--config", file, "--format", "json");
            expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 2, stacks: [{ error: { kind: "config", problems: [expect.any(String)] } }] });
        }
    });

    test("with --format json, a failure that is no stack's still leaves JSON on stdout", async () => {
        const { status, stdout } = await planHere("--stack", "nope", "--format", "json");
        expect(status).toBe(2);
        expect(JSON.parse(stdout)).toMatchObject({ schemaVersion: REPORT_SCHEMA_VERSION, exitCode: 2, error: { kind: "input", message: expect.stringContaining("nope") } });
        // A change report's failure carries the change report's schema version.
        const against = await planHere("--stack", "nope", "--against", "HEAD", "--format", "json");
        expect(JSON.parse(against.stdout)).toMatchObject({ schemaVersion: CHANGE_REPORT_SCHEMA_VERSION, exitCode: 2 });
    });

    test("npm run -s plan keeps npm's own lines out of the JSON", () => {
        const result = spawnSync("npm", ["run", "-s", "plan", "--", "--config", writeStackFile("quiet", fixture("small")), "--format", "json"], { cwd: PROJECT_DIR, encoding: "utf8", timeout: TOOL_TIMEOUT_MS });
        expect(result.status).toBe(0);
        expect(() => JSON.parse(result.stdout)).not.toThrow();
    });

    test("--policy-pack-config sets thresholds as pulumi preview --policy-pack-config does, and is validated like it", async () => {
        const file = writeStackFile("strict", fixture("small"));
        const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-")), "policy-config.json");
        fs.writeFileSync(config, JSON.stringify({ "exchange-nodes-span-providers": { minProviders: 4 } }));
        const strict = await planHere("--config", file, "--policy-pack-config", config, "--format", "json");
        expect(strict.status).toBe(1);
        expect(JSON.parse(strict.stdout).stacks[0].policy.violations.map((violation: { policy: string }) => violation.policy)).toContain("exchange-nodes-span-providers");
        fs.writeFileSync(config, JSON.stringify({ all: "advisory", "exchange-nodes-span-providers": { minProviders: 4 } }));
        expect((await planHere("--config", file, "--policy-pack-config", config)).status).toBe(0);
        fs.writeFileSync(config, JSON.stringify({ "exchange-nodes-span-providers": { minProviders: "four" } }));
        const invalid = await planHere("--config", file, "--policy-pack-config", config);
        expect(invalid.status).toBe(2);
        expect(invalid.stderr).toContain(`--policy-pack-config ${shownPath(config)}: validating policy config: exchange-multicloud 0.1.0  exchange-nodes-span-providers: minProviders: Invalid type. Expected: integer, given: string`);
        fs.writeFileSync(config, JSON.stringify({ "exchange-nodes-span-provider": "advisory" }));
        const misspelled = await planHere("--config", file, "--policy-pack-config", config);
        expect(misspelled.status).toBe(0);
        expect(misspelled.stderr).toContain(`--policy-pack-config ${shownPath(config)}: exchange-nodes-span-provider names no policy of exchange-multicloud, and is ignored`);
        const missing = await planHere("--config", file, "--policy-pack-config", `${config}.missing`);
        expect({ status: missing.status, stderr: missing.stderr.trim().split("\n").pop() }).toEqual({ status: 2, stderr: `--policy-pack-config ${shownPath(`${config}.missing`)}: cannot be read (ENOENT)` });
    });
});

test("the benchmark runs, prints its figures, and answers --help and bad options like the other tools", () => {
    const result = run("bench", ["--nodes", "1", "--runs", "1"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}deployed +\d+\.\d\d s \(target ≤ 1\.5 s\)$/m);
    expect(result.stdout).toMatch(/^ {2}large test stack +\d+ resources +\d+\.\d\d s \(target < 0\.2 s\)$/m);
    expect(result.stdout).toMatch(/^ +1 +\d+ +\d+\.\d{3} +\d+\.\d{3} +\d+\.\d\d$/m);
    expect(result.stderr).toContain("… 1 node(s) per provider");
    expect(run("bench", ["--help"]).status).toBe(0);
    const bad = run("bench", ["--nodes", "x"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("usage: npm run bench");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
});
