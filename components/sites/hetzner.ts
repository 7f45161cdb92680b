import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { each, type ChangeTable } from "../replacements";
import { byteLength, USER_DATA_SET_BY, type TextRule } from "../textRules";
import { nodeRevision, nodeUserData, oneOf, RolloutChain, siteLabels, volumeSizeGuard, zoneFor, type Origin, type Site, type SiteArgs, type SiteProvider } from "./site";

/** Hetzner allows at most 10 servers in one spread placement group. */
const PLACEMENT_GROUP_LIMIT = 10;
const EUR_TO_USD = 1.08;
const UBUNTU_IMAGE = "ubuntu-24.04";

/** Hetzner label values: at most 63 characters, letters, digits, `-`, `_` and `.`, starting and ending alphanumeric (hcloud-go `ValidateResourceLabels`). */
export function hetznerLabelValue(value: string): string {
    return value.replace(/[^A-Za-z0-9_.-]/g, "-").slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

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
        const labels = (role: string) => siteLabels(args, "hetzner", role, hetznerLabelValue);
        if (!args.dataVolumeKeys) {
            throw new pulumi.ResourceError("hetzner sites need dataVolumeKey: Hetzner volumes are encrypted in the guest", this);
        }
        const volumeKeys = args.dataVolumeKeys;
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

        const guard = volumeSizeGuard(this, name, args);
        const rollout = new RolloutChain(this, name, args.rollout);
        this.origins = Array.from({ length: site.nodes }, (_, index) => {
            const nodeName = `${name}-node-${index}`;
            // The primary IP keeps the location it was created in, and the node and its volume follow it there.
            const address = new hcloud.PrimaryIp(`${name}-ip-${index}`, {
                type: "ipv4",
                location: zoneFor(site, index),
                autoDelete: false,
                labels: labels("address"),
            }, { ...child, ignoreChanges: ["location"] });
            const userData = nodeUserData(args, volumeKeys.apply((keys) => ({
                site: `hetzner/${site.region}`,
                node: nodeName,
                // One volume per server: its by-id name carries the volume's ID, which the server cannot know
                // before the volume is attached to it.
                dataDevice: "/dev/disk/by-id/scsi-0HC_Volume_*",
                volumeKeys: keys,
            })));
            const server = new hcloud.Server(nodeName, {
                serverType: site.size,
                image: UBUNTU_IMAGE,
                location: address.location,
                placementGroupId: toId(placementGroups[Math.floor(index / PLACEMENT_GROUP_LIMIT)].id),
                firewallIds: [toId(firewall.id)],
                publicNets: [{ ipv4Enabled: true, ipv4: toId(address.id), ipv6Enabled: true }],
                networks: [{ networkId: toId(network.id) }],
                userData,
                // An ACPI shutdown first, so the guest unmounts and closes the volume before the server goes.
                shutdownBeforeDeletion: true,
                labels: labels("node"),
            }, {
                ...child,
                // A primary IP can be assigned to one server at a time (Hetzner API, `primary_ip_assigned`), so the old
                // server goes first; deleting it detaches its volume and its address (Hetzner API, delete a server).
                deleteBeforeReplace: true,
                // The provider changes a server's type by powering it off and leaves it off: a new server boots instead.
                replaceOnChanges: ["serverType"],
                dependsOn: [subnet, ...rollout.waitFor],
            });
            // Attached through the volume rather than a VolumeAttachment: a replaced server then only moves it
            // (an update), where an attachment would be deleted first, detaching the volume from the running server.
            const volume = new hcloud.Volume(`${name}-data-${index}`, {
                serverId: toId(server.id),
                size: site.volumeGb,
                automount: false,
                deleteProtection: args.protectData,
                labels: labels("data"),
            }, { ...child, retainOnDelete: true, protect: args.protectData, dependsOn: [guard] });
            rollout.gate(index, { address: address.ipAddress, revision: nodeRevision(server.id, site.size, userData) }, [server, volume]);
            return { name: nodeName, address: address.ipAddress, provider: "hetzner", region: site.region, zone: address.location, weight: site.weight };
        });

        this.registerOutputs({ origins: this.origins });
    }
}

const LABEL_SOURCE = "Hetzner Cloud API, labels; hcloud-go ValidateResourceLabels";
const LABELLED = ["network:Network", "firewall:Firewall", "placementGroup:PlacementGroup", "primaryIp:PrimaryIp", "server:Server", "volume:Volume"].map((type) => `hcloud:index/${type}`);

const HCLOUD = "hetznercloud/terraform-provider-hcloud (v1.67 or later) internal";

