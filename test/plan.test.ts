import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { renderMarkdown, renderText, type StackPlan } from "../plan/report";
import { PROJECT_DIR, stackFilePath } from "../plan/stackFile";

function plan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(path.join(PROJECT_DIR, "node_modules", ".bin", "tsx"), [path.join(PROJECT_DIR, "plan", "cli.ts"), ...args], { cwd: PROJECT_DIR, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function stackFileWith(stack: string, edit: (config: Record<string, any>) => void): string {
    const document = parse(fs.readFileSync(stackFilePath("prod"), "utf8"));
    edit(document.config);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringify(document));
    return file;
}

test("plans every shipped stack as documented JSON, with exit code 0", () => {
    const { status, stdout } = plan("--format", "json");
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ schemaVersion: 1, exitCode: 0 });
    expect(report.stacks.map((stack: { stack: string }) => stack.stack)).toEqual(["dev", "prod", "staging"]);
    const prod = report.stacks[1];
    expect(Object.keys(prod).sort()).toEqual(["capacityAfterLoss", "cost", "failover", "file", "hostname", "nodes", "policy", "resources", "stack"]);
    expect(prod.resources.byProvider).toEqual({ aws: 22, gcp: 15, hetzner: 16, cloudflare: 8, tls: 7 });
    expect(prod.nodes).toHaveLength(9);
    expect(prod.nodes[0]).toEqual({ name: "aws-fra-node-0", site: "aws-fra", provider: "aws", region: "eu-central-1", zone: "eu-central-1a", size: "m6i.large", volumeGb: 500, weight: 1 });
    expect(prod.failover).toMatchObject({ proxied: true, fallback: "gcp-bel", worstCaseSeconds: 15 * 2 + (1 + 1) * 4 });
    expect(prod.failover.pools.map((pool: { site: string }) => pool.site)).toEqual(["aws-fra", "gcp-bel", "hetzner-eu"]);
    expect(prod.failover.anchors.find((anchor: { name: string }) => anchor.name === "AWS Route 53 failover").seconds).toBe(150);
    expect(prod.capacityAfterLoss).toEqual([
        { lost: "aws", remainingShare: 0.667, remainingNodes: 6, poolsLeft: ["gcp-bel", "hetzner-eu"] },
        { lost: "gcp", remainingShare: 0.667, remainingNodes: 6, poolsLeft: ["aws-fra", "hetzner-eu"] },
        { lost: "hetzner", remainingShare: 0.667, remainingNodes: 6, poolsLeft: ["aws-fra", "gcp-bel"] },
    ]);
    expect(prod.cost).toMatchObject({ currency: "USD", estimate: true });
    expect(prod.cost.monthlyByProvider.aws).toBeCloseTo(3 * (0.096 * 730 + 500 * 0.08), 2);
    expect(prod.policy.mandatoryFailed).toBe(false);
});

test("a single-provider stack file exits 1 and names the rule it breaks, in every format", () => {
    const file = stackFileWith("solo", (config) => {
        config["exchange:sites"] = config["exchange:sites"].filter((site: { provider: string }) => site.provider === "gcp");
    });
    const { status, stdout } = plan("--config", file, "--format", "json");
    expect(status).toBe(1);
    const [solo] = JSON.parse(stdout).stacks as StackPlan[];
    expect(solo.policy.mandatoryFailed).toBe(true);
    const text = renderText(solo);
    expect(text).toContain("Policy: FAILED (mandatory violations)");
    expect(text).toContain("check (policy capacity-after-provider-loss): FAILED, see below");
    expect(text).toContain("[mandatory] exchange-nodes-span-providers: Exchange nodes run on 1 provider(s), at least 2 are required");
    expect(renderMarkdown(solo)).toContain("| mandatory | exchange-nodes-span-providers |");
});

test("a malformed stack file exits 2 and names the key", () => {
    const file = stackFileWith("broken", (config) => {
        config["exchange:sites"][1].size = "n1-huge-99";
    });
    const { status, stdout } = plan("--config", file, "--format", "json");
    expect(status).toBe(2);
    expect(JSON.parse(stdout).stacks[0].error.problems).toEqual(['exchange:sites[1].size: gcp does not offer "n1-huge-99"; allowed: e2-standard-2, e2-standard-4']);
});

test("bad usage exits 2 with the usage line, and progress never reaches stdout", () => {
    const unknownFormat = plan("--format", "html");
    expect(unknownFormat.status).toBe(2);
    expect(unknownFormat.stderr).toContain("usage: npm run plan --");
    const missing = plan("--stack", "nosuchstack");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--stack: no stack file at");
});

test("the benchmark runs and prints its figures", () => {
    const result = spawnSync(path.join(PROJECT_DIR, "node_modules", ".bin", "tsx"), [path.join(PROJECT_DIR, "bench", "plan.ts"), "--nodes", "1"], { cwd: PROJECT_DIR, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}total +\d+\.\d\d s \(target < 3 s\)$/m);
    expect(result.stdout).toMatch(/^ +1 +\d+ +\d+\.\d{3} +\d+\.\d{3} +\d+\.\d\d$/m);
});
