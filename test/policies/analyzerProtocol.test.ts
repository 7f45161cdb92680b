import { PolicyPackServer } from "../../plan/policyPack";
import type { FixtureName } from "../fixtures/configs";
import { fixture, runConfig, runFixture } from "../harness";

let pack: PolicyPackServer;
beforeAll(async () => {
    pack = await PolicyPackServer.start();
});
afterAll(() => pack.close());

test("GetAnalyzerInfo lists every rule with its enforcement level", async () => {
    const info = await pack.info();
    expect(info.name).toBe("exchange-multicloud");
    expect(Object.fromEntries(info.policies.map((policy) => [policy.name, policy.enforcementLevel]))).toEqual({
        "exchange-nodes-span-providers": "mandatory",
        "failover-spans-providers": "mandatory",
        "independent-fallback": "mandatory",
        "no-provider-majority": "mandatory",
        "capacity-after-provider-loss": "mandatory",
        "health-checked-failover": "mandatory",
        "origin-lockdown": "mandatory",
        "encryption-and-metadata": "mandatory",
        "data-volumes-protected": "advisory",
        "dns-layer-single-provider": "advisory",
    });
});

test.each<FixtureName>(["small", "medium", "large"])("the %s stack gets no mandatory violation", async (stack) => {
    const { resources } = await runFixture(stack);
    const violations = await pack.analyzeStack(resources);
    expect(violations.filter((violation) => violation.enforcementLevel === "mandatory")).toEqual([]);
    expect(violations.map((violation) => violation.policy)).toContain("dns-layer-single-provider");
});

test("a single-provider stack gets the mandatory violations, over the wire", async () => {
    const config = fixture("large") as { sites: { provider: string }[] };
    config.sites = config.sites.filter((site) => site.provider === "aws");
    const { resources } = await runConfig(config);
    const mandatory = (await pack.analyzeStack(resources)).filter((violation) => violation.enforcementLevel === "mandatory");
    expect([...new Set(mandatory.map((violation) => violation.policy))].sort()).toEqual([
        "capacity-after-provider-loss",
        "exchange-nodes-span-providers",
        "failover-spans-providers",
        "independent-fallback",
        "no-provider-majority",
    ]);
    expect(mandatory.find((violation) => violation.policy === "exchange-nodes-span-providers")!.message).toMatch(/\nExchange nodes run on 1 provider\(s\), at least 2 are required \(aws: aws-fra-node-0, aws-fra-node-1, aws-fra-node-2\)/);
});
