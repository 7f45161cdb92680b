import type { StackValidationPolicy } from "@pulumi/policy";
import { openings } from "../lib/firewalls";
import { trafficModel } from "../lib/model";
import { UNKNOWN } from "../lib/read";
import { list } from "../lib/settings";

export const verdictsPending: StackValidationPolicy = {
    name: "verdicts-pending",
    description: "Says which checks had to wait for values a first preview does not know; the same checks run again on pulumi up, with every value known.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const model = trafficModel(args.resources);
        const waiting = [
            ...model.pending,
            ...model.hostnames.flatMap((hostname) => hostname.classes.flatMap((traffic) => {
                const { unknown } = model.cloudsOf(traffic);
                return unknown ? [`${hostname.name}, ${traffic.label}: ${unknown}`] : [];
            })),
            ...args.resources.filter((resource) => openings(resource) === UNKNOWN).map((resource) => `${resource.name}: its firewall rules`),
        ];
        if (waiting.length > 0) {
            reportViolation(`Not known until the resources exist, so not judged yet: ${list([...new Set(waiting)])}. pulumi up judges them again with every value known.`);
        }
    },
};
