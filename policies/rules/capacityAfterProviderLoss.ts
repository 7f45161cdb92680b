import type { StackValidationPolicy } from "@pulumi/policy";
import { percent } from "../lib/format";
import { trafficModel } from "../lib/model";
import { byFinding, list, settings } from "../lib/settings";

const defaults = { minRemainingOrigins: 2, minRemainingShare: 0.5 };

export const capacityAfterProviderLoss: StackValidationPolicy = {
    name: "capacity-after-provider-loss",
    description: "In every traffic class, after losing any one cloud, at least `minRemainingOrigins` origins and `minRemainingShare` of the weight are left, and some pool still has its minimumOrigins.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minRemainingOrigins: { type: "integer", minimum: 1, default: defaults.minRemainingOrigins },
            minRemainingShare: { type: "number", minimum: 0, maximum: 1, default: defaults.minRemainingShare },
        },
    },
    validateStack: (args, reportViolation) => {
        const { minRemainingOrigins, minRemainingShare } = settings(args, defaults);
        const model = trafficModel(args.resources);
        for (const hostname of model.hostnames) {
            const short = hostname.classes.flatMap((traffic) => {
                const { origins, certain } = model.cloudsOf(traffic);
                if (!origins || certain.size < 2) return [];
                const total = origins.reduce((sum, entry) => sum + entry.origin.weight, 0);
                const pools = [...new Set(origins.map((entry) => entry.pool))];
                return [...certain].sort().flatMap((lost) => {
                    const left = origins.filter((entry) => entry.cloud !== lost);
                    const share = total > 0 ? left.reduce((sum, entry) => sum + entry.origin.weight, 0) / total : 0;
                    const problems: string[] = [];
                    if (left.length < minRemainingOrigins) problems.push(`${left.length} origin(s) left, below the ${minRemainingOrigins} required`);
                    if (share < minRemainingShare) problems.push(`${percent(share)} of the weight left, below the ${percent(minRemainingShare)} required`);
                    const healthy = (pool: (typeof pools)[number]) => left.filter((entry) => entry.pool === pool).length;
                    if (!pools.some((pool) => healthy(pool) >= pool.minimumOrigins)) problems.push("no pool keeps its minimumOrigins: the hostname goes down");
                    return problems.length > 0 ? [{ label: traffic.label, key: `${lost}|${problems.join("; ")}`, value: { lost, problems } }] : [];
                });
            });
            for (const { labels, value } of byFinding(short)) {
                reportViolation(
                    `${hostname.name}, traffic ${labels.length === 1 ? "class" : "classes"} ${list(labels)}: after losing ${value.lost}, ${value.problems.join("; ")}. Add nodes on the other clouds.`,
                    hostname.loadBalancer.urn,
                );
            }
        }
    },
};
