import { independentFallback as rule } from "../../policies/rules/independentFallback";
import { VARIANTS } from "./corpus/builder";
import { DEPLOYED, ExchangeStack, HOST, PREVIEW, honestStack, messages, singleCloudStack } from "./exchangeStack";

/** Default pools [mixed AWS + GCP needing `minimumOrigins` of its two, `second`], with `fallback` as the fallback pool. */
function mixedFirst(second: "aws" | "hetzner", fallback: "aws" | "hetzner", minimumOrigins = 2): ExchangeStack {
    const stack = new ExchangeStack("mixed");
    const aws = stack.site("aws");
    const gcp = stack.site("gcp");
    const hetzner = stack.site("hetzner");
    const mixed = stack.pool("aws-gcp-pool", [aws, gcp].map((site) => ({ name: `${site.cloud}-mixed`, address: site.nodes[1].address })), { minimumOrigins });
    const pools = { aws: aws.pool, hetzner: hetzner.pool };
    stack.loadBalancer({ defaultPools: [stack.link(mixed), stack.link(pools[second])], fallbackPool: stack.link(pools[fallback]) });
    return stack;
}

test("is the mandatory rule independent-fallback", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["independent-fallback", "mandatory"]);
});

test.each(VARIANTS)("passes a fallback pool on another cloud than the first pool (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("leaves a single-provider stack to exchange-nodes-span-providers (%o)", async (variant) => {
    expect(await messages(rule, singleCloudStack("hetzner"), variant)).toEqual([]);
});

test("reports a fallback pool on the first pool's cloud, naming both and the cloud", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ fallbackPool: pool("aws") }) });
    const found = await messages(rule, stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${HOST}, traffic class default: an outage of aws alone would take down both the first pool aws-pool and the fallback pool aws-pool`);
    expect(found[0]).toContain("Choose a fallback pool that survives it");
});

test("only the first pool counts: a fallback shared with a later pool is independent", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ fallbackPool: pool("gcp") }) });
    expect(await messages(rule, stack)).toEqual([]);
});

test("a mixed first pool is down when a cloud's outage leaves it fewer origins than its minimumOrigins", async () => {
    expect(await messages(rule, mixedFirst("hetzner", "aws"))).toEqual([expect.stringContaining("an outage of aws alone would take down both the first pool aws-gcp-pool and the fallback pool aws-pool")]);
    expect(await messages(rule, mixedFirst("aws", "hetzner"))).toEqual([]);
});

test("a mixed pool that keeps its minimumOrigins through any one cloud's outage is an independent fallback, even to itself", async () => {
    expect(await messages(rule, mixedFirst("hetzner", "aws", 1))).toEqual([]);
    const stack = new ExchangeStack("spread");
    const origins = (["aws", "gcp", "hetzner"] as const).map((cloud) => stack.site(cloud)).map((site) => ({ name: `${site.cloud}-spread`, address: site.nodes[0].address }));
    const spread = stack.pool("spread-pool", origins, { minimumOrigins: 1 });
    stack.loadBalancer({ defaultPools: [stack.link(spread)], fallbackPool: stack.link(spread) });
    expect(await messages(rule, stack)).toEqual([]);
});

test("judges each traffic class with its own first pool and fallback", async () => {
    const { stack } = honestStack({
        loadBalancer: (pool) => ({
            regionPools: { WEU: [pool("gcp"), pool("aws")] },
            rules: [{ name: "premium", condition: "any(http.request.headers[\"x-tier\"][*] eq \"premium\")", overrides: { defaultPools: [pool("hetzner"), pool("gcp")], fallbackPool: pool("hetzner") } }],
        }),
    });
    const found = await messages(rule, stack);
    expect(found).toEqual([expect.stringContaining("traffic class rule premium: an outage of hetzner alone would take down both the first pool hetzner-pool and the fallback pool hetzner-pool")]);
});

test("leaves a class on one cloud to failover-spans-providers", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ regionPools: { WEU: [pool("aws")] }, fallbackPool: pool("aws") }) });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("traffic class default:")]);
});

test("judges an imported stack, whose load balancer names its pools by literal IDs", async () => {
    expect(await messages(rule, honestStack({ imported: true }).stack)).toEqual([]);
    const { stack } = honestStack({ imported: true, loadBalancer: (pool) => ({ fallbackPool: pool("aws") }) });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("an outage of aws alone would take down both the first pool aws-pool and the fallback pool aws-pool")]);
});

test("in a first preview, pools referenced by dependencies have no known order: it reports only when any first pool would share a cloud", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ fallbackPool: pool("aws") }) });
    expect(await messages(rule, stack, DEPLOYED)).toHaveLength(1);
    expect(await messages(rule, stack, PREVIEW)).toEqual([]);
    expect(await messages(rule, mixedFirst("aws", "aws"), PREVIEW)).toEqual([expect.stringContaining("an outage of aws alone would take down both the first pool any of aws-gcp-pool and aws-pool and the fallback pool aws-pool")]);
});
