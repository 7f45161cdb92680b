import type { StackValidationPolicy } from "@pulumi/policy";
import { percent } from "../lib/format";
import { trafficModel } from "../lib/model";
import { byFinding, list, settings } from "../lib/settings";

const defaults = { maxProviderShare: 0.5 };

export const noProviderMajority: StackValidationPolicy = {
    name: "no-provider-majority",
    description: "In every traffic class, no cloud holds more than `maxProviderShare` of the serving origin weight, so losing any one leaves the rest.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxProviderShare: { type: "number", exclusiveMinimum: 0, maximum: 1, default: defaults.maxProviderShare } } },
    validateStack: (args, reportViolation) => {
        const { maxProviderShare } = settings(args, defaults);
        const model = trafficModel(args.resources);
        for (const hostname of model.hostnames) {
            const heavy = hostname.classes.flatMap((traffic) => {
                const { origins, certain } = model.cloudsOf(traffic);
                // One cloud only is failover-spans-providers' finding; unknown weights wait for the deployment.
                if (!origins || certain.size < 2) return [];
                const weights = new Map<string, number>();
                for (const { origin, cloud } of origins) weights.set(cloud, (weights.get(cloud) ?? 0) + origin.weight);
                const total = [...weights.values()].reduce((sum, weight) => sum + weight, 0);
                const over = [...weights].filter(([, weight]) => total > 0 && weight / total > maxProviderShare).map(([cloud, weight]) => `${cloud} ${percent(weight / total)}`);
                if (over.length === 0) return [];
                const shares = [...weights].sort().map(([cloud, weight]) => `${cloud} ${percent(weight / total)}`).join(", ");
                return [{ label: traffic.label, key: shares, value: { over, shares } }];
            });
            for (const { labels, value } of byFinding(heavy)) {
                reportViolation(
                    `${hostname.name}, traffic ${labels.length === 1 ? "class" : "classes"} ${list(labels)}: ${list(value.over)} of the origin weight, above the ${percent(maxProviderShare)} allowed (${value.shares}). Move weight or nodes to the other clouds.`,
                    hostname.loadBalancer.urn,
                );
            }
        }
    },
};
