import type { StackValidationPolicy } from "@pulumi/policy";
import { DETECTION_FORMULA } from "../lib/detection";
import { detectionSeconds, trafficModel, type Pool } from "../lib/model";
import { isKnown } from "../lib/read";
import { list, settings } from "../lib/settings";

const defaults = { maxDetectionSeconds: 120 };

export const healthCheckedFailover: StackValidationPolicy = {
    name: "health-checked-failover",
    description: "Every hostname is served through health-checked failover: every pool its traffic can reach has a monitor whose worst-case detection is at most `maxDetectionSeconds`, and no DNS record sends it straight to a machine.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { maxDetectionSeconds: { type: "number", exclusiveMinimum: 0, default: defaults.maxDetectionSeconds } } },
    validateStack: (args, reportViolation) => {
        const { maxDetectionSeconds } = settings(args, defaults);
        const model = trafficModel(args.resources);
        for (const hostname of model.direct.filter((entry) => !entry.healthChecked)) {
            const clouds = [...new Set(hostname.machines.map((machine) => machine.cloud))].sort();
            const targets = [
                ...(hostname.machines.length > 0 ? [`${list(hostname.machines.map((machine) => machine.resource.name))} on ${list(clouds)}`] : []),
                ...(hostname.tunnel ? ["a Cloudflare Tunnel, whose replicas the stack does not show"] : []),
            ];
            reportViolation(
                `${hostname.name} is served by DNS records (${list(hostname.records.map((record) => record.name))}) straight to ${list(targets)}, with no health-checked failover between clouds: a dead node or cloud keeps its traffic. Serve it through a load balancer with pools on several clouds (tunnels can be pool origins).`,
                hostname.records[0].urn,
            );
        }
        const slow = new Map<string, { seconds: number; pools: Set<string>; urn: string }>();
        for (const hostname of model.hostnames) {
            const pools = new Set<Pool>(hostname.classes.flatMap((traffic) => [...traffic.pools.certain, ...traffic.pools.possible, ...(traffic.fallback && isKnown(traffic.fallback) ? [traffic.fallback] : []), ...(traffic.fallbackCandidates ?? [])]));
            const unmonitored = [...pools].filter((pool) => pool.monitor === undefined).map((pool) => pool.name);
            if (unmonitored.length > 0) {
                reportViolation(
                    `${hostname.name}: pool(s) ${list(unmonitored)} have no monitor, so Cloudflare treats their origins as healthy forever and never fails over from them. Attach a LoadBalancerMonitor.`,
                    hostname.loadBalancer.urn,
                );
            }
            for (const pool of pools) {
                const seconds = detectionSeconds(pool, hostname.ttl);
                if (typeof seconds !== "number" || seconds <= maxDetectionSeconds || !isKnown(pool.monitor) || !pool.monitor) continue;
                const key = `${pool.monitor.urn}|${seconds}`;
                const entry = slow.get(key) ?? { seconds, pools: new Set<string>(), urn: pool.monitor.urn };
                entry.pools.add(`${pool.name}${hostname.ttl > 0 ? ` (DNS-only ${hostname.name}, TTL ${hostname.ttl}s)` : ""}`);
                slow.set(key, entry);
            }
        }
        for (const { seconds, pools, urn } of slow.values()) {
            reportViolation(
                `the monitor of pool(s) ${list([...pools])} detects a failure in ${seconds}s at worst, above ${maxDetectionSeconds}s (${DETECTION_FORMULA}). Shorten its interval (60s on Pro, 15s on Business, 10s on Enterprise), lower consecutiveDown or retries, or proxy the load balancer.`,
                urn,
            );
        }
    },
};
