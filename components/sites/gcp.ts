import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { each, type ChangeTable } from "../replacements";
import { byteLength, USER_DATA_SET_BY, type TextRule } from "../textRules";
import { HOURS_PER_MONTH, nodeRevision, nodeUserData, oneOf, RolloutChain, siteLabels, volumeSizeGuard, zoneFor, zoneLetterOf, type Origin, type Site, type SiteArgs, type SiteProvider } from "./site";

const NODE_TAG = "exchange-node";
const DATA_DEVICE_NAME = "data";
const UBUNTU_IMAGE = "ubuntu-os-cloud/ubuntu-2404-lts-amd64";

/** GCP label values are at most 63 lower-case letters, digits, `_` and `-` (Resource Manager, "Requirements for labels"). */
export function gcpLabelValue(value: string): string {
    return value.toLowerCase().replace(/[^a-z0-9_-]/g, "_").slice(0, 63);
}

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
        const labels = (role: string) => siteLabels(args, "gcp", role, gcpLabelValue);
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

        const guard = volumeSizeGuard(this, name, args);
        const rollout = new RolloutChain(this, name, args.rollout);
        this.origins = Array.from({ length: site.nodes }, (_, index) => {
            const nodeName = `${name}-node-${index}`;
            // The disk keeps the zone it was created in, and its node follows it there.
            const disk = new gcp.compute.Disk(`${name}-data-${index}`, {
                zone: zoneFor(site, index),
                size: site.volumeGb,
                type: "pd-balanced",
                labels: labels("data"),
            }, { ...child, retainOnDelete: true, protect: args.protectData, ignoreChanges: ["zone"], dependsOn: [guard] });
            const address = new gcp.compute.Address(`${name}-ip-${index}`, {
                region: site.region,
                addressType: "EXTERNAL",
                labels: labels("address"),
            }, child);
            const userData = nodeUserData(args, { site: `gcp/${site.region}`, node: nodeName, dataDevice: `/dev/disk/by-id/google-${DATA_DEVICE_NAME}` });
            const instance = new gcp.compute.Instance(nodeName, {
                zone: disk.zone,
                machineType: site.size,
                bootDisk: { initializeParams: { image: UBUNTU_IMAGE, size: 20, type: "pd-balanced" } },
                // Attached when the instance is created, and released when it is deleted (after the guest has shut
                // down): never detached from a running node.
                attachedDisks: [{ source: disk.selfLink, deviceName: DATA_DEVICE_NAME, mode: "READ_WRITE" }],
                networkInterfaces: [{ subnetwork: subnet.id, accessConfigs: [{ natIp: address.address }] }],
                shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
                metadata: { "user-data": userData, "block-project-ssh-keys": "true" },
                tags: [NODE_TAG],
                labels: labels("node"),
                allowStoppingForUpdate: true,
            }, {
                ...child,
                // New user data reaches a node only through a new instance: GCP updates metadata in place and
                // cloud-init runs once per instance (terraform-provider-google `setMetadata`; cloud-init-per(1)).
                replaceOnChanges: ["metadata"],
                // The static address can be on one instance at a time, so the old one goes first.
                deleteBeforeReplace: true,
                dependsOn: rollout.waitFor,
            });
            rollout.gate(index, { address: address.address, revision: nodeRevision(instance.id, site.size, userData) }, [instance]);
            return { name: nodeName, address: address.address, provider: "gcp", region: site.region, zone: disk.zone, weight: site.weight };
        });

        this.registerOutputs({ origins: this.origins });
    }
}

const GCE_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const GCE_NAME_ALLOWED = "1 to 63 lower-case letters, digits and -, starting with a letter and not ending with -";
const LABELLED = ["disk:Disk", "address:Address", "instance:Instance"].map((type) => `gcp:compute/${type}`);
const AUTO_NAMED = ["network:Network", "subnetwork:Subnetwork", "firewall:Firewall", "instance:Instance", "disk:Disk", "address:Address"].map((type) => `gcp:compute/${type}`);

