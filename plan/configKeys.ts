/**
 * What to change in the stack file for each policy finding on a stack our components built. The pack speaks in raw
 * resources (it judges any program); a user of this project changes configuration keys, never `defaultPools` or the
 * fallback pool, which the components derive: pools follow `sites[].priority`, the fallback is the first site in that
 * order on another provider than the first (components/cloudflareFailover.ts).
 */
import { fullKey } from "../config/keys";

export interface ConfigAdvice {
    /** Keys without the project namespace, e.g. `failover.proxied`. */
    keys: string[];
    advice: string;
}

const ADVICE: Readonly<Record<string, ConfigAdvice>> = {
    "exchange-nodes-span-providers": { keys: ["sites[].provider"], advice: "add sites on other providers" },
    "failover-spans-providers": { keys: ["sites[].provider", "sites[].nodes", "sites[].weight"], advice: "give sites on at least two providers nodes with a weight above 0" },
    "independent-fallback": { keys: ["sites[].provider", "sites[].priority"], advice: "the fallback is the first site, by priority, on another provider than the first: list a site on another provider" },
    "no-provider-majority": { keys: ["sites[].nodes", "sites[].weight"], advice: "move nodes or weight to the sites of the other providers" },
    "capacity-after-provider-loss": { keys: ["sites[].nodes", "sites[].weight", "failover.minimumOrigins"], advice: "add nodes on the other providers, or lower failover.minimumOrigins" },
    "health-checked-failover": { keys: ["failover.interval", "failover.timeout", "failover.retries", "failover.consecutiveDown", "failover.plan"], advice: "check more often (a shorter interval needs a higher plan) or fail faster" },
    "proxied-load-balancer": { keys: ["failover.proxied"], advice: "set it to true" },
    "authenticated-origin-pulls": { keys: ["authenticatedOriginPulls"], advice: "set it to true, or waive the rule in the pack's configuration" },
    "origins-reachable": { keys: ["drillIsolate"], advice: "a failover drill left a provider cut off: remove the key and run pulumi up" },
    "data-volumes-protected": { keys: ["protectData"], advice: "set it to true for stacks whose data matters" },
};

/** The keys to change for a finding of `policy`, with the project's namespace, or undefined where no key helps. */
export function configAdvice(project: string, policy: string): ConfigAdvice | undefined {
    const advice = Object.hasOwn(ADVICE, policy) ? ADVICE[policy] : undefined;
    return advice && { keys: advice.keys.map((key) => fullKey(project, key)), advice: advice.advice };
}
