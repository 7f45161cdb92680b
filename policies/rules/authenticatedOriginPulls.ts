import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { sameHost, trafficModel } from "../lib/model";
import { plain, valueAt, valuesAt } from "../lib/read";

const PER_HOSTNAME = "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls";
const ZONE_SETTINGS = "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings";
const ZONE_CERTIFICATE = "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate";

/**
 * Zone IDs with zone-level Authenticated Origin Pulls on and a certificate of the zone's own, and hostnames with
 * their own. Zone-level AOP with Cloudflare's shared certificate proves only that a request comes through Cloudflare,
 * from any account (Cloudflare docs, Authenticated Origin Pulls, "Zone-level: Cloudflare certificate").
 */
function covered(resources: PolicyResource[]): { zones: Set<unknown>; hostnames: { name: string; zone: unknown }[] } {
    const enabled = new Set<unknown>();
    const certified = new Set(resources.filter((resource) => resource.type === ZONE_CERTIFICATE).map((resource) => valueAt(plain(resource), "zoneId")));
    const zones = new Set<unknown>();
    const hostnames: { name: string; zone: unknown }[] = [];
    for (const resource of resources) {
        const props = plain(resource);
        if (resource.type === ZONE_SETTINGS && valueAt(props, "enabled") === true) {
            enabled.add(valueAt(props, "zoneId"));
        }
        if (resource.type === PER_HOSTNAME) {
            // Provider v6: `configs`, one hostname each; older versions: `hostname` and `enabled` on the resource, and
            // no hostname for the zone-level switch.
            const configs = valuesAt(props, "configs[]").values as Record<string, unknown>[];
            for (const config of configs.length > 0 ? configs : [props]) {
                if (valueAt(config, "enabled") !== true) continue;
                const hostname = valueAt(config, "hostname");
                if (typeof hostname === "string" && hostname !== "") hostnames.push({ name: hostname, zone: valueAt(props, "zoneId") });
                else if (configs.length === 0) enabled.add(valueAt(props, "zoneId"));
            }
        }
    }
    enabled.forEach((zone) => certified.has(zone) && zones.add(zone));
    return { zones, hostnames };
}

export const authenticatedOriginPulls: StackValidationPolicy = {
    name: "authenticated-origin-pulls",
    description: "Every proxied hostname has Authenticated Origin Pulls with a certificate of its own, per hostname or for its zone, so that origins can refuse any TLS client but this zone's Cloudflare edge. Waive it with --policy-pack-config: {\"authenticated-origin-pulls\": \"advisory\"}.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const model = trafficModel(args.resources);
        const { zones, hostnames } = covered(args.resources);
        for (const hostname of model.hostnames.filter((entry) => entry.proxied)) {
            const zone = valueAt(plain(hostname.loadBalancer), "zoneId");
            if (zones.has(zone) || hostnames.some((entry) => entry.zone === zone && sameHost(entry.name, hostname.name, true))) continue;
            reportViolation(
                `${hostname.name} is proxied without Authenticated Origin Pulls: any Cloudflare account can point its own zone at these origins, past this zone's WAF and rules (zone-level pulls with Cloudflare's shared certificate do not stop that). Upload a client certificate for the hostname (AuthenticatedOriginPullsHostnameCertificate with an AuthenticatedOriginPulls association) and have the origins require it.`,
                hostname.loadBalancer.urn,
            );
        }
    },
};
