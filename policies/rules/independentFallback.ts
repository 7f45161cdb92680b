import type { StackValidationPolicy } from "@pulumi/policy";
import { describe } from "../lib/read";
import { providersOf, resolveLoadBalancers } from "../lib/topology";

export const independentFallback: StackValidationPolicy = {
    name: "independent-fallback",
    description: "Each load balancer's fallback pool is served by a different cloud than its first default pool.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const { loadBalancer, defaultPools, fallbackPool } of resolveLoadBalancers(args.resources)) {
            const primary = defaultPools[0];
            if (!primary || !fallbackPool) {
                reportViolation(`${describe(loadBalancer)}: cannot tell which cloud serves its ${primary ? "fallback" : "first default"} pool; it must be a pool in this stack.`, loadBalancer.urn);
                continue;
            }
            const primaryProviders = providersOf([primary]);
            const fallbackProviders = providersOf([fallbackPool]);
            if (primaryProviders.size === 0 || fallbackProviders.size === 0) {
                reportViolation(`${describe(loadBalancer)}: cannot tell yet which clouds serve pools ${primary.pool.name} and ${fallbackPool.pool.name}.`, loadBalancer.urn);
                continue;
            }
            const shared = [...fallbackProviders].filter((provider) => primaryProviders.has(provider));
            if (shared.length > 0) {
                reportViolation(
                    `${describe(loadBalancer)}: fallback pool ${fallbackPool.pool.name} runs on ${shared.join(", ")}, like the first default pool ${primary.pool.name}; an outage of ${shared.join(", ")} would take both. Choose a fallback pool on another cloud.`,
                    loadBalancer.urn,
                );
            }
        }
    },
};
