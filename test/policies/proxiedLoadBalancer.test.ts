import { proxiedLoadBalancer as rule } from "../../policies/rules/proxiedLoadBalancer";
import { VARIANTS } from "./corpus/builder";
import { DEPLOYED, HOST, PREVIEW, ZONE, ZONE_ID, honestStack, messages } from "./exchangeStack";

test("is the mandatory rule proxied-load-balancer", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["proxied-load-balancer", "mandatory"]);
});

test.each(VARIANTS)("passes a proxied load balancer (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("reports a DNS-only load balancer by its hostname, and what to set (%o)", async (variant) => {
    const { stack } = honestStack({ loadBalancer: () => ({ proxied: false, ttl: 30 }) });
    const found = await messages(rule, stack, variant);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${HOST} is DNS-only (proxied: false)`);
    expect(found[0]).toContain("Set proxied: true");
});

test("judges each load balancer on its own", async () => {
    const { stack, sites } = honestStack();
    stack.loadBalancer({ name: `ws.${ZONE}`, proxied: false, defaultPools: [stack.link(sites.gcp.pool)], fallbackPool: stack.link(sites.aws.pool) }, "ws");
    expect(await messages(rule, stack)).toEqual([expect.stringContaining(`ws.${ZONE} is DNS-only (proxied: false)`)]);
});

test("a disabled load balancer publishes nothing, so it is not reported", async () => {
    const { stack } = honestStack({ loadBalancer: () => ({ proxied: false, enabled: false }) });
    expect(await messages(rule, stack)).toEqual([]);
});

test.each(VARIANTS)("reports a load balancer that leaves proxied unset: Cloudflare's default is DNS-only (%o)", async (variant) => {
    const { stack } = honestStack({ loadBalancer: () => ({ proxied: undefined }) });
    const found = await messages(rule, stack, variant);
    expect(found).toEqual([expect.stringContaining(`${HOST} is DNS-only (proxied: not set, which means false)`)]);
    expect(found[0]).toContain("Set proxied: true");
});

test("gives no verdict while proxied is not known yet", async () => {
    // proxied taken from whether a record can be proxied, which Cloudflare reports once the record exists.
    const { stack, sites } = honestStack();
    const record = stack.resource("cloudflare:index/dnsRecord:DnsRecord", "api-verification", { zoneId: ZONE_ID, name: `_verify.${ZONE}`, type: "TXT", content: "verification=0a1b2c3d", ttl: 1 }, { outputs: { id: "8192a3b4c5d6e7f8091a2b3c4d5e6f70", proxiable: false } });
    stack.loadBalancer({ name: `ws.${ZONE}`, proxied: stack.link(record, "proxiable"), defaultPools: [stack.link(sites.aws.pool)], fallbackPool: stack.link(sites.gcp.pool) }, "ws");
    expect(await messages(rule, stack, DEPLOYED)).toEqual([expect.stringContaining(`ws.${ZONE} is DNS-only (proxied: false)`)]);
    expect(await messages(rule, stack, PREVIEW)).toEqual([]);
});