/** What changes do to the types a Hetzner site creates (terraform-provider-hcloud, under @pulumi/hcloud 1.41). */
const changes: ChangeTable = {
    "pulumi:providers:hcloud": {
        properties: {},
        others: {
            effect: "update",
            source: "pulumi/pulumi-terraform-bridge pkg/tfbridge `configDiffer.forcesProviderReplace`: a provider is replaced only for a property marked ForcesProviderReplace",
            note: "that pulumi-hcloud marks none is not confirmed",
        },
    },
    "hcloud:index/server:Server": {
        properties: {
            ...each(["userData", "image", "location", "sshKeys"], { effect: "replace", source: `${HCLOUD}/server/resource.go: ForceNew` }),
            serverType: {
                effect: "stop",
                source: `${HCLOUD}/server/resource.go Update: Poweroff, then ChangeType, and no power-on after it`,
                note: "a hard power-off, not a shutdown; the site replaces the server instead (replaceOnChanges)",
            },
            publicNets: { effect: "restart", source: `${HCLOUD}/server/resource.go updatePublicNet: Poweroff, primary IPs changed, power on`, note: "a hard power-off, even for a small change" },
            placementGroupId: {
                effect: "update",
                source: `${HCLOUD}/server/resource.go setPlacementGroup`,
                note: "removing a running server from a group is an error, and Hetzner's API adds only a stopped one",
            },
            ...each(["firewallIds", "networks"], { effect: "update", source: `${HCLOUD}/server/resource.go Update: applied to the running server` }),
            ...each(["labels", "name", "backups", "iso", "rescue", "deleteProtection", "rebuildProtection", "keepDisk", "shutdownBeforeDeletion"], { effect: "update", source: `${HCLOUD}/server/resource.go Update` }),
        },
    },
    "hcloud:index/volume:Volume": {
        properties: {
            location: { effect: "replace", source: `${HCLOUD}/volume/resource.go: ForceNew` },
            size: { effect: "update", shrink: "fails", source: `${HCLOUD}/volume/resource.go Update: Volume.Resize; Hetzner API: "downsizing a Volume is not possible"` },
            serverId: { effect: "update", source: `${HCLOUD}/volume/resource.go Update: Detach, then AttachWithOpts, the server running`, note: "the guest should unmount first" },
            ...each(["automount", "format"], { effect: "update", source: `${HCLOUD}/volume/resource.go: read only at create and attach`, note: "the update changes nothing" }),
            ...each(["deleteProtection", "labels", "name"], { effect: "update", source: `${HCLOUD}/volume/resource.go Update` }),
        },
    },
    "hcloud:index/primaryIp:PrimaryIp": {
        properties: {
            ...each(["type", "location"], { effect: "replace", source: `${HCLOUD}/primaryip/resource.go: RequiresReplace` }),
            assigneeId: {
                effect: "update",
                source: `${HCLOUD}/primaryip/resource.go Update: Unassign, then Assign`,
                note: "Hetzner's API assigns only to a stopped server, and the provider does not stop it",
            },
            assigneeType: { effect: "none", source: `${HCLOUD}/primaryip/resource.go: Optional and Computed, read only with assignee_id; "server" is its one value` },
            ...each(["autoDelete", "labels", "name", "deleteProtection"], { effect: "update", source: `${HCLOUD}/primaryip/resource.go Update` }),
        },
    },
    "hcloud:index/firewall:Firewall": {
        properties: {},
        others: { effect: "update", source: `${HCLOUD}/firewall/resource.go: nothing is ForceNew; SetRules and apply_to on update` },
    },
    "hcloud:index/network:Network": {
        properties: { ipRange: { effect: "replace", source: `${HCLOUD}/network/resource.go: ForceNew` } },
        others: { effect: "update", source: `${HCLOUD}/network/resource.go Update` },
    },
    "hcloud:index/networkSubnet:NetworkSubnet": {
        properties: {},
        others: { effect: "replace", source: `${HCLOUD}/network/resource_subnet.go: every field is ForceNew` },
    },
    "hcloud:index/placementGroup:PlacementGroup": {
        properties: {},
        others: { effect: "update", source: `${HCLOUD}/placementgroup/resource.go: nothing is ForceNew` },
    },
};

