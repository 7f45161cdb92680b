import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import type { LoadedConfig } from "../config/load";
import { CloudflareFailover } from "./cloudflareFailover";
import { OriginTls } from "./originTls";
import { siteProviders } from "./sites";
import type { Origin } from "./sites/site";

export interface NodeInventoryEntry {
    name: string;
    site: string;
    provider: string;
    region: string;
    zone: string;
    size: string;
    volumeGb: number;
    weight: number;
    address: pulumi.Output<string>;
}

/** The whole exchange deployment: one site per configured entry, and Cloudflare failover over all of their origins. */
export class ExchangeStack extends pulumi.ComponentResource {
    readonly hostname: string;
    readonly nodes: NodeInventoryEntry[];
    readonly poolIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, { config, secretEnv, dataVolumeKey }: LoadedConfig, opts?: pulumi.ComponentResourceOptions) {
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
        }, { parent: this, providers: [cloudflareProvider] });

        const sites = config.sites.map((site) => {
            const component = siteProviders[site.provider].createSite(site.name, {
                site,
                node: config.node,
                tls: originTls.material,
                originRanges,
                secretEnv,
                dataVolumeKey,
                protectData: config.protectData,
                stack: pulumi.getStack(),
                isolated: config.drillIsolate === site.provider,
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
            address: origin.address,
        })));
        this.registerOutputs({ hostname: this.hostname, nodes: this.nodes, poolIds: this.poolIds });
    }
}
