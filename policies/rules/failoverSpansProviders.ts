import type { StackValidationPolicy } from "@pulumi/policy";
import { describe } from "../lib/read";
import { providersOf, resolveLoadBalancers, routedPools } from "../lib/topology";

const defaults = { minProviders: 2 };

export const failoverSpansProviders: StackValidationPolicy = {
    name: "failover-spans-providers",
    description: "Every Cloudflare load balancer reaches, through its default and fallback pools, origins on at least `minProviders` clouds.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minProviders: { type: "integer", minimum: 1, default: defaults.minProviders } } },
    validateStack: (args, reportViolation) => {
        const { minProviders } = { ...defaults, ...args.getConfig<Partial<typeof defaults>>() };
        for (const resolved of resolveLoadBalancers(args.resources)) {
            const { loadBalancer, problems } = resolved;
            const pools = routedPools(resolved);
            const unmatched = pools.flatMap((pool) => pool.origins.flatMap((origin) => (origin.problem ? [origin.problem] : [])));
            for (const problem of [...problems, ...unmatched]) {
                reportViolation(`${problem}. Point every origin at a node this stack manages, so the policy can tell which cloud serves it.`, loadBalancer.urn);
            }
            const providers = providersOf(pools);
            if (providers.size < minProviders) {
                reportViolation(
                    `${describe(loadBalancer)} reaches origins on ${providers.size} provider(s) (${[...providers].join(", ") || "none resolved"}) through pools ${pools.map((p) => p.pool.name).join(", ") || "(none)"}; at least ${minProviders} are required. Add the other clouds' pools to defaultPools.`,
                    loadBalancer.urn,
                );
            }
        }
    },
};