const EU = ["fsn1", "nbg1", "hel1"];
const EVERYWHERE = [...EU, "ash", "hil", "sin"];
/** Locations by network zone (hcloud-go `NetworkZone*`; the six locations Hetzner lists). */
const LOCATIONS: Readonly<Record<string, readonly string[]>> = { "eu-central": EU, "us-east": ["ash"], "us-west": ["hil"], "ap-southeast": ["sin"] };
/**
 * Server types and the locations that offer them, as of 2026: cost-optimised CX and Arm CAX in Germany and Finland
 * only, regular-performance CPX in Europe and Singapore, dedicated CCX everywhere. Hetzner changes this; its API
 * says per type and location (`server_types[].locations[].available`), and `unsupported location for server type`
 * is its answer to a type a location does not offer. cx22, cx32 and cpx21 were retired on 2025-10-16.
 */
const SERVER_TYPES: Readonly<Record<string, readonly string[]>> = {
    ...Object.fromEntries(["cx23", "cx33", "cx43", "cx53", "cax11", "cax21", "cax31", "cax41"].map((type) => [type, EU])),
    ...Object.fromEntries(["cpx12", "cpx22", "cpx32", "cpx42", "cpx52", "cpx62"].map((type) => [type, [...EU, "sin"]])),
    ...Object.fromEntries(["ccx13", "ccx23", "ccx33", "ccx43", "ccx53", "ccx63"].map((type) => [type, EVERYWHERE])),
};

const textRules: TextRule[] = [
    ...LABELLED.flatMap((type): TextRule[] => [
        { type, path: "labels{key}", accepts: /^([a-z0-9A-Z]((?:[-_.]|[a-z0-9A-Z]){0,253}[a-z0-9A-Z])?\/)?[a-z0-9A-Z]((?:[-_.]|[a-z0-9A-Z]){0,61}[a-z0-9A-Z])?$/, allowed: "a name of up to 63 letters, digits, -, _ and ., alphanumeric at both ends, with an optional DNS prefix", source: LABEL_SOURCE },
        { type, path: "labels{}", accepts: /^(([a-z0-9A-Z](?:[-_.]|[a-z0-9A-Z]){0,61})?[a-z0-9A-Z]|)$/, allowed: "empty, or up to 63 letters, digits, -, _ and ., alphanumeric at both ends", source: LABEL_SOURCE },
    ]),
    {
        type: "hcloud:index/server:Server",
        path: "$name",
        accepts: /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/,
        allowed: "a hostname label: letters, digits and -, at most 63",
        source: "Hetzner Cloud API, create a server: name must be a valid hostname (RFC 1123)",
    },
    {
        type: "hcloud:index/volume:Volume",
        path: "$name",
        accepts: /^[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/,
        allowed: "letters, digits, -, _ and ., alphanumeric at both ends, at most 64",
        source: "Hetzner Cloud API, create a volume: name",
    },
    {
        type: "hcloud:index/server:Server",
        path: "userData",
        accepts: byteLength(32 * 1024),
        allowed: "32 KiB",
        source: "Hetzner Cloud API, create a server: user_data is limited to 32 KiB",
        setBy: USER_DATA_SET_BY,
    },
];

export const provider: SiteProvider = {
    name: "hetzner",
    encryptsVolumesInGuest: true,
    textRules,
    changes,
    catalog: {
        source: "network zones, locations and server types listed in components/sites/hetzner.ts; Hetzner's API reports availability per type and location, server_types[].locations",
        region: oneOf(Object.keys(LOCATIONS)),
        zone: (region) => oneOf(Object.hasOwn(LOCATIONS, region) ? LOCATIONS[region] : []),
        size: oneOf(Object.keys(SERVER_TYPES)),
        offeredIn: (size, location) => Object.hasOwn(SERVER_TYPES, size) && SERVER_TYPES[size].includes(location),
        // Hetzner Cloud API, create a volume: "The minimum Volume size is 10GB and the maximum size is 10TB (10240GB)".
        volumeGb: { min: 10, max: 10240 },
        pricing: {
            region: "eu-central",
            asOf: "2026-04",
            source: `Hetzner Cloud list prices, Germany and Finland, net, 2026-04 (hetzner.com/cloud), at ${EUR_TO_USD} USD/EUR`,
            sizes: {
                cx23: 3.99 * EUR_TO_USD,
                cx33: 6.49 * EUR_TO_USD,
                cpx22: 7.99 * EUR_TO_USD,
                ccx13: 15.99 * EUR_TO_USD,
            },
            volumeGbMonth: 0.044 * EUR_TO_USD,
        },
        examples: [
            { region: "eu-central", zones: EU, sizes: ["cx23", "cx33", "cpx22", "ccx13"] },
            { region: "us-east", zones: ["ash"], sizes: ["ccx13", "ccx23"] },
            { region: "ap-southeast", zones: ["sin"], sizes: ["cpx22", "ccx13"] },
        ],
    },
    createSite: (name, args, opts) => new HetznerSite(name, args, opts),
};
