import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "../config/load";
import { fullKey } from "../config/keys";
import { DNS_ONLY_DEFAULT_TTL, worstCaseFailoverSeconds } from "../policies/lib/detection";
import { CloudflareFailover, poolName } from "./cloudflareFailover";
import { OriginTls } from "./originTls";
import { siteProviders } from "./sites";
import type { Origin } from "./sites/site";

/** How long a rollout waits for one changed node to be healthy again before it stops. */
const NODE_ROLLOUT_TIMEOUT_SECONDS = 30 * 60;

export interface NodeInventoryEntry {
    name: string;
    site: string;
    provider: string;
    region: string;
    zone: pulumi.Output<string>;
    size: string;
    volumeGb: number;
    weight: number;
}

/** The whole exchange deployment: one site per configured entry, and Cloudflare failover over all of their origins. */
export class ExchangeStack extends pulumi.ComponentResource {
    readonly hostname: string;
    readonly nodes: NodeInventoryEntry[];
    /** Each node's public address, by node name. */
    readonly addresses: Record<string, pulumi.Output<string>>;
    readonly poolIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, { config, secretEnv, dataVolumeKeys }: LoadedConfig, opts?: pulumi.ComponentResourceOptions) {
        super("exchange:stack:ExchangeStack", name, {}, opts);
        // Explicit provider: without a token here, CLOUDFLARE_API_TOKEN is used.
        const cloudflareProvider = new cloudflare.Provider(`${name}-cloudflare`, {
            apiToken: new pulumi.Config("cloudflare").getSecret("apiToken"),
        }, { parent: this });
        const ranges = cloudflare.getIpRangesOutput({}, { parent: this, provider: cloudflareProvider });
        const originRanges = pulumi.all([ranges.ipv4Cidrs, ranges.ipv6Cidrs]).apply(([ipv4, ipv6]) => ({ ipv4, ipv6 }));
        const originTls = new OriginTls(`${name}-tls`, {
            domain: config.domain,
            zoneId: config.zoneId,
            authenticatedOriginPulls: config.authenticatedOriginPulls,
            originPullCaGenerations: config.originPullCaGenerations,
        }, { parent: this, providers: [cloudflareProvider] });

        const cloudflareToken = new pulumi.Config("cloudflare").getSecret("apiToken");
        // A changed node may still look healthy to Cloudflare until its monitor has had time to see it go.
        const settleSeconds = worstCaseFailoverSeconds(config.failover, config.failover.proxied ? undefined : DNS_ONLY_DEFAULT_TTL);
        const sites = config.sites.map((site, index) => {
            const component = siteProviders[site.provider].createSite(site.name, {
                site,
                siteKey: fullKey(pulumi.getProject(), `sites[${index}]`),
                node: config.node,
                tls: originTls.material,
                originRanges,
                secretEnv,
                dataVolumeKeys,
                protectData: config.protectData,
                stack: pulumi.getStack(),
                isolated: config.drillIsolate === site.provider,
                rollout: { accountId: config.accountId, pool: poolName(config.domain, site.name), settleSeconds, timeoutSeconds: NODE_ROLLOUT_TIMEOUT_SECONDS, apiToken: cloudflareToken },
            }, { parent: this });
            return { site, origins: component.origins };
        });

        const failover = new CloudflareFailover(`${name}-failover`, {
            domain: config.domain,
            accountId: config.accountId,
            zoneId: config.zoneId,
            failover: config.failover,
            node: config.node,
            sites,
            probeZone: config.authenticatedOriginPulls ? config.zone : undefined,
        }, { parent: this, providers: [cloudflareProvider] });

        this.hostname = config.domain;
        this.poolIds = failover.poolIds;
        this.nodes = sites.flatMap(({ site, origins }) => origins.map((origin: Origin) => ({
            name: origin.name,
            site: site.name,
            provider: origin.provider,
            region: origin.region,
            zone: origin.zone,
            size: site.size,
            volumeGb: site.volumeGb,
            weight: origin.weight,
        })));
        // Apart from the nodes, so that a first preview, where no address is known yet, still knows the nodes.
        this.addresses = Object.fromEntries(sites.flatMap(({ origins }) => origins.map((origin) => [origin.name, origin.address])));
        this.registerOutputs({ hostname: this.hostname, nodes: this.nodes, addresses: this.addresses, poolIds: this.poolIds });
    }
}
