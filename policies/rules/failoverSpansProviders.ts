import type { StackValidationPolicy } from "@pulumi/policy";
import { trafficModel, type Pool, type TrafficClass } from "../lib/model";
import { byFinding, list, settings } from "../lib/settings";

const defaults = { minProviders: 2 };

/** Origins of a class's pools that take no traffic, and why, for the message. */
function idle(traffic: TrafficClass): string[] {
    const pools: Pool[] = [...traffic.pools.certain, ...traffic.pools.possible];
    return pools.flatMap((pool) => (pool.enabled
        ? pool.origins.flatMap((origin) => {
            const reason = origin.excluded ?? origin.outside ?? (origin.machines.length > 0 && origin.machines.every((machine) => machine.stopped) ? origin.machines.map((machine) => `${machine.resource.name}: ${machine.stopped}`).join(", ") : undefined);
            return reason ? [`${pool.name}/${origin.label} (${reason})`] : [];
        })
        : [`pool ${pool.name} (disabled)`]));
}

export const failoverSpansProviders: StackValidationPolicy = {
    name: "failover-spans-providers",
    description: "For every hostname a load balancer serves and every traffic class of it (default, region, PoP and country pools, rule overrides), the origins that can serve it run on at least `minProviders` clouds; so do the machines that health-checked DNS records (Route 53, Cloud DNS routing policies) point a hostname at.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minProviders: { type: "integer", minimum: 1, default: defaults.minProviders } } },
    validateStack: (args, reportViolation) => {
        const { minProviders } = settings(args, defaults);
        const model = trafficModel(args.resources);
        // Records with no health check are health-checked-failover's finding, with the same remedy.
        for (const hostname of model.direct.filter((entry) => entry.healthChecked)) {
            const clouds = [...new Set(hostname.machines.filter((machine) => !machine.stopped).map((machine) => machine.cloud))].sort();
            if (clouds.length >= minProviders || (model.clouds.size < minProviders && clouds.length === model.clouds.size)) continue;
            reportViolation(
                `${hostname.name}, served by health-checked DNS records (${list(hostname.records.map((record) => record.name))}) with no load balancer: they point at machines on ${clouds.length === 0 ? "no serving cloud" : `${list(clouds)} only`} (at least ${minProviders} clouds required). Serve it through the load balancer, or point it at machines on other clouds.`,
                hostname.records[0].urn,
            );
        }
        for (const hostname of model.hostnames) {
            const narrow = hostname.classes.flatMap((traffic) => {
                const clouds = model.cloudsOf(traffic);
                // A cloud not known yet may be the one missing: verdicts-pending says what the verdict waits for.
                if (clouds.possible.size >= minProviders || clouds.open) return [];
                // When the whole stack runs on too few clouds, exchange-nodes-span-providers reports that cause.
                const found = [...clouds.possible].sort();
                if (model.clouds.size < minProviders && found.length === model.clouds.size) return [];
                return [{ label: traffic.label, key: found.join(","), value: { found, idle: idle(traffic) } }];
            });
            for (const { labels, value } of byFinding(narrow)) {
                reportViolation(
                    `${hostname.name}, traffic ${labels.length === 1 ? "class" : "classes"} ${list(labels)}: the origins that can serve ${labels.length === 1 ? "it" : "them"} run on ${value.found.length === 0 ? "no cloud at all" : `${list(value.found)} only`}` +
                        ` (clouds with serving machines in this stack: ${list([...model.clouds].sort()) || "none"}; at least ${minProviders} required)` +
                        `${value.idle.length > 0 ? `; taking no traffic: ${list(value.idle)}` : ""}. Give ${labels.length === 1 ? "this class" : "these classes"} pools, or a fallback, on another cloud.`,
                    hostname.loadBalancer.urn,
                );
            }
        }
    },
};
