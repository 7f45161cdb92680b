import * as http from "http";
import type { AddressInfo } from "net";
import { DrillUsageError, isNonProductionStack, parseDrillArgs } from "../../drill/cli";
import { cloudflarePoolHealth, drillTargets, type CloudflareApi } from "../../drill/pulumiFault";
import { siteProviders } from "../../components/sites";
import type { RecordedResource } from "../../plan/mockRun";
import { everyProvider } from "../fixtures/configs";
import { runConfig } from "../harness";

const PROVIDERS = Object.keys(siteProviders);

describe("the fault, as planned resource changes under mocks, on a stack with a site on every provider", () => {
    const config = everyProvider(siteProviders);
    let before: Map<string, RecordedResource>;
    const isolated = new Map<string, Map<string, RecordedResource>>();
    const byUrn = (resources: RecordedResource[]) => new Map(resources.map((resource) => [resource.urn, resource]));
    const changedBy = (provider: string) => [...isolated.get(provider)!.values()].filter((resource) => JSON.stringify(resource.inputs) !== JSON.stringify(before.get(resource.urn)?.inputs));
    beforeAll(async () => {
        before = byUrn((await runConfig(config, "staging")).resources);
        for (const provider of PROVIDERS) {
            isolated.set(provider, byUrn((await runConfig({ ...config, drillIsolate: provider }, "staging")).resources));
        }
    });

    test.each(PROVIDERS)("cutting %s off changes resources, and only ones the drill's targeted pulumi up includes", (provider) => {
        const targets = drillTargets([...before.values()], provider);
        const changed = changedBy(provider);
        expect([...isolated.get(provider)!.keys()].sort()).toEqual([...before.keys()].sort());
        expect(targets.length).toBeGreaterThan(0);
        expect(changed.length).toBeGreaterThan(0);
        expect(changed.map((resource) => resource.urn).filter((urn) => !targets.includes(urn))).toEqual([]);
    });

    test("cutting AWS off changes its security group and its network ACL, and nothing else", () => {
        const changed = changedBy("aws");
        expect(changed.map((resource) => resource.type).sort()).toEqual(["aws:ec2/networkAcl:NetworkAcl", "aws:ec2/securityGroup:SecurityGroup"]);
        expect(changed.find((resource) => resource.type === "aws:ec2/securityGroup:SecurityGroup")!.inputs.ingress).toEqual([]);
        const acl = changed.find((resource) => resource.type === "aws:ec2/networkAcl:NetworkAcl")!;
        expect([...(acl.inputs.ingress as { action: string }[]), ...(acl.inputs.egress as { action: string }[])].map((rule) => rule.action)).toEqual(["deny", "deny"]);
    });

    test("each provider's firewall admits nothing when that provider is cut off", () => {
        expect(changedBy("gcp").find((resource) => resource.type === "gcp:compute/firewall:Firewall")!.inputs.disabled).toBe(true);
        expect(changedBy("hetzner").find((resource) => resource.type === "hcloud:index/firewall:Firewall")!.inputs.rules).toEqual([]);
    });

    test("restoring (removing the setting) gives back exactly the resources of before", async () => {
        const { drillIsolate: _removed, ...restored } = { ...config, drillIsolate: "aws" };
        const after = (await runConfig(restored, "staging")).resources;
        const sorted = (entries: [string, unknown][]) => entries.sort(([a], [b]) => a.localeCompare(b));
        expect(sorted(after.map((resource) => [resource.urn, resource.inputs]))).toEqual(sorted([...before.values()].map((resource) => [resource.urn, resource.inputs])));
    });
});

