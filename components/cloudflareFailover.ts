import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { FailoverConfig, NodeSpec, SiteConfig } from "../config/schema";
import { DNS_ONLY_DEFAULT_TTL } from "../policies/lib/detection";
import type { Origin } from "./sites/site";

export interface FailoverSite {
    site: SiteConfig;
    origins: Origin[];
}

export interface CloudflareFailoverArgs {
    domain: string;
    accountId: string;
    zoneId: string;
    failover: FailoverConfig;
    node: NodeSpec;
    sites: FailoverSite[];
    /** The zone the monitor presents itself as, so that its probes carry the Authenticated Origin Pulls certificate. */
    probeZone?: string;
}

/** Name of a site's pool: Cloudflare allows letters, digits, `-` and `_` (load-balancing API, pool `name`). */
export function poolName(domain: string, site: string): string {
    return `${domain.replace(/\./g, "-")}-${site}`;
}

/** Steering policies that choose between pools by `random_steering` weights (Cloudflare load-balancing docs). */
const WEIGHTED_STEERING = new Set(["random", "least_outstanding_requests", "least_connections"]);

/**
 * Sites in failover order: by priority, then as listed. The fallback is the first of them on another provider
 * than the primary, so that losing the primary's cloud cannot also take the pool of last resort.
 */
function failoverOrder(sites: FailoverSite[]): { ordered: FailoverSite[]; fallback: FailoverSite } {
    const ordered = [...sites].sort((a, b) => a.site.priority - b.site.priority);
    const primaryProvider = ordered[0].site.provider;
    const fallback = ordered.find((entry) => entry.site.provider !== primaryProvider) ?? ordered[ordered.length - 1];
    return { ordered, fallback };
}

/** A Cloudflare health monitor, one pool per site and a load balancer on the public hostname that fails over between them. */
export class CloudflareFailover extends pulumi.ComponentResource {
    readonly poolIds: pulumi.Output<Record<string, string>>;
    readonly loadBalancerId: pulumi.Output<string>;
    readonly fallbackSite: string;

    constructor(name: string, args: CloudflareFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
        super("exchange:failover:CloudflareFailover", name, {}, opts);
        const { failover, node } = args;
        const monitor = new cloudflare.LoadBalancerMonitor(`${name}-monitor`, {
            accountId: args.accountId,
            type: "https",
            method: "GET",
            path: node.healthPath,
            port: node.port,
            expectedCodes: "200",
            header: { Host: [args.domain] },
            // Origins present a Cloudflare Origin CA certificate, which is not a public CA the probes validate against.
            allowInsecure: true,
            probeZone: args.probeZone,
            interval: failover.interval,
            timeout: failover.timeout,
            retries: failover.retries,
            consecutiveDown: failover.consecutiveDown,
            consecutiveUp: failover.consecutiveUp,
            description: `${args.domain} ${node.healthPath}`,
        }, { parent: this });

        const { ordered, fallback } = failoverOrder(args.sites);
        // A pool's share of weighted steering follows its capacity (origin weight × nodes), scaled to Cloudflare's 0..1.
        const capacity = (site: SiteConfig) => site.weight * site.nodes;
        const largest = Math.max(...ordered.map(({ site }) => capacity(site)));
        const poolWeight = (site: SiteConfig) => (largest > 0 ? Math.round((capacity(site) / largest) * 100) / 100 : 0);
        const pools = new Map(ordered.map(({ site, origins }) => [site.name, new cloudflare.LoadBalancerPool(`${name}-pool-${site.name}`, {
            accountId: args.accountId,
            name: poolName(args.domain, site.name),
            description: `${site.provider} ${site.region}`,
            monitor: monitor.id,
            minimumOrigins: failover.minimumOrigins,
            checkRegions: failover.checkRegions,
            origins: origins.map((origin) => ({
                name: origin.name,
                address: origin.address,
                port: node.port,
                weight: origin.weight,
                enabled: true,
            })),
        }, { parent: this })]));

        const poolId = (siteName: string) => pools.get(siteName)!.id;
        const loadBalancer = new cloudflare.LoadBalancer(`${name}-lb`, {
            zoneId: args.zoneId,
            name: args.domain,
            defaultPools: ordered.map(({ site }) => poolId(site.name)),
            fallbackPool: poolId(fallback.site.name),
            proxied: failover.proxied,
            steeringPolicy: failover.steering,
            ...(WEIGHTED_STEERING.has(failover.steering)
                ? { randomSteering: { poolWeights: pulumi.all(ordered.map(({ site }) => poolId(site.name).apply((id) => [id, poolWeight(site)] as const))).apply(Object.fromEntries) } }
                : {}),
            ...(failover.proxied
                ? { adaptiveRouting: { failoverAcrossPools: true } }
                : { ttl: DNS_ONLY_DEFAULT_TTL }),
            description: `exchange API failover over ${[...new Set(ordered.map(({ site }) => site.provider))].join(", ")}`,
        }, { parent: this });

        this.poolIds = pulumi
            .all(ordered.map(({ site }) => poolId(site.name).apply((id) => [site.name, id] as const)))
            .apply((entries): Record<string, string> => Object.fromEntries(entries));
        this.loadBalancerId = loadBalancer.id;
        this.fallbackSite = fallback.site.name;
        this.registerOutputs({ poolIds: this.poolIds, loadBalancerId: this.loadBalancerId });
    }
}
