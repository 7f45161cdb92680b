import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { HOURS_PER_MONTH, nodeUserData, siteLabels, zoneFor, type Origin, type Site, type SiteArgs, type SiteProvider } from "./site";

const NODE_TAG = "exchange-node";
const DATA_DEVICE_NAME = "data";

/**
 * One exchange site on Google Cloud: a VPC network and subnetwork, firewall rules that admit only Cloudflare on
 * the node port, and per node a Shielded VM with no service account, a persistent data disk and a static
 * external address.
 */
export class GcpSite extends pulumi.ComponentResource implements Site {
    readonly origins: Origin[];

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("exchange:sites:GcpSite", name, {}, opts);
        const { site, node } = args;
        const labels = (role: string) => siteLabels(args, "gcp", role);
        // Explicit providers do not read the stack's `gcp:` settings, so pass on the project.
        const provider = new gcp.Provider(`${name}-provider`, {
            region: site.region,
            project: new pulumi.Config("gcp").get("project"),
        }, { parent: this });
        const child = { parent: this, provider };

        const network = new gcp.compute.Network(`${name}-network`, { autoCreateSubnetworks: false, description: `exchange ${site.name}` }, child);
        const subnet = new gcp.compute.Subnetwork(`${name}-subnet`, { network: network.id, region: site.region, ipCidrRange: "10.30.0.0/20" }, child);
        // GCP firewall rules take one address family each; the nodes have IPv4 only, so only IPv4 is opened.
        new gcp.compute.Firewall(`${name}-firewall`, {
            network: network.id,
            direction: "INGRESS",
            description: `exchange node ${site.name}: node port from Cloudflare only`,
            allows: [{ protocol: "tcp", ports: [String(node.port)] }],
            sourceRanges: args.originRanges.ipv4,
            targetTags: [NODE_TAG],
            disabled: args.isolated,
        }, child);

        this.origins = Array.from({ length: site.nodes }, (_, index) => {
            const nodeName = `${name}-node-${index}`;
            const zone = zoneFor(site, index);
            const disk = new gcp.compute.Disk(`${name}-data-${index}`, {
                zone,
                size: site.volumeGb,
                type: "pd-balanced",
                labels: labels("data"),
            }, { ...child, retainOnDelete: true, protect: args.protectData });
            const address = new gcp.compute.Address(`${name}-ip-${index}`, {
                region: site.region,
                addressType: "EXTERNAL",
                labels: labels("address"),
            }, child);
            const userData = nodeUserData(args, { site: `gcp/${site.region}`, node: nodeName, dataDevice: `/dev/disk/by-id/google-${DATA_DEVICE_NAME}` });
            const instance = new gcp.compute.Instance(nodeName, {
                zone,
                machineType: site.size,
                bootDisk: { initializeParams: { image: "ubuntu-os-cloud/ubuntu-2404-lts-amd64", size: 20, type: "pd-balanced" } },
                networkInterfaces: [{ subnetwork: subnet.id, accessConfigs: [{ natIp: address.address }] }],
                shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
                metadata: { "user-data": userData, "block-project-ssh-keys": "true" },
                tags: [NODE_TAG],
                labels: labels("node"),
                allowStoppingForUpdate: true,
            }, { ...child, ignoreChanges: ["attachedDisks"] });
            new gcp.compute.AttachedDisk(`${name}-data-attach-${index}`, {
                disk: disk.id,
                instance: instance.id,
                zone,
                deviceName: DATA_DEVICE_NAME,
            }, { ...child, deleteBeforeReplace: true });
            return { name: nodeName, address: address.address, provider: "gcp", region: site.region, zone, weight: site.weight };
        });

        this.registerOutputs({ origins: this.origins });
    }
}

export const provider: SiteProvider = {
    name: "gcp",
    encryptsVolumesInGuest: false,
    catalog: {
        regions: {
            "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"],
            "us-east1": ["us-east1-b", "us-east1-c", "us-east1-d"],
            "europe-west1": ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
            "europe-west3": ["europe-west3-a", "europe-west3-b", "europe-west3-c"],
            "asia-northeast1": ["asia-northeast1-a", "asia-northeast1-b", "asia-northeast1-c"],
        },
        sizes: {
            "e2-standard-2": 0.067 * HOURS_PER_MONTH,
            "e2-standard-4": 0.134 * HOURS_PER_MONTH,
        },
        volumeGbMonth: 0.1,
        pricing: { asOf: "2026-11-24", source: "Google Compute Engine on-demand list prices, us-central1 (e2-standard-2 from shared/FACTS.md; e2-standard-4 and pd-balanced from the public price list, not re-checked)" },
    },
    createSite: (name, args, opts) => new GcpSite(name, args, opts),
};
