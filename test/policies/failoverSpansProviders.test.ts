import { failoverSpansProviders } from "../../policies/rules/failoverSpansProviders";
import { resource, topology, violations } from "./harness";

test("passes when the load balancer's pools reach two clouds", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "gcp", nodes: 2 }] });
    expect(await violations(failoverSpansProviders, resources)).toEqual([]);
});

test("three clouds deployed, but the load balancer only reaches one", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "gcp", nodes: 2 }, { provider: "hetzner", nodes: 2 }], defaults: [0], fallback: 0 });
    const found = await violations(failoverSpansProviders, resources);
    expect(found).toEqual(["lb (cloudflare:index/loadBalancer:LoadBalancer) reaches origins on 1 provider(s) (aws) through pools pool-0-aws; at least 2 are required. Add the other clouds' pools to defaultPools."]);
});

test("resolves origins through property dependencies when addresses are unknown, as in a first preview", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "hetzner", nodes: 1 }], unknownAddresses: true });
    expect(await violations(failoverSpansProviders, resources)).toEqual([]);
    const single = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "gcp", nodes: 1 }], unknownAddresses: true, defaults: [0], fallback: 0 });
    expect(await violations(failoverSpansProviders, single.resources)).toHaveLength(1);
});

test("reports an origin that matches no node in the stack", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 1 }, { provider: "gcp", nodes: 1 }] });
    const pool = resources.find((r) => r.name === "pool-1-gcp")!;
    const stray = resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", { monitor: "m", origins: [{ name: "elsewhere", address: "192.0.2.77" }] }, { name: "pool-1-gcp", propertyDependencies: { monitor: pool.propertyDependencies.monitor } });
    const found = await violations(failoverSpansProviders, resources.map((r) => (r === pool ? stray : r)).map((r) => r.name === "lb" ? resource(r.type, { proxied: true }, { name: "lb", propertyDependencies: { defaultPools: [resources.find((x) => x.name === "pool-0-aws")!, stray], fallbackPool: [stray] } }) : r));
    expect(found).toContain("origin elsewhere (192.0.2.77) in pool pool-1-gcp matches no node in this stack. Point every origin at a node this stack manages, so the policy can tell which cloud serves it.");
    expect(found.some((message) => message.includes("reaches origins on 1 provider(s) (aws)"))).toBe(true);
});
