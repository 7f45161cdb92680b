import type { StackValidationPolicy } from "@pulumi/policy";
import { trafficModel } from "../lib/model";
import { byFinding, list } from "../lib/settings";

export const independentFallback: StackValidationPolicy = {
    name: "independent-fallback",
    description: "In every traffic class, no single cloud's outage takes down both the first pool and the fallback pool (a pool is down when fewer than its minimumOrigins origins are left): the pool of last resort must survive the primary's outage.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const model = trafficModel(args.resources);
        for (const hostname of model.hostnames) {
            const shared = hostname.classes.flatMap((traffic) => {
                const overlap = model.fallbackOverlap(traffic);
                // With fewer than two clouds in the class, failover-spans-providers reports the cause.
                if (!overlap || model.cloudsOf(traffic).certain.size < 2) return [];
                const { firsts, overlaps, fallback } = overlap;
                // Unordered (a first preview): a violation only when it holds whichever pool is first.
                if (firsts.length === 0 || overlaps.some((overlap) => overlap.length === 0)) return [];
                const clouds = [...new Set(overlaps.flat())].sort();
                const first = firsts.length === 1 ? firsts[0].name : `any of ${list(firsts.map((pool) => pool.name))}`;
                return [{ label: traffic.label, key: `${fallback.name}|${first}|${clouds}`, value: { fallback: fallback.name, first, clouds } }];
            });
            for (const { labels, value } of byFinding(shared)) {
                reportViolation(
                    `${hostname.name}, traffic ${labels.length === 1 ? "class" : "classes"} ${list(labels)}: an outage of ${value.clouds.length === 1 ? value.clouds[0] : `any one of ${list(value.clouds)}`} alone would take down both the first pool ${value.first} and the fallback pool ${value.fallback} (too few of their origins left for their minimumOrigins). Choose a fallback pool that survives it: on another cloud, or spread over clouds.`,
                    hostname.loadBalancer.urn,
                );
            }
        }
    },
};
