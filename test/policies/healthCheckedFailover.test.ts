import { healthCheckedFailover } from "../../policies/rules/healthCheckedFailover";
import { UNKNOWN_VALUE, resource, topology, violations } from "./harness";

const sites = [{ provider: "aws" as const, nodes: 1 }, { provider: "gcp" as const, nodes: 1 }];

test("passes with a 15 s monitor: 15 × 2 + 2 × 5 = 40 s", async () => {
    const { resources } = topology({ sites });
    expect(await violations(healthCheckedFailover, resources)).toEqual([]);
});

test("fails when Cloudflare's defaults make detection too slow: 60 × 3 + 3 × 5 = 195 s", async () => {
    const { resources } = topology({ sites, monitor: { interval: 60, consecutiveDown: 3 } });
    const found = await violations(healthCheckedFailover, resources);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^pool-0-aws \(cloudflare:index\/loadBalancerPool:LoadBalancerPool\): worst-case failover 195s exceeds 120s \(interval × max\(1, consecutiveDown\)/);
});

test("adds the TTL for a DNS-only load balancer: 60 × 1 + 2 × 5 + 60 = 130 s", async () => {
    const monitor = { interval: 60, timeout: 5, retries: 1, consecutiveDown: 1 };
    expect(await violations(healthCheckedFailover, topology({ sites, monitor }).resources)).toEqual([]);
    const dnsOnly = topology({ sites, monitor, loadBalancer: { proxied: false, ttl: 60 } });
    expect(await violations(healthCheckedFailover, dnsOnly.resources)).toHaveLength(2);
});

test("a pool without a monitor fails", async () => {
    const { resources } = topology({ sites });
    const bare = resources.map((r) => (r.name === "pool-0-aws" ? resource(r.type, { origins: [] }, { name: "pool-0-aws" }) : r));
    expect(await violations(healthCheckedFailover, bare)).toEqual([
        "pool-0-aws (cloudflare:index/loadBalancerPool:LoadBalancerPool) has no monitor: Cloudflare treats its origins as healthy forever and never fails over. Attach a LoadBalancerMonitor.",
    ]);
});

test("an unknown interval is 'cannot tell yet', not a pass", async () => {
    const { resources } = topology({ sites, monitor: { interval: UNKNOWN_VALUE, timeout: 5 } });
    expect(await violations(healthCheckedFailover, resources)).toEqual([
        "pool-0-aws (cloudflare:index/loadBalancerPool:LoadBalancerPool): cannot tell yet how fast its monitor detects a failure.",
        "pool-1-gcp (cloudflare:index/loadBalancerPool:LoadBalancerPool): cannot tell yet how fast its monitor detects a failure.",
    ]);
});