const textRules: TextRule[] = [
    ...AUTO_NAMED.map((type): TextRule => ({ type, path: "$name", accepts: GCE_NAME, allowed: GCE_NAME_ALLOWED, source: "Compute Engine, naming resources; terraform-provider-google ValidateGCEName" })),
    ...LABELLED.flatMap((type): TextRule[] => [
        { type, path: "labels{key}", accepts: /^[a-z][a-z0-9_-]{0,62}$/, allowed: "1 to 63 lower-case letters, digits, _ and -, starting with a letter", source: "Resource Manager, requirements for labels" },
        { type, path: "labels{}", accepts: /^[a-z0-9_-]{0,63}$/, allowed: "up to 63 lower-case letters, digits, _ and -", source: "Resource Manager, requirements for labels" },
    ]),
    ...["gcp:compute/instance:Instance tags[]", "gcp:compute/firewall:Firewall targetTags[]"].map((entry): TextRule => {
        const [type, path] = entry.split(" ");
        return { type, path, accepts: GCE_NAME, allowed: GCE_NAME_ALLOWED, source: "Compute Engine API, Tags: 1-63 characters, RFC 1035" };
    }),
    {
        type: "gcp:compute/instance:Instance",
        path: "metadata{}",
        accepts: byteLength(256 * 1024),
        allowed: "256 KB per value",
        source: "Compute Engine, VM metadata limits",
        setBy: USER_DATA_SET_BY,
    },
];

const COMPUTE = "hashicorp/terraform-provider-google (v7.45.0) google/services/compute";
const INSTANCE = `${COMPUTE}/resource_compute_instance.go`;
const STOP_TO_UPDATE = `${INSTANCE} Update: needToStopInstanceBeforeUpdating, then /stop and start`;

