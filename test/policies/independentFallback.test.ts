import { independentFallback } from "../../policies/rules/independentFallback";
import { topology, violations } from "./harness";

test("passes when the fallback runs on another cloud than the first default pool", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 1 }, { provider: "gcp", nodes: 1 }, { provider: "aws", nodes: 1 }], fallback: 1 });
    expect(await violations(independentFallback, resources)).toEqual([]);
});

test("fails when the fallback is on the same cloud as the primary", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 1 }, { provider: "gcp", nodes: 1 }, { provider: "aws", nodes: 1 }], fallback: 2 });
    expect(await violations(independentFallback, resources)).toEqual([
        "lb (cloudflare:index/loadBalancer:LoadBalancer): fallback pool pool-2-aws runs on aws, like the first default pool pool-0-aws; an outage of aws would take both. Choose a fallback pool on another cloud.",
    ]);
});

test("says it cannot tell rather than passing when the pools cannot be resolved", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 1 }, { provider: "gcp", nodes: 1 }], unknownAddresses: true });
    const withoutOriginDeps = resources.map((r) => (r.type.endsWith("LoadBalancerPool") ? { ...r, propertyDependencies: { monitor: r.propertyDependencies.monitor } } : r));
    const found = await violations(independentFallback, withoutOriginDeps);
    expect(found).toEqual(["lb (cloudflare:index/loadBalancer:LoadBalancer): cannot tell yet which clouds serve pools pool-0-aws and pool-1-gcp."]);
});
