/**
 * The compiled pack in policies/bin, served over the analyzer protocol as the Pulumi CLI serves it: what it tells the
 * engine about itself, how it takes `--policy-pack-config`, and its verdicts on whole stacks, which must be the rule
 * tests' in-process verdicts. The program's own stacks meet the pack through the CLI in test/plan.test.ts.
 */
import { parsePolicyPackConfig, reconcilePolicyConfig } from "../../plan/policyConfig";
import { PolicyPackServer, type PolicyPackInfo, type PolicyViolation } from "../../plan/policyPack";
import { rules } from "../../policies/rules";
import { judge } from "../properties/policyInProcess";
import { VARIANTS, type CorpusStack } from "./corpus/builder";
import { CLOUDS, DEPLOYED, ExchangeStack, HOST, honestStack, singleCloudStack } from "./exchangeStack";

let pack: PolicyPackServer;
let info: PolicyPackInfo;
beforeAll(async () => {
    pack = await PolicyPackServer.start();
    info = await pack.info();
});
afterAll(() => pack.close());

const mandatory = (violations: PolicyViolation[]) => violations.filter((violation) => violation.enforcementLevel === "mandatory");

/** A violation as the rule reported it: the SDK puts the rule's description on the message's first line. */
const reported = (violation: PolicyViolation) => ({ policy: violation.policy, enforcementLevel: violation.enforcementLevel, message: violation.message.split("\n").slice(1).join("\n") });

/** Three clouds behind a load balancer, with no Authenticated Origin Pulls. */
function withoutOriginPulls(): ExchangeStack {
    const stack = new ExchangeStack("no-aop");
    const sites = CLOUDS.map((cloud) => stack.site(cloud));
    stack.loadBalancer({ defaultPools: sites.map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool) });
    return stack;
}

test("GetAnalyzerInfo lists every rule, in order, with its enforcement level and its configuration's defaults", () => {
    expect(info.name).toBe("exchange-multicloud");
    expect(info.policies.map((policy) => policy.name)).toEqual(rules.map((rule) => rule.name));
    expect(Object.fromEntries(info.policies.map((policy) => [policy.name, policy.enforcementLevel]))).toEqual({
        "exchange-nodes-span-providers": "mandatory",
        "failover-spans-providers": "mandatory",
        "independent-fallback": "mandatory",
        "no-provider-majority": "mandatory",
        "capacity-after-provider-loss": "mandatory",
        "health-checked-failover": "mandatory",
        "proxied-load-balancer": "mandatory",
        "origin-lockdown": "mandatory",
        "origins-reachable": "mandatory",
        "authenticated-origin-pulls": "mandatory",
        "encryption-and-metadata": "mandatory",
        "data-volumes-protected": "advisory",
        "dns-layer-single-provider": "advisory",
        "unclassified-resources": "advisory",
        "verdicts-pending": "advisory",
    });
    const defaults = info.policies.filter((policy) => policy.configSchema).map((policy) => [policy.name, Object.fromEntries(Object.entries(policy.configSchema!.properties).map(([key, schema]) => [key, (schema as { default: unknown }).default]))]);
    expect(Object.fromEntries(defaults)).toEqual({
        "exchange-nodes-span-providers": { minProviders: 2 },
        "failover-spans-providers": { minProviders: 2 },
        "no-provider-majority": { maxProviderShare: 0.5 },
        "capacity-after-provider-loss": { minRemainingOrigins: 2, minRemainingShare: 0.5 },
        "health-checked-failover": { maxDetectionSeconds: 120 },
        "origin-lockdown": { nodePorts: [443] },
    });
});

test("Configure applies --policy-pack-config as the CLI does: levels, properties, and every other rule at its defaults", async () => {
    const stack = withoutOriginPulls().build(DEPLOYED);
    const defaults = reconcilePolicyConfig(info, {});
    const text = '{"authenticated-origin-pulls": "advisory", "exchange-nodes-span-providers": {"minProviders": 4}, "dns-layer-single-provider": {"enforcementLevel": "disabled"}}';
    await pack.configure(reconcilePolicyConfig(info, parsePolicyPackConfig(text)));
    try {
        const violations = await pack.analyzeStack(stack);
        expect(violations.find((violation) => violation.policy === "authenticated-origin-pulls")).toMatchObject({ enforcementLevel: "advisory", message: expect.stringContaining(`${HOST} is proxied without Authenticated Origin Pulls`) });
        expect(mandatory(violations)).toEqual([expect.objectContaining({ policy: "exchange-nodes-span-providers", message: expect.stringContaining("3 cloud(s), at least 4 are required") })]);
        expect(violations.map((violation) => violation.policy)).not.toContain("dns-layer-single-provider");
    } finally {
        await pack.configure(defaults);
    }
    expect(mandatory(await pack.analyzeStack(stack)).map((violation) => violation.policy)).toEqual(["authenticated-origin-pulls"]);
});

test.each(VARIANTS)("an honest three-cloud stack gets no mandatory violation, only the DNS layer's advisory (%o)", async (variant) => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ defaultPools: [pool("aws"), pool("gcp")], fallbackPool: pool("hetzner") }) });
    const violations = await pack.analyzeStack(stack.build(variant));
    expect(violations.map((violation) => [violation.policy, violation.enforcementLevel])).toEqual([["dns-layer-single-provider", "advisory"]]);
});

test.each(VARIANTS)("a single-provider stack gets its cause reported once, not once per rule (%o)", async (variant) => {
    const found = mandatory(await pack.analyzeStack(singleCloudStack("hetzner").build(variant)));
    expect(found).toEqual([expect.objectContaining({ policy: "exchange-nodes-span-providers", message: expect.stringContaining("\nMachines that serve run on 1 cloud(s), at least 2 are required (hetzner: ") })]);
});

test("the rule tests' in-process verdicts are the pack's over the protocol, first previews included", async () => {
    const stacks: [string, CorpusStack][] = [
        ["honest", honestStack().stack],
        ["single provider", singleCloudStack("gcp")],
        ["no origin pulls", withoutOriginPulls()],
        ["fallback on the first pool's cloud, regions unknown in preview, DNS-only", honestStack({ loadBalancer: (pool) => ({ proxied: false, regionPools: { WEU: [pool("aws")], EEU: [pool("gcp")] }, fallbackPool: pool("aws") }) }).stack],
    ];
    for (const [, stack] of stacks) {
        for (const variant of VARIANTS) {
            const recorded = stack.build(variant);
            const overTheWire = (await pack.analyzeStack(recorded)).map(reported);
            expect(overTheWire).toEqual(await judge(recorded));
        }
    }
});
