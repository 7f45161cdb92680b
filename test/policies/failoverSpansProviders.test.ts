import { failoverSpansProviders as rule } from "../../policies/rules/failoverSpansProviders";
import { VARIANTS } from "./corpus/builder";
import { type Attachment, type Cloud, CLOUDS, DEPLOYED, ExchangeStack, HOST, PREVIEW, honestStack, messages, singleCloudStack } from "./exchangeStack";

const STOPPED: Record<Cloud, { outputs: Record<string, unknown>; reason: string }> = {
    aws: { outputs: { instanceState: "stopped" }, reason: "instanceState is stopped" },
    gcp: { outputs: { currentStatus: "TERMINATED" }, reason: "currentStatus is TERMINATED" },
    hetzner: { outputs: { status: "off" }, reason: "status is off" },
};

const ATTACHMENTS: [Cloud, Attachment][] = [
    ["aws", "eip"], ["aws", "eipAssociation"], ["aws", "instance"],
    ["gcp", "staticAddress"], ["gcp", "ephemeral"],
    ["hetzner", "primaryIp"], ["hetzner", "floatingIp"], ["hetzner", "floatingIpAssignment"], ["hetzner", "server"],
];

/**
 * `cloud`'s pool first, the next cloud's as the fallback, and the third cloud's machines serving elsewhere (so that the
 * stack as a whole spans two clouds either way); `cloud`'s nodes reach their addresses through `attachment`.
 */
function primaryAndFallback(cloud: Cloud, attachment: Attachment, stopped: boolean, imported = false): ExchangeStack {
    const stack = new ExchangeStack("attached", { imported });
    const [fallbackCloud, spareCloud] = CLOUDS.filter((other) => other !== cloud);
    const primary = stack.site(cloud, { node: () => ({ attachment, ...(stopped ? { outputs: STOPPED[cloud].outputs } : {}) }) });
    const fallback = stack.site(fallbackCloud);
    stack.site(spareCloud);
    stack.loadBalancer({ defaultPools: [stack.link(primary.pool)], fallbackPool: stack.link(fallback.pool) });
    return stack;
}

test("is the mandatory rule failover-spans-providers", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["failover-spans-providers", "mandatory"]);
});

test.each(VARIANTS)("passes default pools on three clouds (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("leaves a single-provider stack to exchange-nodes-span-providers (%o)", async (variant) => {
    expect(await messages(rule, singleCloudStack("gcp"), variant)).toEqual([]);
});

describe.each(ATTACHMENTS)("an origin's address reaches its %s machine through %s", (cloud, attachment) => {
    test.each(VARIANTS)("so the class spans two clouds (%o)", async (variant) => {
        expect(await messages(rule, primaryAndFallback(cloud, attachment, false), variant)).toEqual([]);
    });

    test("in an imported stack too, where literal IDs stand for the references", async () => {
        expect(await messages(rule, primaryAndFallback(cloud, attachment, false, true))).toEqual([]);
    });

    test("so the machine's stopped state takes its origin out", async () => {
        const [found, ...more] = await messages(rule, primaryAndFallback(cloud, attachment, true));
        expect(more).toEqual([]);
        expect(found).toContain(`${HOST}, traffic class default: the origins that can serve it run on ${CLOUDS.find((other) => other !== cloud)} only`);
        expect(found).toContain(`${cloud}-pool/${cloud}-node-0 (${cloud}-node-0: ${STOPPED[cloud].reason})`);
    });
});

test("an imported stack, with pools and machines named by literal IDs and addresses, spans its clouds", async () => {
    for (const order of ["program", "sorted"] as const) {
        expect(await messages(rule, honestStack({ imported: true }).stack, { preview: false, order })).toEqual([]);
    }
    const { stack } = honestStack({ imported: true, loadBalancer: (pool) => ({ defaultPools: [pool("gcp")], fallbackPool: pool("gcp") }) });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("traffic class default: the origins that can serve it run on gcp only")]);
});

test.each([
    ["region", "regionPools", "WEU"],
    ["PoP", "popPools", "FRA"],
    ["country", "countryPools", "US"],
])("a %s pool and the fallback on one cloud leave that class on one cloud", async (label, property, key) => {
    const onAws = honestStack({ loadBalancer: (pool) => ({ [property]: { [key]: [pool("aws")] }, fallbackPool: pool("aws") }) }).stack;
    const [found, ...more] = await messages(rule, onAws);
    expect(more).toEqual([]);
    expect(found).toContain(`${HOST}, traffic class ${label} ${key}: the origins that can serve it run on aws only`);
    expect(found).toContain("clouds with serving machines in this stack: aws, gcp and hetzner; at least 2 required");
    expect(found).toContain("Give this class pools, or a fallback, on another cloud");
    // The class ends in the fallback: on another cloud, it spans two.
    const fallbackElsewhere = honestStack({ loadBalancer: (pool) => ({ [property]: { [key]: [pool("aws")] } }) }).stack;
    expect(await messages(rule, fallbackElsewhere)).toEqual([]);
});

test("traffic classes with one finding are reported together, once", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ regionPools: { EEU: [pool("aws")], WEU: [pool("aws")] }, countryPools: { DE: [pool("aws")] }, fallbackPool: pool("aws") }) });
    const found = await messages(rule, stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("traffic classes region EEU, region WEU and country DE: the origins that can serve them run on aws only");
});

