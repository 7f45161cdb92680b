import type { StackValidationPolicy } from "@pulumi/policy";
import { percent } from "../lib/format";
import { describe, isKnown, read } from "../lib/read";
import { allPools, providerOf, resolveLoadBalancers, routedPools, type ResolvedPool } from "../lib/topology";

const defaults = { minRemainingOrigins: 2, minRemainingShare: 0.5 };

function minimumOrigins(pool: ResolvedPool): number {
    const value = read(() => pool.pool.props.minimumOrigins as number | undefined);
    return isKnown(value) && typeof value === "number" ? value : 1;
}

export const capacityAfterProviderLoss: StackValidationPolicy = {
    name: "capacity-after-provider-loss",
    description: "After losing any one cloud, the remaining origins still meet every pool's minimumOrigins and the minimum capacity (`minRemainingOrigins`, `minRemainingShare`).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minRemainingOrigins: { type: "integer", minimum: 1, default: defaults.minRemainingOrigins },
            minRemainingShare: { type: "number", minimum: 0, maximum: 1, default: defaults.minRemainingShare },
        },
    },
    validateStack: (args, reportViolation) => {
        const { minRemainingOrigins, minRemainingShare } = { ...defaults, ...args.getConfig<Partial<typeof defaults>>() };
        const groups = resolveLoadBalancers(args.resources).map((lb) => ({
            label: describe(lb.loadBalancer),
            urn: lb.loadBalancer.urn,
            pools: routedPools(lb),
        }));
        for (const { label, urn, pools } of groups.length > 0 ? groups : [{ label: "the stack's pools", urn: undefined, pools: allPools(args.resources) }]) {
            const origins = pools.flatMap((pool) => pool.origins);
            if (origins.some((origin) => !origin.node)) {
                continue; // failover-spans-providers reports origins it cannot resolve.
            }
            const total = origins.reduce((sum, origin) => sum + origin.weight, 0);
            for (const lost of new Set(origins.map((origin) => providerOf(origin.node!)))) {
                const survives = (origin: (typeof origins)[number]) => providerOf(origin.node!) !== lost;
                const left = origins.filter(survives);
                const share = total > 0 ? left.reduce((sum, origin) => sum + origin.weight, 0) / total : 0;
                const problems: string[] = [];
                if (left.length < minRemainingOrigins) {
                    problems.push(`${left.length} origin(s) left, below the ${minRemainingOrigins} required`);
                }
                if (share < minRemainingShare) {
                    problems.push(`${percent(share)} of origin weight left, below the ${percent(minRemainingShare)} required`);
                }
                for (const pool of pools) {
                    const healthy = pool.origins.filter(survives).length;
                    if (healthy > 0 && healthy < minimumOrigins(pool)) {
                        problems.push(`pool ${pool.pool.name} keeps ${healthy} healthy origin(s), below its minimumOrigins of ${minimumOrigins(pool)}, and goes critical`);
                    }
                }
                if (!pools.some((pool) => pool.origins.filter(survives).length >= minimumOrigins(pool))) {
                    problems.push("no pool stays healthy: the hostname goes down");
                }
                if (problems.length > 0) {
                    reportViolation(`${label}: after losing ${lost}, ${problems.join("; ")}. Add nodes on the other clouds.`, urn);
                }
            }
        }
    },
};
