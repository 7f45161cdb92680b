import type { StackValidationPolicy } from "@pulumi/policy";
import { cloudOf, roleOf } from "../lib/classify";

export const dnsLayer: StackValidationPolicy = {
    name: "dns-layer-single-provider",
    description: "Says plainly when the DNS and failover layer itself runs on a single provider.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const layer = args.resources.filter((r) => roleOf(r.type) === "loadBalancer" || roleOf(r.type) === "dnsRecord");
        const providers = new Set(layer.map((r) => cloudOf(r.type)));
        if (providers.size === 1) {
            const [provider] = providers;
            reportViolation(
                `The DNS and failover layer runs on ${provider} alone (${layer.map((r) => r.name).join(", ")}): it is the one remaining single point of failure. ` +
                    "Cloudflare's own global outages (2022-06-21, about 75 min; 2025-11-18, about 3 h) would take the hostname down whatever the nodes do. " +
                    "Consider secondary DNS on another provider for the zone.",
            );
        }
    },
};
