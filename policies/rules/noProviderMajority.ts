import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { percent } from "../lib/format";
import { allPools, isNode, providerOf, resolveLoadBalancers, routedPools, uniquePools } from "../lib/topology";

const defaults = { maxProviderShare: 0.5 };

/** Origin weight per provider, over the pools the load balancers use (or every pool, or every node, when there are none). */
function capacityByProvider(resources: PolicyResource[]): { weights: Map<string, number>; unresolved: number } {
    const routed = resolveLoadBalancers(resources).flatMap(routedPools);
    const pools = uniquePools(routed.length > 0 ? routed : allPools(resources));
    const weights = new Map<string, number>();
    let unresolved = 0;
    if (pools.length === 0) {
        for (const node of resources.filter(isNode)) {
            weights.set(providerOf(node), (weights.get(providerOf(node)) ?? 0) + 1);
        }
        return { weights, unresolved };
    }
    for (const origin of pools.flatMap((pool) => pool.origins)) {
        if (origin.node) {
            weights.set(providerOf(origin.node), (weights.get(providerOf(origin.node)) ?? 0) + origin.weight);
        } else {
            unresolved += origin.weight;
        }
    }
    return { weights, unresolved };
}

export const noProviderMajority: StackValidationPolicy = {
    name: "no-provider-majority",
    description: "No cloud holds more than `maxProviderShare` of the total origin weight, so losing any one leaves the rest.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxProviderShare: { type: "number", exclusiveMinimum: 0, maximum: 1, default: defaults.maxProviderShare } } },
    validateStack: (args, reportViolation) => {
        const { maxProviderShare } = { ...defaults, ...args.getConfig<Partial<typeof defaults>>() };
        const { weights, unresolved } = capacityByProvider(args.resources);
        const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0) + unresolved;
        if (unresolved > 0) {
            reportViolation(`Cannot tell yet which cloud serves ${percent(unresolved / total)} of the origin weight; the share per provider is not known.`);
            return;
        }
        if (total === 0) {
            return;
        }
        const afterLoss = [...weights].map(([provider, weight]) => `without ${provider}: ${percent((total - weight) / total)} left`).join(", ");
        for (const [provider, weight] of weights) {
            if (weight / total > maxProviderShare) {
                reportViolation(`${provider} holds ${percent(weight / total)} of the origin weight, above the ${percent(maxProviderShare)} allowed (${afterLoss}). Move weight or nodes to the other clouds.`);
            }
        }
    },
};
