import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { nodeUserData, siteLabels, zoneFor, type Origin, type Site, type SiteArgs, type SiteProvider } from "./site";

/** Hetzner allows at most 10 servers in one spread placement group. */
const PLACEMENT_GROUP_LIMIT = 10;
const EUR_TO_USD = 1.08;

/**
 * One exchange site on Hetzner Cloud: a private network and subnet, a firewall that admits only Cloudflare on the
 * node port, spread placement groups, and per node a server, a volume encrypted in the guest (Hetzner does not
 * encrypt volumes) and a primary IPv4 that outlives the server.
 */
export class HetznerSite extends pulumi.ComponentResource implements Site {
    readonly origins: Origin[];

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("exchange:sites:HetznerSite", name, {}, opts);
        const { site, node } = args;
        const labels = (role: string) => siteLabels(args, "hetzner", role);
        if (!args.dataVolumeKey) {
            throw new pulumi.ResourceError("hetzner sites need dataVolumeKey: Hetzner volumes are encrypted in the guest", this);
        }
        const volumeKey = args.dataVolumeKey;
        // Explicit providers do not read the stack's `hcloud:` settings; without a token here, HCLOUD_TOKEN is used.
        const provider = new hcloud.Provider(`${name}-provider`, { token: new pulumi.Config("hcloud").getSecret("token") }, { parent: this });
        const child = { parent: this, provider };
        const toId = (id: pulumi.Output<string>) => id.apply(Number);

        const network = new hcloud.Network(`${name}-network`, { ipRange: "10.40.0.0/16", labels: labels("network") }, child);
        const subnet = new hcloud.NetworkSubnet(`${name}-subnet`, {
            networkId: toId(network.id),
            type: "cloud",
            networkZone: site.region,
            ipRange: "10.40.0.0/24",
        }, child);
        const firewall = new hcloud.Firewall(`${name}-firewall`, {
            rules: args.isolated ? [] : [{
                description: "HTTPS from Cloudflare's published ranges",
                direction: "in",
                protocol: "tcp",
                port: String(node.port),
                sourceIps: args.originRanges.apply((ranges) => [...ranges.ipv4, ...ranges.ipv6]),
            }],
            labels: labels("firewall"),
        }, child);
        const placementGroups = Array.from({ length: Math.ceil(site.nodes / PLACEMENT_GROUP_LIMIT) }, (_, index) =>
            new hcloud.PlacementGroup(`${name}-spread-${index}`, { type: "spread", labels: labels("placement") }, child));

        this.origins = Array.from({ length: site.nodes }, (_, index) => {
            const nodeName = `${name}-node-${index}`;
            const location = zoneFor(site, index);
            const volume = new hcloud.Volume(`${name}-data-${index}`, {
                location,
                size: site.volumeGb,
                deleteProtection: args.protectData,
                labels: labels("data"),
            }, { ...child, retainOnDelete: true, protect: args.protectData });
            const address = new hcloud.PrimaryIp(`${name}-ip-${index}`, {
                type: "ipv4",
                assigneeType: "server",
                location,
                autoDelete: false,
                labels: labels("address"),
            }, child);
            const userData = nodeUserData(args, pulumi.all([volume.id, volumeKey]).apply(([volumeId, key]) => ({
                site: `hetzner/${site.region}`,
                node: nodeName,
                dataDevice: `/dev/disk/by-id/scsi-0HC_Volume_${volumeId}`,
                volumeKey: key,
            })));
            const server = new hcloud.Server(nodeName, {
                serverType: site.size,
                image: "ubuntu-24.04",
                location,
                placementGroupId: toId(placementGroups[Math.floor(index / PLACEMENT_GROUP_LIMIT)].id),
                firewallIds: [toId(firewall.id)],
                publicNets: [{ ipv4Enabled: true, ipv4: toId(address.id), ipv6Enabled: true }],
                networks: [{ networkId: toId(network.id) }],
                userData,
                labels: labels("node"),
            }, { ...child, dependsOn: [subnet] });
            new hcloud.VolumeAttachment(`${name}-data-attach-${index}`, {
                volumeId: toId(volume.id),
                serverId: toId(server.id),
                automount: false,
            }, { ...child, deleteBeforeReplace: true });
            return { name: nodeName, address: address.ipAddress, provider: "hetzner", region: site.region, zone: location, weight: site.weight };
        });

        this.registerOutputs({ origins: this.origins });
    }
}

export const provider: SiteProvider = {
    name: "hetzner",
    encryptsVolumesInGuest: true,
    catalog: {
        regions: {
            "eu-central": ["fsn1", "nbg1", "hel1"],
            "us-east": ["ash"],
            "us-west": ["hil"],
            "ap-southeast": ["sin"],
        },
        sizes: {
            cx23: 3.99 * EUR_TO_USD,
            cx33: 6.49 * EUR_TO_USD,
            cpx22: 7.99 * EUR_TO_USD,
            ccx13: 15.99 * EUR_TO_USD,
        },
        volumeGbMonth: 0.044 * EUR_TO_USD,
        pricing: { asOf: "2026-04", source: `Hetzner Cloud EU list prices, net (servers: 2026-04 list, shared/FACTS.md; volumes: €0.044/GB from the 2025 list, not re-checked), at ${EUR_TO_USD} USD/EUR` },
    },
    createSite: (name, args, opts) => new HetznerSite(name, args, opts),
};