/** What changes do to the types a GCP site creates (terraform-provider-google, under @pulumi/gcp 9.37). */
const changes: ChangeTable = {
    "pulumi:providers:gcp": {
        properties: {},
        others: {
            effect: "update",
            source: "pulumi/pulumi-terraform-bridge pkg/tfbridge `configDiffer.forcesProviderReplace`: a provider is replaced only for a property marked ForcesProviderReplace",
            note: "that pulumi-gcp marks none is not confirmed",
        },
    },
    "gcp:compute/instance:Instance": {
        properties: {
            ...each(
                [
                    "zone", "name", "hostname", "guestAccelerators", "scratchDisks", "confidentialInstanceConfig", "reservationAffinity", "scheduling.preemptible",
                    "scheduling.provisioningModel", "networkPerformanceConfig", "params", "bootDisk.deviceName", "bootDisk.source", "bootDisk.mode",
                    "bootDisk.kmsKeySelfLink", "bootDisk.diskEncryptionKeyRaw", "bootDisk.diskEncryptionKeyRsa", "bootDisk.guestOsFeatures",
                    "bootDisk.initializeParams.image", "bootDisk.initializeParams.type", "bootDisk.initializeParams.snapshot", "bootDisk.initializeParams.resourceManagerTags",
                    "bootDisk.initializeParams.provisionedIops", "bootDisk.initializeParams.provisionedThroughput", "bootDisk.initializeParams.storagePool",
                    "bootDisk.initializeParams.architecture", "networkInterfaces.networkAttachment", "networkInterfaces.nicType", "networkInterfaces.queueCount",
                    "networkInterfaces.vlan", "networkInterfaces.ipv6AccessConfigs.externalIpv6", "networkInterfaces.ipv6AccessConfigs.externalIpv6PrefixLength",
                    "networkInterfaces.ipv6AccessConfigs.name", "advancedMachineFeatures.enableUefiNetworking",
                ],
                { effect: "replace", source: `${INSTANCE}: ForceNew` },
            ),
            "networkInterfaces.ipv6AccessConfigs": { effect: "update", source: `${INSTANCE}: only externalIpv6, its prefix length and name are ForceNew`, note: "the provider's Update sends nothing for the other fields" },
            "networkInterfaces.networkIp": { effect: "replace", source: `${INSTANCE}: CustomizeDiff forceNewIfNetworkIPNotUpdatable` },
            metadataStartupScript: { effect: "replace", source: `${INSTANCE}: CustomizeDiff ForceNewIf metadata_startup_script` },
            ...each(
                ["machineType", "minCpuPlatform", "enableDisplay", "advancedMachineFeatures", "shieldedInstanceConfig", "serviceAccount", "networkInterfaces.network", "networkInterfaces.subnetwork", "networkInterfaces.subnetworkProject"],
                { effect: "restart", source: STOP_TO_UPDATE, note: "fails on a running instance unless allowStoppingForUpdate is set" },
            ),
            allowStoppingForUpdate: { effect: "update", source: `${INSTANCE}: Optional, no ForceNew; it only lets the provider stop the instance` },
            "bootDisk.initializeParams.size": { effect: "update", shrink: "fails", source: `${INSTANCE} Update: the boot disk's /resize, which only grows` },
            metadata: {
                effect: "update",
                source: `${INSTANCE} Update: /setMetadata, no reboot`,
                note: "cloud-init does not run again on the same instance (cloud-init-per(1)); the GCP site sets replaceOnChanges: metadata",
            },
            attachedDisks: { effect: "update", source: `${INSTANCE} Update: /detachDisk and /attachDisk on the running instance`, note: "the guest should unmount first" },
            "networkInterfaces.accessConfigs": {
                effect: "update",
                source: `${INSTANCE} Update: computeInstanceDeleteAccessConfigs, then computeInstanceAddAccessConfigs`,
                note: "the external address is briefly unreachable",
            },
            ...each(
                ["networkInterfaces.aliasIpRanges", "networkInterfaces.stackType", "networkInterfaces.ipv6Address", "bootDisk.initializeParams.labels", "bootDisk.autoDelete", "tags", "labels", "resourcePolicies", "deletionProtection", "canIpForward", "description", "desiredStatus"],
                { effect: "update", source: `${INSTANCE} Update, no stop` },
            ),
        },
    },
    "gcp:compute/disk:Disk": {
        properties: {
            ...each(
                ["zone", "name", "type", "image", "snapshot", "sourceDisk", "diskEncryptionKey", "physicalBlockSizeBytes", "description", "licenses", "guestOsFeatures", "storagePool", "architecture", "enableConfidentialCompute"],
                { effect: "replace", source: `${COMPUTE}/resource_compute_disk.go: ForceNew` },
            ),
            size: { effect: "update", shrink: "replace", source: `${COMPUTE}/resource_compute_disk.go: /resize; CustomizeDiff ForceNewIfChange(size, IsDiskShrinkage)` },
            ...each(["labels", "provisionedIops", "provisionedThroughput", "accessMode"], {
                effect: "update",
                source: `${COMPUTE}/resource_compute_disk.go Update`,
                note: "provisionedIops replaces a disk that is not a hyperdisk",
            }),
        },
    },
    "gcp:compute/address:Address": {
        properties: {
            ...each(
                ["name", "address", "addressType", "description", "network", "networkTier", "prefixLength", "purpose", "region", "subnetwork", "ipVersion", "ipv6EndpointType", "ipCollection", "project"],
                { effect: "replace", source: `${COMPUTE}/resource_compute_address.go: ForceNew` },
            ),
            labels: { effect: "update", source: `${COMPUTE}/resource_compute_address.go: setLabels` },
        },
    },
    "gcp:compute/network:Network": {
        properties: {
            ...each(["name", "autoCreateSubnetworks", "description", "internalIpv6Range", "networkProfile", "params"], { effect: "replace", source: `${COMPUTE}/resource_compute_network.go: ForceNew` }),
            ...each(["routingMode", "mtu"], { effect: "update", source: `${COMPUTE}/resource_compute_network.go Update` }),
        },
    },
    "gcp:compute/subnetwork:Subnetwork": {
        properties: {
            ...each(
                ["name", "network", "description", "region", "externalIpv6Prefix", "internalIpv6Prefix", "reservedInternalRange", "params"],
                { effect: "replace", source: `${COMPUTE}/resource_compute_subnetwork.go: ForceNew` },
            ),
            ipCidrRange: {
                effect: "replace",
                source: `${COMPUTE}/resource_compute_subnetwork.go: CustomizeDiff ForceNewIfChange(ip_cidr_range, IsShrinkageIpCidr)`,
                note: "only a smaller range replaces; a larger one is expanded in place, which the plan does not tell apart",
            },
        },
        others: { effect: "update", source: `${COMPUTE}/resource_compute_subnetwork.go Update` },
    },
    "gcp:compute/firewall:Firewall": {
        properties: each(["name", "direction", "params", "project"], { effect: "replace", source: `${COMPUTE}/resource_compute_firewall.go: ForceNew` }),
        others: { effect: "update", source: `${COMPUTE}/resource_compute_firewall.go Update`, note: "whether the API accepts a new network in place is not confirmed" },
    },
};

