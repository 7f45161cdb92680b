import { DrillUsageError, parseDrillArgs } from "../../drill/cli";
import { summarize } from "../../drill/summary";
import type { RecordedResource } from "../../plan/mockRun";
import { runConfig, fixture } from "../harness";

describe("the fault, as planned resource changes under mocks", () => {
    let before: Map<string, RecordedResource>;
    let isolated: Map<string, RecordedResource>;
    beforeAll(async () => {
        const byUrn = (resources: RecordedResource[]) => new Map(resources.map((resource) => [resource.urn, resource]));
        before = byUrn((await runConfig(fixture("medium"), "staging")).resources);
        isolated = byUrn((await runConfig({ ...fixture("medium"), drillIsolate: "aws" }, "staging")).resources);
    });

    test("cutting AWS off changes its security group and its network ACL, and nothing else", () => {
        expect([...isolated.keys()].sort()).toEqual([...before.keys()].sort());
        const changed = [...isolated.values()].filter((resource) => JSON.stringify(resource.inputs) !== JSON.stringify(before.get(resource.urn)!.inputs));
        expect(changed.map((resource) => resource.type).sort()).toEqual(["aws:ec2/networkAcl:NetworkAcl", "aws:ec2/securityGroup:SecurityGroup"]);
        expect(changed.find((resource) => resource.type === "aws:ec2/securityGroup:SecurityGroup")!.inputs.ingress).toEqual([]);
        const acl = changed.find((resource) => resource.type === "aws:ec2/networkAcl:NetworkAcl")!;
        expect([...(acl.inputs.ingress as { action: string }[]), ...(acl.inputs.egress as { action: string }[])].map((rule) => rule.action)).toEqual(["deny", "deny"]);
    });

    test("each provider's firewall admits nothing when that provider is cut off", async () => {
        const gcp = (await runConfig({ ...fixture("medium"), drillIsolate: "gcp" }, "staging")).resources.find((r) => r.type === "gcp:compute/firewall:Firewall")!;
        expect(gcp.inputs.disabled).toBe(true);
        const hetzner = (await runConfig({ ...fixture("medium"), drillIsolate: "hetzner" }, "staging")).resources.find((r) => r.type === "hcloud:index/firewall:Firewall")!;
        expect(hetzner.inputs.rules).toEqual([]);
    });

    test("restoring (removing the setting) gives back exactly the resources of before", async () => {
        const { drillIsolate: _removed, ...restored } = { ...fixture("medium"), drillIsolate: "aws" };
        const after = (await runConfig(restored, "staging")).resources;
        const byUrn = (entries: [string, unknown][]) => entries.sort(([a], [b]) => a.localeCompare(b));
        expect(byUrn(after.map((resource) => [resource.urn, resource.inputs]))).toEqual(byUrn([...before.values()].map((resource) => [resource.urn, resource.inputs])));
    });
});

describe("drill arguments", () => {
    test("refuses a production-like stack without --yes", () => {
        expect(() => parseDrillArgs(["--stack", "prod", "--fail", "aws"])).toThrow(DrillUsageError);
        expect(() => parseDrillArgs(["--stack", "prod", "--fail", "aws"])).toThrow('stack "prod" looks like production');
        expect(parseDrillArgs(["--stack", "prod", "--fail", "aws", "--yes"]).stack).toBe("prod");
    });

    test("reads durations and defaults", () => {
        expect(parseDrillArgs(["--stack", "staging", "--fail", "gcp"])).toEqual({ stack: "staging", provider: "gcp", intervalMs: 250, maxWaitMs: 300_000 });
        expect(parseDrillArgs(["--stack", "staging", "--fail", "gcp", "--probe-interval", "100ms", "--max-wait", "60s"])).toMatchObject({ intervalMs: 100, maxWaitMs: 60_000 });
        expect(() => parseDrillArgs(["--stack", "staging", "--fail", "gcp", "--max-wait", "soon"])).toThrow('--max-wait: "soon" is not a duration');
        expect(() => parseDrillArgs(["--stack", "staging", "--fail", "azure"])).toThrow('--fail: unknown provider "azure"');
    });
});

test("the summary puts the measured figures next to the plan's worst case", () => {
    const text = summarize({
        sitesSeen: ["aws/eu-central-1"],
        servedBefore: true,
        failover: { firstMs: 31_200, allMs: 33_000, failedRequests: 12, probes: 200 },
        failback: { firstMs: 20_000, allMs: 20_500, failedRequests: 0, probes: 100 },
        records: [],
        interrupted: false,
        restored: true,
    }, "aws", { worstCaseSeconds: 38, formula: "interval × max(1, consecutiveDown) + (retries + 1) × timeout" }, 250, "exchange-node:drillIsolate");
    expect(text).toContain("all answers from the other side   33.00 s");
    expect(text).toContain("failed requests in between        12 of 200 (probe every 250 ms; figures are ± one interval)");
    expect(text).toContain("Plan's worst case: 38 s (interval × max(1, consecutiveDown) + (retries + 1) × timeout); measured 33.00 s: within the plan");
    expect(text).toContain("aws restored: yes");
});