test("an enabled rule's overrides are a traffic class of their own; fixed-response and disabled rules are not", async () => {
    const withRules = (premium: (pool: (cloud: Cloud) => unknown) => Record<string, unknown>) => honestStack({
        loadBalancer: (pool) => ({
            rules: [
                { name: "maintenance", condition: "http.request.uri.path eq \"/maintenance\"", fixedResponse: { statusCode: 503, messageBody: "maintenance" }, overrides: { defaultPools: [pool("gcp")], fallbackPool: pool("gcp") } },
                { name: "legacy", condition: "http.host eq \"old.example-exchange.com\"", disabled: true, overrides: { defaultPools: [pool("gcp")], fallbackPool: pool("gcp") } },
                { name: "premium", condition: "any(http.request.headers[\"x-tier\"][*] eq \"premium\")", ...premium(pool) },
            ],
        }),
    }).stack;
    expect(await messages(rule, withRules((pool) => ({ overrides: { defaultPools: [pool("aws")] } })))).toEqual([]);
    const [found, ...more] = await messages(rule, withRules((pool) => ({ overrides: { defaultPools: [pool("aws")], fallbackPool: pool("aws") } })));
    expect(more).toEqual([]);
    expect(found).toContain("traffic class rule premium: the origins that can serve it run on aws only");
    const regional = await messages(rule, withRules((pool) => ({ overrides: { regionPools: { ENAM: [pool("hetzner")] }, fallbackPool: pool("hetzner") } })));
    expect(regional).toEqual([expect.stringContaining("traffic class rule premium, region ENAM: the origins that can serve it run on hetzner only")]);
});

test("a disabled load balancer serves no traffic, so its pools are not judged", async () => {
    const narrow = (enabled: boolean) => honestStack({ loadBalancer: (pool) => ({ enabled, defaultPools: [pool("aws")], fallbackPool: pool("aws") }) }).stack;
    expect(await messages(rule, narrow(true))).toHaveLength(1);
    expect(await messages(rule, narrow(false))).toEqual([]);
});

test("a disabled pool takes no traffic, and the message says so", async () => {
    const { stack } = honestStack({ site: { gcp: { pool: { enabled: false } } }, loadBalancer: (pool) => ({ defaultPools: [pool("gcp"), pool("aws")], fallbackPool: pool("aws") }) });
    const [found] = await messages(rule, stack);
    expect(found).toContain("run on aws only");
    expect(found).toContain("taking no traffic: pool gcp-pool (disabled)");
});

test.each(VARIANTS)("disabled origins and origins of weight 0 take no traffic (%o)", async (variant) => {
    const { stack } = honestStack({ site: { gcp: { origin: () => ({ enabled: false }) }, hetzner: { origin: () => ({ weight: 0 }) } } });
    const [found, ...more] = await messages(rule, stack, variant);
    expect(more).toEqual([]);
    expect(found).toContain("traffic class default: the origins that can serve it run on aws only");
    expect(found).toContain("gcp-pool/gcp-node-0 (disabled)");
    expect(found).toContain("hetzner-pool/hetzner-node-1 (weight 0)");
});

test.each(VARIANTS)("a private origin address with no virtual network is unreachable for Cloudflare (%o)", async (variant) => {
    const { stack } = honestStack({ site: { gcp: { origin: (index) => ({ address: `10.20.0.${index + 5}` }) }, hetzner: { origin: (index) => ({ address: `192.168.1.${index + 5}` }) } } });
    const [found] = await messages(rule, stack, variant);
    expect(found).toContain("run on aws only");
    expect(found).toContain("gcp-pool/gcp-node-0 (a private address (10.20.0.5) with no virtual network)");
    expect(found).toContain("hetzner-pool/hetzner-node-1 (a private address (192.168.1.6) with no virtual network)");
});

test("an origin whose address matches nothing the stack manages serves from no known cloud", async () => {
    const { stack } = honestStack({ site: { gcp: { pool: { enabled: false } }, hetzner: { origin: (index) => ({ address: `100.64.7.${index + 1}` }) } } });
    const [found] = await messages(rule, stack);
    expect(found).toContain("run on aws only");
    expect(found).toContain("hetzner-pool/hetzner-node-0 (hetzner-node-0 (100.64.7.1) matches nothing this stack manages)");
});

test("minProviders raises the bar for every class", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ defaultPools: [pool("aws"), pool("gcp")], fallbackPool: pool("gcp") }) });
    expect(await messages(rule, stack)).toEqual([]);
    const [found] = await messages(rule, stack, DEPLOYED, { minProviders: 3 });
    expect(found).toContain("run on aws and gcp only (clouds with serving machines in this stack: aws, gcp and hetzner; at least 3 required)");
});

test("in a first preview, a class whose pools are not known yet gets no verdict; one whose pools are gets the deployed verdict", async () => {
    // Two region entries reference pools through one property: which region has which is not known before the IDs are.
    const ambiguous = honestStack({ loadBalancer: (pool) => ({ regionPools: { WEU: [pool("aws")], EEU: [pool("gcp")] }, fallbackPool: pool("aws") }) }).stack;
    expect(await messages(rule, ambiguous, DEPLOYED)).toEqual([expect.stringContaining("traffic class region WEU: the origins that can serve it run on aws only")]);
    expect(await messages(rule, ambiguous, PREVIEW)).toEqual([]);
    const single = honestStack({ loadBalancer: (pool) => ({ regionPools: { WEU: [pool("aws")] }, fallbackPool: pool("aws") }) }).stack;
    expect(await messages(rule, single, PREVIEW)).toEqual([expect.stringContaining("traffic class region WEU: the origins that can serve it run on aws only")]);
});
