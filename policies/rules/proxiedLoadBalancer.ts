import type { StackValidationPolicy } from "@pulumi/policy";
import { trafficModel } from "../lib/model";
import { plain, valueAt } from "../lib/read";

export const proxiedLoadBalancer: StackValidationPolicy = {
    name: "proxied-load-balancer",
    description: "Every Cloudflare load balancer is proxied: a DNS-only one publishes the origins' addresses to clients that firewalls open to Cloudflare alone then refuse, and its failover waits for resolvers' caches.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const hostname of trafficModel(args.resources).hostnames) {
            if (valueAt(plain(hostname.loadBalancer), "proxied") === false) {
                reportViolation(
                    `${hostname.name} is DNS-only (proxied: false): clients get the origins' own addresses, which firewalls admitting only Cloudflare's ranges refuse, while Cloudflare's health checks still pass. Set proxied: true.`,
                    hostname.loadBalancer.urn,
                );
            }
        }
    },
};
