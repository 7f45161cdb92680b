/** Cloudflare monitor defaults, applied when a monitor leaves a field unset. */
const MONITOR_DEFAULTS = { interval: 60, timeout: 5, retries: 2, consecutiveDown: 1 };
/** TTL of DNS-only load balancers when none is set. */
export const DNS_ONLY_DEFAULT_TTL = 30;

export const DETECTION_FORMULA = "interval × max(1, consecutiveDown) + (retries + 1) × timeout, plus the TTL when DNS-only";

export interface MonitorTiming {
    interval?: number;
    timeout?: number;
    retries?: number;
    consecutiveDown?: number;
}

/**
 * Worst case from an origin dying just after a passing check until Cloudflare stops sending it traffic.
 * Cloudflare documents no formula; this bound assumes every check that fails takes all its retries to time out.
 */
export function worstCaseFailoverSeconds(monitor: MonitorTiming, dnsOnlyTtl?: number): number {
    const interval = monitor.interval ?? MONITOR_DEFAULTS.interval;
    const timeout = monitor.timeout ?? MONITOR_DEFAULTS.timeout;
    const retries = monitor.retries ?? MONITOR_DEFAULTS.retries;
    const consecutiveDown = Math.max(1, monitor.consecutiveDown ?? MONITOR_DEFAULTS.consecutiveDown);
    return interval * consecutiveDown + (retries + 1) * timeout + (dnsOnlyTtl ?? 0);
}
