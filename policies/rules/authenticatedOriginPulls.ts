import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { sameHost, trafficModel } from "../lib/model";
import { plain, valueAt, valuesAt } from "../lib/read";

const PER_HOSTNAME = "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls";
const ZONE_SETTINGS = "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings";

/** Zone IDs with zone-level Authenticated Origin Pulls turned on, and hostnames with their own. */
function covered(resources: PolicyResource[]): { zones: Set<unknown>; hostnames: string[] } {
    const zones = new Set<unknown>();
    const hostnames: string[] = [];
    for (const resource of resources) {
        const props = plain(resource);
        if (resource.type === ZONE_SETTINGS && valueAt(props, "enabled") === true) {
            zones.add(valueAt(props, "zoneId"));
        }
        if (resource.type === PER_HOSTNAME) {
            // Provider v6: `configs`, one hostname each; older versions: `hostname` and `enabled` on the resource, and
            // no hostname for the zone-level switch.
            const configs = valuesAt(props, "configs[]").values as Record<string, unknown>[];
            for (const config of configs.length > 0 ? configs : [props]) {
                if (valueAt(config, "enabled") !== true) continue;
                const hostname = valueAt(config, "hostname");
                if (typeof hostname === "string" && hostname !== "") hostnames.push(hostname);
                else if (configs.length === 0) zones.add(valueAt(props, "zoneId"));
            }
        }
    }
    return { zones, hostnames };
}

export const authenticatedOriginPulls: StackValidationPolicy = {
    name: "authenticated-origin-pulls",
    description: "Every proxied hostname has Authenticated Origin Pulls, per hostname or for its zone, so that origins can refuse any TLS client but this zone's Cloudflare edge. Waive it with --policy-pack-config: {\"authenticated-origin-pulls\": \"advisory\"}.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const model = trafficModel(args.resources);
        const { zones, hostnames } = covered(args.resources);
        for (const hostname of model.hostnames.filter((entry) => entry.proxied)) {
            const zone = valueAt(plain(hostname.loadBalancer), "zoneId");
            if (zones.has(zone) || hostnames.some((name) => sameHost(name, hostname.name))) continue;
            reportViolation(
                `${hostname.name} is proxied without Authenticated Origin Pulls: any Cloudflare account can point its own zone at these origins, past this zone's WAF and rules. Upload a client certificate for the hostname (AuthenticatedOriginPullsHostnameCertificate with an AuthenticatedOriginPulls association) and have the origins require it.`,
                hostname.loadBalancer.urn,
            );
        }
    },
};
