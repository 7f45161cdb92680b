import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import type { DataVolumeKeys } from "../../config/load";
import type { CloudDescription } from "../../policies/lib/cloudTypes";
import type { NodeSpec, SiteConfig } from "../../config/schema";
import { renderCloudInit, type NodeIdentity } from "../cloudInit";
import { NodeHealthGate } from "../nodeHealthGate";
import type { ChangeTable } from "../replacements";
import type { TextRule } from "../textRules";
import type { OriginTlsMaterial } from "../originTls";
import { VolumeSizeGuard } from "../volumeSizeGuard";

/** One public endpoint the load balancer can send traffic to. */
export interface Origin {
    name: string;
    address: pulumi.Output<string>;
    provider: string;
    region: string;
    /** Where the node runs: the zone its data volume was created in, which it keeps. */
    zone: pulumi.Output<string>;
    weight: number;
}

/** How a site holds its rollout: each changed node must be healthy in the site's pool before the next one changes. */
export interface RolloutSettings {
    accountId: string;
    pool: string;
    settleSeconds: number;
    timeoutSeconds: number;
    apiToken?: pulumi.Output<string>;
}

/** What every site component receives: its own entry, the shared node definition and the stack-wide inputs. */
export interface SiteArgs {
    site: SiteConfig;
    /** The configuration key of this site's entry, e.g. `exchange-node:sites[1]`, for messages. */
    siteKey: string;
    node: NodeSpec;
    /** The web front's certificate and key, and the CAs of Cloudflare's client certificate; a Pulumi secret. */
    tls: pulumi.Output<OriginTlsMaterial>;
    /** Cloudflare's published ranges: the only sources allowed to reach the node port. */
    originRanges: pulumi.Output<{ ipv4: string[]; ipv6: string[] }>;
    /** Secret environment for the node, already a Pulumi secret. */
    secretEnv: pulumi.Output<Record<string, string>>;
    /** Keys for guest-side volume encryption; only providers with `encryptsVolumesInGuest` use them. */
    dataVolumeKeys?: pulumi.Output<DataVolumeKeys>;
    protectData: boolean;
    stack: string;
    /** A failover drill has cut this site off: its firewall admits nothing. */
    isolated: boolean;
    rollout: RolloutSettings;
}

/** The contract every provider site component fulfils. */
export interface Site extends pulumi.ComponentResource {
    readonly origins: Origin[];
}

/** What a setting may be: a test, and what is allowed in words for the message that refuses a value. */
export interface Choice {
    accepts(value: string): boolean;
    allowed: string;
}

/** A choice from a list, looked up as the list's own entries only (`toString` is not a region). */
export function oneOf(values: readonly string[], allowed = values.join(", ")): Choice {
    const known = new Set(values);
    return { accepts: (value) => known.has(value), allowed };
}

/** Whether `zone` is `region`, `separator` and one letter: how AWS and GCP name zones (the letters vary by region). */
export function zoneLetterOf(region: string, zone: string, separator: string): boolean {
    const prefix = `${region}${separator}`;
    return zone.length === prefix.length + 1 && zone.startsWith(prefix) && /^[a-z]$/.test(zone.slice(-1));
}

/** List prices, dated and sourced, for the cost estimate; a size with no price here is reported as unknown. */
export interface Pricing {
    /** The region the figures are list prices of; other regions are estimated at these prices, and the report says so. */
    region: string;
    asOf: string;
    source: string;
    /** USD per month, on-demand. */
    sizes: Readonly<Record<string, number>>;
    /** USD per GB of data volume per month. */
    volumeGbMonth: number;
}

/** Regions, zones and machine sizes a provider offers, the volume sizes it allows, and its prices. */
export interface ProviderCatalog {
    /** Where the lists come from, for the messages that refuse a value. */
    source: string;
    region: Choice;
    /** The zones, or locations, a site in `region` may use. */
    zone(region: string): Choice;
    size: Choice;
    /** Whether `size` is offered in `zone`, where the provider does not offer every size everywhere. */
    offeredIn?(size: string, zone: string): boolean;
    volumeGb: { min: number; max: number };
    pricing: Pricing;
    /** Valid placements, for examples and for tests that must run every provider without knowing it. */
    examples: readonly { region: string; zones: readonly string[]; sizes: readonly string[] }[];
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
    /** What this cloud accepts in the names, labels, descriptions and user data the site sends it. */
    textRules: TextRule[];
    /**
     * How the policy pack reads this cloud's resources, when it does not know them already (policies/lib/clouds.ts):
     * every type the site creates, with its role, addresses and firewall shape. Its `name` is this provider's `name`.
     */
    cloud?: CloudDescription;
    /**
     * What a change to each property does to the types this site creates (replace, update, restart), with sources,
     * for the offline plan's `--against`; a type missing here is reported as "behaviour not in the table".
     */
    changes?: ChangeTable;
    createSite(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions): Site;
}

/** The labels every resource carries; `labelValue` makes a value one the cloud accepts (stack names may not be). */
export function siteLabels(args: SiteArgs, provider: string, role: string, labelValue: (value: string) => string = (value) => value): Record<string, string> {
    return { stack: labelValue(args.stack), provider, site: args.site.name, role };
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

/**
 * Zone a new node is created in: round-robin over the site's zones in sorted order, so that listing them in another
 * order changes nothing. A node stays in the zone it was created in (see `zone` of `Origin`).
 */
export function zoneFor(site: SiteConfig, index: number): string {
    const zones = [...site.zones].sort();
    return zones[index % zones.length];
}

/** Changes with every change that replaces or restarts a node: its machine, its size and what it boots. */
export function nodeRevision(machineId: pulumi.Input<string>, size: string, userData: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([machineId, userData]).apply(([id, data]) => `${id}/${size}/${createHash("sha256").update(data).digest("hex").slice(0, 16)}`);
}

/**
 * The rollout chain of a site: each node's machine depends on the gate of the node before it, and each gate waits
 * for its node to be healthy in the pool when the node changed. `previous` is what the next node must wait for.
 */
export class RolloutChain {
    private previous: pulumi.Resource[] = [];

    constructor(private readonly parent: pulumi.ComponentResource, private readonly name: string, private readonly rollout: RolloutSettings) {}

    /** Resources a node's machine must wait for. */
    get waitFor(): pulumi.Resource[] {
        return this.previous;
    }

    /** Adds the gate of node `index`, once everything that changes when it changes (`after`) is done. */
    gate(index: number, origin: { address: pulumi.Input<string>; revision: pulumi.Input<string> }, after: pulumi.Resource[]): void {
        const gate = new NodeHealthGate(`${this.name}-gate-${index}`, {
            accountId: this.rollout.accountId,
            pool: this.rollout.pool,
            address: origin.address,
            revision: origin.revision,
            settleSeconds: this.rollout.settleSeconds,
            timeoutSeconds: this.rollout.timeoutSeconds,
            apiToken: this.rollout.apiToken,
        }, { parent: this.parent, dependsOn: after });
        this.previous = [gate];
    }
}

/** The guard that refuses to shrink this site's volumes; every volume of the site depends on it. */
export function volumeSizeGuard(parent: pulumi.ComponentResource, name: string, args: SiteArgs): VolumeSizeGuard {
    return new VolumeSizeGuard(`${name}-volume-size`, { key: `${args.siteKey}.volumeGb`, sizeGb: args.site.volumeGb }, { parent });
}

export const HOURS_PER_MONTH = 730;
