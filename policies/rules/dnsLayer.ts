import type { StackValidationPolicy } from "@pulumi/policy";
import { cloudOf } from "../lib/clouds";
import { CLOUDFLARE, trafficModel } from "../lib/model";
import { list } from "../lib/settings";

export const dnsLayer: StackValidationPolicy = {
    name: "dns-layer-single-provider",
    description: "Says plainly when the DNS and failover layer itself runs on a single provider.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const model = trafficModel(args.resources);
        const layer = [...model.hostnames.map((hostname) => hostname.loadBalancer), ...model.direct.flatMap((hostname) => hostname.records)];
        const providers = [...new Set(layer.map((resource) => cloudOf(resource.type)))];
        if (providers.length === 1) {
            const names = [...new Set(layer.map((resource) => resource.name))];
            reportViolation(
                `The DNS and failover layer runs on ${providers[0]} alone (${list(names)}): it is the one single point of failure left. ` +
                    `Cloudflare's own global outages (2022-06-21, about 75 min; 2025-11-18, about 3 h) would take the hostname down whatever the nodes do.${providers[0] === cloudOf(CLOUDFLARE.loadBalancer) ? " Consider secondary DNS on another provider for the zone (Cloudflare multi-provider DNS)." : ""}`,
            );
        }
    },
};
