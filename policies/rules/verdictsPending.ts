import type { StackValidationPolicy } from "@pulumi/policy";
import { filterAdmits, openings } from "../lib/firewalls";
import { detectionSeconds, trafficModel } from "../lib/model";
import { isKnown, UNKNOWN } from "../lib/read";
import { list } from "../lib/settings";

export const verdictsPending: StackValidationPolicy = {
    name: "verdicts-pending",
    description: "Says which checks could not be decided for want of values: what a first preview does not know yet (pulumi up judges it again), and what lives outside the stack.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const model = trafficModel(args.resources);
        const waiting = [
            ...model.pending,
            ...model.hostnames.flatMap((hostname) => hostname.classes.flatMap((traffic) => {
                const { unknown } = model.cloudsOf(traffic);
                // Whether the fallback is independent hangs on which pool is first, which only the pools' IDs tell.
                const overlaps = model.fallbackOverlap(traffic)?.overlaps ?? [];
                const unordered = overlaps.some((overlap) => overlap.length > 0) && overlaps.some((overlap) => overlap.length === 0);
                return [
                    ...(unknown ? [`${hostname.name}, ${traffic.label}: ${unknown}`] : []),
                    ...(unordered ? [`${hostname.name}, ${traffic.label}: which pool is first, so whether the fallback is on another cloud than it`] : []),
                ];
            })),
            ...model.hostnames.flatMap((hostname) => model.pools.filter((pool) => isKnown(pool.monitor) && pool.monitor && detectionSeconds(pool, hostname.ttl) === UNKNOWN).map((pool) => `the timing of pool ${pool.name}'s monitor`)),
            ...args.resources.filter((resource) => openings(resource, args.resources) === UNKNOWN || filterAdmits(resource, args.resources) === UNKNOWN).map((resource) => `${resource.name}: its firewall rules`),
        ];
        if (waiting.length > 0) {
            reportViolation(`Not judged, for want of values: ${list([...new Set(waiting)])}. What a first preview lacks, pulumi up judges again with every value known; what lives outside this stack is judged only where it is managed.`);
        }
    },
};
