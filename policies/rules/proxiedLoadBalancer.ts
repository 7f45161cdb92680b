import type { StackValidationPolicy } from "@pulumi/policy";
import { trafficModel } from "../lib/model";
import { plain, UNKNOWN, valueAt } from "../lib/read";

export const proxiedLoadBalancer: StackValidationPolicy = {
    name: "proxied-load-balancer",
    description: "Every Cloudflare load balancer is proxied: a DNS-only one publishes the origins' addresses to clients that firewalls open to Cloudflare alone then refuse, and its failover waits for resolvers' caches.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const hostname of trafficModel(args.resources).hostnames) {
            // Unset is DNS-only: Cloudflare's default (API, load balancers, `proxied` defaults to false).
            const proxied = valueAt(plain(hostname.loadBalancer), "proxied");
            if (proxied !== true && proxied !== UNKNOWN) {
                reportViolation(
                    `${hostname.name} is DNS-only (proxied: ${proxied === undefined ? "not set, which means false" : "false"}): clients get the origins' own addresses, which firewalls admitting only Cloudflare's ranges refuse, while Cloudflare's health checks still pass. Set proxied: true.`,
                    hostname.loadBalancer.urn,
                );
            }
        }
    },
};