describe("drill arguments", () => {
    const args = (...extra: string[]) => ["--stack", "staging", "--fail", "gcp", ...extra];

    test.each(["prd", "production", "p", "eu-1", "prod", "prod-test", "staging-live", "dev/exchange/prd", "develop"])("stack %s needs --yes", (stack) => {
        expect(isNonProductionStack(stack)).toBe(false);
        expect(() => parseDrillArgs(["--stack", stack, "--fail", "aws"])).toThrow(new DrillUsageError(`--stack: "${stack}" is not named as a non-production stack, and a drill cuts aws off for real; add --yes to go ahead`));
        expect(parseDrillArgs(["--stack", stack, "--fail", "aws", "--yes"])!.stack).toBe(stack);
    });

    test.each(["dev", "staging", "qa-2", "dev-eu", "team-staging", "QA", "test3", "acme/exchange/sandbox", "stage.drill"])("stack %s runs without --yes", (stack) => {
        expect(isNonProductionStack(stack)).toBe(true);
        expect(parseDrillArgs(["--stack", stack, "--fail", "aws"])!.stack).toBe(stack);
    });

    test("reads durations and defaults", () => {
        expect(parseDrillArgs(args())).toEqual({ stack: "staging", provider: "gcp", intervalMs: 250, maxWaitMs: 300_000 });
        expect(parseDrillArgs(args("--probe-interval", "100ms", "--max-wait", "60s"))).toMatchObject({ intervalMs: 100, maxWaitMs: 60_000 });
        expect(parseDrillArgs(args("--probe-interval", "5s", "--max-wait", "30m"))).toMatchObject({ intervalMs: 5_000, maxWaitMs: 1_800_000 });
        expect(() => parseDrillArgs(args("--max-wait", "soon"))).toThrow('--max-wait: "soon" is not a duration such as 250ms, 30s or 5m; allowed: 10s to 1800s');
    });

    test.each([
        ["--probe-interval", "0ms", "--probe-interval: 0ms is outside the allowed 100ms to 5s"],
        ["--probe-interval", "99ms", "--probe-interval: 99ms is outside the allowed 100ms to 5s"],
        ["--probe-interval", "6s", "--probe-interval: 6s is outside the allowed 100ms to 5s"],
        ["--max-wait", "0s", "--max-wait: 0s is outside the allowed 10s to 1800s"],
        ["--max-wait", "31m", "--max-wait: 31m is outside the allowed 10s to 1800s"],
    ])("%s %s is refused, naming the flag and the allowed range", (flag, value, message) => {
        expect(() => parseDrillArgs(args(flag, value))).toThrow(new DrillUsageError(message));
    });

    test("a provider that is not a site provider is refused with the list of those that are", () => {
        const allowed = `allowed: ${PROVIDERS.join(", ")}`;
        expect(() => parseDrillArgs(["--stack", "staging", "--fail", "no-such-cloud"])).toThrow(new DrillUsageError(`--fail: unknown provider "no-such-cloud"; ${allowed}`));
        expect(() => parseDrillArgs(["--stack", "staging", "--fail", "constructor"])).toThrow(`--fail: unknown provider "constructor"; ${allowed}`);
    });

    test("a stack name that could climb out of drill-results/ is refused", () => {
        expect(() => parseDrillArgs(["--stack", "../../etc/dev", "--fail", "aws"])).toThrow('--stack: "../../etc/dev" is not a stack name');
    });
});

describe("Cloudflare's pool health, as the drill's preflight asks for it", () => {
    /** A stand-in for Cloudflare's API on 127.0.0.1: answers with `body`, or never when `body` is undefined. */
    async function api(body?: unknown): Promise<{ api: CloudflareApi; seen: string[]; close: () => void }> {
        const seen: string[] = [];
        const server = http.createServer((request, response) => {
            seen.push(`${request.url} ${request.headers.authorization}`);
            if (body !== undefined) response.end(JSON.stringify(body));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const { port } = server.address() as AddressInfo;
        return { api: { base: `http://127.0.0.1:${port}/client/v4`, timeoutMs: 300 }, seen, close: () => {
            server.closeAllConnections();
            server.close();
        } };
    }

    test("a pool is healthy when any check region says so", async () => {
        const stand = await api({ success: true, result: { pop_health: { WEU: { healthy: false }, EEU: { healthy: true } } } });
        try {
            expect(await cloudflarePoolHealth("acct", { "aws-fra": "pool1" }, "token", stand.api)).toEqual({ "aws-fra": true });
            expect(stand.seen).toEqual(["/client/v4/accounts/acct/load_balancers/pools/pool1/health Bearer token"]);
        } finally {
            stand.close();
        }
    });

    test("an API that does not answer fails the preflight in time, naming the pool", async () => {
        const stand = await api();
        try {
            await expect(cloudflarePoolHealth("acct", { "gcp-bel": "pool2" }, "token", stand.api)).rejects.toThrow("Cloudflare would not report the health of pool gcp-bel (pool2): no answer within 0.3 s");
        } finally {
            stand.close();
        }
    });
});
