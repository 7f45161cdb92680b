import { noProviderMajority as rule } from "../../policies/rules/noProviderMajority";
import { VARIANTS } from "./corpus/builder";
import { DEPLOYED, HOST, PREVIEW, honestStack, messages, mixedWeightsStack, singleCloudStack } from "./exchangeStack";

test("is the mandatory rule no-provider-majority", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["no-provider-majority", "mandatory"]);
});

test.each(VARIANTS)("passes three clouds of equal weight (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("leaves a single-provider stack to exchange-nodes-span-providers (%o)", async (variant) => {
    expect(await messages(rule, singleCloudStack("aws"), variant)).toEqual([]);
});

test("allows exactly half and reports more, with every cloud's share", async () => {
    expect(await messages(rule, honestStack({ site: { aws: { nodes: 4 } } }).stack)).toEqual([]);
    const found = await messages(rule, honestStack({ site: { aws: { nodes: 5 } } }).stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${HOST}, traffic class default: aws 55.6% of the origin weight, above the 50% allowed (aws 55.6%, gcp 22.2%, hetzner 22.2%)`);
    expect(found[0]).toContain("Move weight or nodes to the other clouds");
});

test("counts origin weights, not origins", async () => {
    const { stack } = honestStack({ site: { gcp: { origin: () => ({ weight: 3 }) } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("gcp 60% of the origin weight, above the 50% allowed (aws 20%, gcp 60%, hetzner 20%)")]);
});

test("counts only serving weight: not disabled origins, nor origins of stopped machines", async () => {
    const { stack } = honestStack({
        site: { aws: { nodes: 3 }, gcp: { origin: (index) => ({ enabled: index === 0 }) }, hetzner: { node: (index) => (index === 0 ? { outputs: { status: "off" } } : {}) } },
    });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("aws 60% of the origin weight, above the 50% allowed (aws 60%, gcp 20%, hetzner 20%)")]);
});

test("judges each traffic class with its fallback", async () => {
    const { stack } = honestStack({ site: { aws: { nodes: 4 } }, loadBalancer: (pool) => ({ popPools: { FRA: [pool("aws")] } }) });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("traffic class PoP FRA: aws 66.7% of the origin weight, above the 50% allowed (aws 66.7%, hetzner 33.3%)")]);
});

test("maxProviderShare sets the limit", async () => {
    const { stack } = honestStack({ site: { aws: { nodes: 5 } } });
    expect(await messages(rule, stack, DEPLOYED, { maxProviderShare: 0.6 })).toEqual([]);
    expect(await messages(rule, honestStack().stack, DEPLOYED, { maxProviderShare: 0.3 })).toEqual([expect.stringContaining("aws 33.3%, gcp 33.3% and hetzner 33.3% of the origin weight, above the 30% allowed")]);
});

test("in a first preview, decides when each origin's cloud is known, and waits when unequal weights' clouds are not", async () => {
    const heavy = honestStack({ site: { aws: { nodes: 5 } } }).stack;
    expect(await messages(rule, heavy, PREVIEW)).toEqual([expect.stringContaining("aws 55.6% of the origin weight")]);
    // Which of the mixed pool's origins is AWS is known only from their addresses.
    expect(await messages(rule, mixedWeightsStack(4), DEPLOYED)).toEqual([expect.stringContaining("aws 57.1% of the origin weight")]);
    expect(await messages(rule, mixedWeightsStack(4), PREVIEW)).toEqual([]);
});

test.each(VARIANTS)("a pool that is both a default pool and the fallback weighs once (%o)", async (variant) => {
    // Two AWS and two GCP origins: 50% each, whichever of them is named twice.
    for (const order of [["aws", "gcp"], ["gcp", "aws"]] as const) {
        const { stack } = honestStack({ loadBalancer: (pool) => ({ defaultPools: order.map(pool), fallbackPool: pool("gcp") }) });
        expect(await messages(rule, stack, variant)).toEqual([]);
        expect(await messages(rule, stack, variant, { maxProviderShare: 0.49 })).toEqual([expect.stringContaining("(aws 50%, gcp 50%)")]);
    }
});
