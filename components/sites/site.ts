import * as pulumi from "@pulumi/pulumi";
import type { NodeSpec, SiteConfig } from "../../config/schema";
import { renderCloudInit, type NodeIdentity } from "../cloudInit";
import type { OriginTlsMaterial } from "../originTls";

/** One public endpoint the load balancer can send traffic to. */
export interface Origin {
    name: string;
    address: pulumi.Output<string>;
    provider: string;
    region: string;
    zone: string;
    weight: number;
}

/** What every site component receives: its own entry, the shared node definition and the stack-wide inputs. */
export interface SiteArgs {
    site: SiteConfig;
    node: NodeSpec;
    /** The web front's certificate and key, and the CA of Cloudflare's client certificate; a Pulumi secret. */
    tls: pulumi.Output<OriginTlsMaterial>;
    /** Cloudflare's published ranges: the only sources allowed to reach the node port. */
    originRanges: pulumi.Output<{ ipv4: string[]; ipv6: string[] }>;
    /** Secret environment for the node, already a Pulumi secret. */
    secretEnv: pulumi.Output<Record<string, string>>;
    /** Key for guest-side volume encryption; only providers with `encryptsVolumesInGuest` use it. */
    dataVolumeKey?: pulumi.Output<string>;
    protectData: boolean;
    stack: string;
    /** A failover drill has cut this site off: its firewall admits nothing. */
    isolated: boolean;
}

/** The contract every provider site component fulfils. */
export interface Site extends pulumi.ComponentResource {
    readonly origins: Origin[];
}

/** Regions, zones and machine sizes a provider offers, with the prices the cost estimate uses. */
export interface ProviderCatalog {
    regions: Record<string, string[]>;
    /** Price per machine size per month, in USD, on-demand in the reference region named in `pricing`. */
    sizes: Record<string, number>;
    /** Price of one GB of data volume per month, in USD. */
    volumeGbMonth: number;
    pricing: { asOf: string; source: string };
}

/**
 * A provider the exchange stack can place a site on. Each file in this folder exports one as `provider`;
 * adding a cloud means adding one file.
 */
export interface SiteProvider {
    name: string;
    catalog: ProviderCatalog;
    /** True where the cloud does not encrypt volumes at rest, so the bootstrap encrypts them with LUKS. */
    encryptsVolumesInGuest: boolean;
    createSite(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions): Site;
}

/** The labels every resource carries, lower-case so that every cloud accepts them. */
export function siteLabels(args: SiteArgs, provider: string, role: string): Record<string, string> {
    return { stack: args.stack, provider, site: args.site.name, role };
}

/**
 * A node's cloud-init once its identity, the secret environment and the TLS material are known. A Pulumi secret,
 * since the environment and the TLS key are.
 */
export function nodeUserData(args: SiteArgs, identity: pulumi.Input<NodeIdentity>): pulumi.Output<string> {
    return pulumi
        .all([identity, args.secretEnv, args.tls])
        .apply(([resolved, secretEnv, tls]) => renderCloudInit({ identity: resolved, node: args.node, tls, secretEnv }));
}

/** Zone of the node at `index`: nodes go round-robin over the site's zones. */
export function zoneFor(site: SiteConfig, index: number): string {
    return site.zones[index % site.zones.length];
}

export const HOURS_PER_MONTH = 730;
