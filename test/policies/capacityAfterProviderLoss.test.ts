import { capacityAfterProviderLoss } from "../../policies/rules/capacityAfterProviderLoss";
import { resource, topology, violations } from "./harness";

test("passes when any two clouds carry at least half the weight and two origins", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "gcp", nodes: 2 }, { provider: "hetzner", nodes: 2 }] });
    expect(await violations(capacityAfterProviderLoss, resources)).toEqual([]);
});

test("a stack that relies on one cloud for capacity fails, with the numbers", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 3 }, { provider: "gcp", nodes: 1 }] });
    expect(await violations(capacityAfterProviderLoss, resources)).toEqual([
        "lb (cloudflare:index/loadBalancer:LoadBalancer): after losing aws, 1 origin(s) left, below the 2 required; 25% of origin weight left, below the 50% required. Add nodes on the other clouds.",
    ]);
});

test("a mixed pool that drops below its minimumOrigins is named", async () => {
    const { resources, pools } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "gcp", nodes: 2 }] });
    const [awsPool, gcpPool] = pools;
    const mixed = resource(awsPool.type, {
        monitor: "m",
        minimumOrigins: 2,
        origins: [...(awsPool.props.origins as object[]), ...(gcpPool.props.origins as object[]).slice(0, 1)],
    }, { name: "mixed", propertyDependencies: { monitor: awsPool.propertyDependencies.monitor, origins: [...awsPool.propertyDependencies.origins, gcpPool.propertyDependencies.origins[0]] } });
    const lb = resources.find((r) => r.name === "lb")!;
    const rewired = resource(lb.type, { proxied: true }, { name: "lb", propertyDependencies: { defaultPools: [mixed, gcpPool], fallbackPool: [gcpPool] } });
    const found = await violations(capacityAfterProviderLoss, [...resources.filter((r) => r !== lb && r !== awsPool), mixed, rewired], { minRemainingOrigins: 1, minRemainingShare: 0 });
    expect(found).toEqual([
        "lb (cloudflare:index/loadBalancer:LoadBalancer): after losing aws, pool mixed keeps 1 healthy origin(s), below its minimumOrigins of 2, and goes critical. Add nodes on the other clouds.",
    ]);
});

test("thresholds are configurable", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 3 }, { provider: "gcp", nodes: 1 }] });
    expect(await violations(capacityAfterProviderLoss, resources, { minRemainingOrigins: 1, minRemainingShare: 0.25 })).toEqual([]);
});
