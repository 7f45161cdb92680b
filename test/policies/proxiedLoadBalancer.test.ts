import { proxiedLoadBalancer as rule } from "../../policies/rules/proxiedLoadBalancer";
import { VARIANTS } from "./corpus/builder";
import { HOST, ZONE, honestStack, messages } from "./exchangeStack";

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
