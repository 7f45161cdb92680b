import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DETECTION_FORMULA, DNS_ONLY_DEFAULT_TTL, worstCaseFailoverSeconds, type MonitorTiming } from "../lib/detection";
import { describe, isKnown, read } from "../lib/read";
import { allPools, resolveLoadBalancers, routedPools } from "../lib/topology";

const defaults = { maxDetectionSeconds: 120 };

function timingOf(monitor: PolicyResource): MonitorTiming | undefined {
    const timing = read(() => ({
        interval: monitor.props.interval,
        timeout: monitor.props.timeout,
        retries: monitor.props.retries,
        consecutiveDown: monitor.props.consecutiveDown,
    }) as MonitorTiming);
    return isKnown(timing) ? timing : undefined;
}

export const healthCheckedFailover: StackValidationPolicy = {
    name: "health-checked-failover",
    description: "Every pool has a monitor, and its worst-case failover time is at most `maxDetectionSeconds`.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxDetectionSeconds: { type: "number", exclusiveMinimum: 0, default: defaults.maxDetectionSeconds } } },
    validateStack: (args, reportViolation) => {
        const { maxDetectionSeconds } = { ...defaults, ...args.getConfig<Partial<typeof defaults>>() };
        const dnsOnlyTtl = new Map<string, number>();
        for (const resolved of resolveLoadBalancers(args.resources)) {
            const { loadBalancer } = resolved;
            const proxied = read(() => loadBalancer.props.proxied);
            const ttl = read(() => loadBalancer.props.ttl as number | undefined);
            if (proxied !== true) {
                const added = isKnown(ttl) && ttl ? ttl : DNS_ONLY_DEFAULT_TTL;
                for (const pool of routedPools(resolved)) {
                    dnsOnlyTtl.set(pool.pool.urn, Math.max(added, dnsOnlyTtl.get(pool.pool.urn) ?? 0));
                }
            }
        }
        for (const { pool, monitor, hasMonitor } of allPools(args.resources)) {
            if (!hasMonitor) {
                reportViolation(`${describe(pool)} has no monitor: Cloudflare treats its origins as healthy forever and never fails over. Attach a LoadBalancerMonitor.`, pool.urn);
                continue;
            }
            const timing = monitor && timingOf(monitor);
            if (!timing) {
                reportViolation(`${describe(pool)}: cannot tell yet how fast its monitor detects a failure.`, pool.urn);
                continue;
            }
            const seconds = worstCaseFailoverSeconds(timing, dnsOnlyTtl.get(pool.urn));
            if (seconds > maxDetectionSeconds) {
                reportViolation(
                    `${describe(pool)}: worst-case failover ${seconds}s exceeds ${maxDetectionSeconds}s (${DETECTION_FORMULA}). Shorten the monitor interval (the plan allows down to 60s on Pro, 15s on Business, 10s on Enterprise), lower consecutiveDown, or proxy the load balancer.`,
                    pool.urn,
                );
            }
        }
    },
};