/** Compute Engine regions (cloud.google.com/compute/docs/regions-zones, 2025); @pulumi/gcp ships no list of them. */
const REGIONS = [
    "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3", "asia-south1", "asia-south2",
    "asia-southeast1", "asia-southeast2", "australia-southeast1", "australia-southeast2", "europe-central2", "europe-north1", "europe-north2",
    "europe-southwest1", "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8", "europe-west9",
    "europe-west10", "europe-west12", "me-central1", "me-central2", "me-west1", "northamerica-northeast1", "northamerica-northeast2",
    "northamerica-south1", "southamerica-east1", "southamerica-west1", "us-central1", "us-east1", "us-east4", "us-east5", "us-south1",
    "us-west1", "us-west2", "us-west3", "us-west4",
];
/**
 * The machine series a node can run on: x86, so that it boots the amd64 Ubuntu image, and taking pd-balanced disks
 * (Compute Engine, "Machine series comparison" and "Choose a disk type"). Left out: the Arm series (T2A, C4A), the
 * Hyperdisk-only series (N4, C4, C4D, X4 and later), and the memory-optimised and GPU series. A series joins the list
 * once the site's image and disk types suit it.
 */
const SERIES = ["e2", "n1", "n2", "n2d", "c2", "c2d", "c3", "c3d", "t2d"];
/** A series and a shape, such as e2-standard-2 or n2d-highmem-8, custom shapes, and the shared-core types; which exist varies by zone. */
const MACHINE_TYPE = new RegExp(`^((${SERIES.join("|")})-(standard|highmem|highcpu)-\\d{1,3}(-lssd)?|(${SERIES.join("|")})-custom-\\d{1,3}-\\d{3,7}|e2-(micro|small|medium)|f1-micro|g1-small)$`);

export const provider: SiteProvider = {
    name: "gcp",
    encryptsVolumesInGuest: false,
    textRules,
    changes,
    catalog: {
        source: "regions listed in components/sites/gcp.ts from Google's regions and zones page; machine types by their naming pattern",
        region: oneOf(REGIONS),
        zone: (region) => ({ accepts: (zone) => zoneLetterOf(region, zone, "-"), allowed: `a zone of ${region}, such as ${region}-b (letters vary by region)` }),
        size: { accepts: (size) => MACHINE_TYPE.test(size), allowed: `a machine type of the series ${SERIES.join(", ")} (components/sites/gcp.ts says why), such as e2-standard-2, n2-highmem-4 or c3-standard-8` },
        // pd-balanced: 10 GB to 64 TB (Compute Engine, persistent disk limits).
        volumeGb: { min: 10, max: 65536 },
        pricing: {
            region: "us-central1",
            asOf: "2026-11-24",
            source: "Google Compute Engine on-demand list prices, us-central1 (cloud.google.com/compute/vm-instance-pricing, cloud.google.com/compute/disks-image-pricing)",
            sizes: {
                "e2-standard-2": 0.067 * HOURS_PER_MONTH,
                "e2-standard-4": 0.134 * HOURS_PER_MONTH,
            },
            volumeGbMonth: 0.1,
        },
        examples: [
            { region: "europe-west1", zones: ["europe-west1-b", "europe-west1-c", "europe-west1-d"], sizes: ["e2-standard-2", "e2-standard-4"] },
            { region: "us-central1", zones: ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"], sizes: ["n2-standard-4", "c3-standard-8"] },
            { region: "asia-northeast1", zones: ["asia-northeast1-a", "asia-northeast1-b", "asia-northeast1-c"], sizes: ["e2-standard-2"] },
        ],
    },
    createSite: (name, args, opts) => new GcpSite(name, args, opts),
};
