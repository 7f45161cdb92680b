import { capacityAfterProviderLoss as rule } from "../../policies/rules/capacityAfterProviderLoss";
import { VARIANTS } from "./corpus/builder";
import { DEPLOYED, HOST, PREVIEW, honestStack, messages, mixedWeightsStack, singleCloudStack } from "./exchangeStack";

test("is the mandatory rule capacity-after-provider-loss", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["capacity-after-provider-loss", "mandatory"]);
});

test.each(VARIANTS)("passes two nodes on each of three clouds: losing one leaves four origins and two thirds of the weight (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("leaves a single-provider stack to exchange-nodes-span-providers (%o)", async (variant) => {
    expect(await messages(rule, singleCloudStack("aws"), variant)).toEqual([]);
});

test("reports too few origins and too little weight left after losing the biggest cloud", async () => {
    const { stack } = honestStack({ site: { aws: { nodes: 3 }, gcp: { nodes: 1 } }, loadBalancer: (pool) => ({ defaultPools: [pool("aws"), pool("gcp")], fallbackPool: pool("gcp") }) });
    const found = await messages(rule, stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${HOST}, traffic class default: after losing aws, 1 origin(s) left, below the 2 required; 25% of the weight left, below the 50% required`);
    expect(found[0]).toContain("Add nodes on the other clouds");
});

test("counts weight, so a heavy cloud's loss leaves too little even with origins to spare", async () => {
    const { stack } = honestStack({ site: { aws: { origin: () => ({ weight: 5 }) } } });
    const found = await messages(rule, stack);
    expect(found).toEqual([expect.stringContaining("after losing aws, 28.6% of the weight left, below the 50% required")]);
    expect(found[0]).not.toContain("origin(s) left");
});

test("reports the hostname going down when no pool keeps its minimumOrigins", async () => {
    const { stack } = honestStack({ site: { gcp: { pool: { minimumOrigins: 3 } }, hetzner: { pool: { minimumOrigins: 3 } } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("after losing aws, no pool keeps its minimumOrigins: the hostname goes down")]);
});

test("judges each traffic class, and reports classes with one finding together", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ regionPools: { EEU: [pool("aws")], WEU: [pool("aws")] }, fallbackPool: pool("gcp") }) });
    expect(await messages(rule, stack)).toEqual([]);
    const thin = honestStack({ site: { gcp: { nodes: 1 } }, loadBalancer: (pool) => ({ regionPools: { EEU: [pool("aws")], WEU: [pool("aws")] }, fallbackPool: pool("gcp") }) }).stack;
    const found = await messages(rule, thin);
    expect(found).toEqual([expect.stringContaining("traffic classes region EEU and region WEU: after losing aws, 1 origin(s) left, below the 2 required; 33.3% of the weight left")]);
});

test("minRemainingOrigins and minRemainingShare set the bar", async () => {
    const { stack } = honestStack();
    const origins = await messages(rule, stack, DEPLOYED, { minRemainingOrigins: 5 });
    expect(origins).toEqual(["aws", "gcp", "hetzner"].map((cloud) => expect.stringContaining(`after losing ${cloud}, 4 origin(s) left, below the 5 required`)));
    const share = await messages(rule, stack, DEPLOYED, { minRemainingShare: 0.7 });
    expect(share).toEqual(["aws", "gcp", "hetzner"].map((cloud) => expect.stringContaining(`after losing ${cloud}, 66.7% of the weight left, below the 70% required`)));
    expect(await messages(rule, stack, DEPLOYED, { minRemainingOrigins: 4, minRemainingShare: 0.6 })).toEqual([]);
});

test("in a first preview, decides when each origin's cloud is known, and waits when unequal weights' clouds are not", async () => {
    const thin = honestStack({ site: { gcp: { nodes: 1 }, hetzner: { nodes: 1 } }, loadBalancer: (pool) => ({ defaultPools: [pool("gcp"), pool("hetzner")] }) }).stack;
    expect(await messages(rule, thin, PREVIEW)).toEqual(["gcp", "hetzner"].map((cloud) => expect.stringContaining(`after losing ${cloud}, 1 origin(s) left, below the 2 required`)));
    expect(await messages(rule, mixedWeightsStack(6), DEPLOYED)).toEqual([expect.stringContaining("after losing aws, 33.3% of the weight left, below the 50% required")]);
    expect(await messages(rule, mixedWeightsStack(6), PREVIEW)).toEqual([]);
});

test.each(VARIANTS)("a pool that is both a default pool and the fallback counts once (%o)", async (variant) => {
    // Two AWS and two GCP origins: losing either cloud leaves two origins and half the weight, whichever is named twice.
    for (const order of [["aws", "gcp"], ["gcp", "aws"]] as const) {
        const { stack } = honestStack({ loadBalancer: (pool) => ({ defaultPools: order.map(pool), fallbackPool: pool("gcp") }) });
        expect(await messages(rule, stack, variant)).toEqual([]);
        expect(await messages(rule, stack, variant, { minRemainingOrigins: 3 })).toEqual(["aws", "gcp"].map((cloud) => expect.stringContaining(`after losing ${cloud}, 2 origin(s) left, below the 3 required`)));
    }
});
