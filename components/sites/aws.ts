import { gzipSync } from "zlib";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { each, type ChangeTable } from "../replacements";
import { USER_DATA_SET_BY, type TextRule } from "../textRules";
import { HOURS_PER_MONTH, nodeRevision, nodeUserData, oneOf, RolloutChain, siteLabels, volumeSizeGuard, zoneFor, zoneLetterOf, type Origin, type Site, type SiteArgs, type SiteProvider } from "./site";

const CANONICAL_OWNER = "099720109477";
/**
 * The Ubuntu 24.04 release every AWS node boots, pinned: a new release is a deliberate change that the change report
 * shows and the rollout applies one node at a time. Deprecated AMIs stay findable (`includeDeprecated`).
 */
export const UBUNTU_AMI_RELEASE = "20251212";
const UBUNTU_AMI_ARCHITECTURE = { x86_64: "amd64", arm64: "arm64" } as const;
type Architecture = keyof typeof UBUNTU_AMI_ARCHITECTURE;

export function ubuntuAmiName(architecture: Architecture): string {
    return `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${UBUNTU_AMI_ARCHITECTURE[architecture]}-server-${UBUNTU_AMI_RELEASE}`;
}

/**
 * The processor of an instance type, from its name: family, generation, then the processor letter, `g` for AWS
 * Graviton (EC2 instance types guide, "Amazon EC2 instance type naming conventions"); `a1` is the first Graviton
 * generation and the `gb` GPU families run on NVIDIA Grace.
 */
export function architectureOf(size: string): Architecture {
    const family = size.split(".")[0];
    return family === "a1" || /^[a-z]+\d+g/.test(family) || /-gb\d+$/.test(family) ? "arm64" : "x86_64";
}
const DATA_DEVICE_NAME = "/dev/sdf";

/** The third octet of a zone's subnet follows the zone's letter, so adding or reordering zones moves no subnet. */
function subnetCidr(zone: string): string {
    return `10.20.${zone.charCodeAt(zone.length - 1) - "a".charCodeAt(0)}.0/24`;
}

/**
 * One exchange site on AWS: a VPC with a public subnet per availability zone, a security group that admits only
 * Cloudflare on the node port, and per node an EC2 instance (IMDSv2, encrypted root), an encrypted gp3 data
 * volume and an Elastic IP.
 */
export class AwsSite extends pulumi.ComponentResource implements Site {
    readonly origins: Origin[];

    constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("exchange:sites:AwsSite", name, {}, opts);
        const { site, node } = args;
        const tags = (role: string) => siteLabels(args, "aws", role);
        // Explicit providers do not read the stack's `aws:` settings, so pass on the one that selects credentials.
        const awsProvider = new aws.Provider(`${name}-provider`, {
            region: site.region as aws.Region,
            profile: new pulumi.Config("aws").get("profile"),
        }, { parent: this });
        const child = { parent: this, provider: awsProvider };

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.20.0.0/16", enableDnsHostnames: true, tags: tags("network") }, child);
        const gateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags("network") }, child);
        const routes = new aws.ec2.RouteTable(`${name}-routes`, {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }],
            tags: tags("network"),
        }, child);
        const subnets = new Map([...site.zones].sort().map((zone) => {
            const subnet = new aws.ec2.Subnet(`${name}-subnet-${zone}`, {
                vpcId: vpc.id,
                availabilityZone: zone,
                cidrBlock: subnetCidr(zone),
                // Instances need outbound access for packages before their Elastic IP is associated.
                mapPublicIpOnLaunch: true,
                tags: tags("network"),
            }, child);
            const association = new aws.ec2.RouteTableAssociation(`${name}-routes-${zone}`, { subnetId: subnet.id, routeTableId: routes.id }, child);
            return [zone, { subnet, association }];
        }));
        // Nodes and addresses reach the internet only once the gateway and the routes to it exist (aws.ec2.Eip docs:
        // "EIP may require IGW to exist prior to association. Use dependsOn").
        const routed = [gateway, ...[...subnets.values()].map(({ association }) => association)];

        const firewall = new aws.ec2.SecurityGroup(`${name}-firewall`, {
            vpcId: vpc.id,
            description: `exchange node ${site.name}: node port from Cloudflare only`,
            ingress: args.isolated ? [] : [{
                description: "HTTPS from the published Cloudflare ranges",
                protocol: "tcp",
                fromPort: node.port,
                toPort: node.port,
                cidrBlocks: args.originRanges.ipv4,
                ipv6CidrBlocks: args.originRanges.ipv6,
            }],
            egress: [{ description: "packages and container images", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
            tags: tags("firewall"),
        }, child);
        // Security groups track connections that are already open; a network ACL cuts them at once (AWS, "Security group
        // connection tracking"), so the drill's cut behaves like an outage. Otherwise it admits everything, as the
        // default ACL does, and the security group does the filtering.
        const admitted = args.isolated ? "deny" : "allow";
        new aws.ec2.NetworkAcl(`${name}-isolation`, {
            vpcId: vpc.id,
            subnetIds: [...subnets.values()].map(({ subnet }) => subnet.id),
            ingress: [{ ruleNo: 100, action: admitted, protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" }],
            egress: [{ ruleNo: 100, action: admitted, protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" }],
            tags: tags("firewall"),
        }, child);

        const ami = aws.ec2.getAmiOutput({
            owners: [CANONICAL_OWNER],
            mostRecent: true,
            includeDeprecated: true,
            filters: [{ name: "name", values: [ubuntuAmiName(architectureOf(site.size))] }, { name: "architecture", values: [architectureOf(site.size)] }],
        }, { parent: this, provider: awsProvider });

        const guard = volumeSizeGuard(this, name, args);
        const rollout = new RolloutChain(this, name, args.rollout);
        this.origins = Array.from({ length: site.nodes }, (_, index) => {
            const nodeName = `${name}-node-${index}`;
            // The volume keeps the zone it was created in, and its node follows it there.
            const volume = new aws.ebs.Volume(`${name}-data-${index}`, {
                availabilityZone: zoneFor(site, index),
                size: site.volumeGb,
                type: "gp3",
                encrypted: true,
                tags: tags("data"),
            }, { ...child, retainOnDelete: true, protect: args.protectData, ignoreChanges: ["availabilityZone"], dependsOn: [guard] });
            const subnetId = volume.availabilityZone.apply((zone) => {
                const entry = subnets.get(zone);
                if (!entry) {
                    throw new pulumi.ResourceError(`${nodeName}'s data volume is in ${zone}, which ${args.siteKey}.zones no longer lists; list it again`, this);
                }
                return entry.subnet.id;
            });
            const userData = nodeUserData(args, volume.id.apply((volumeId) => ({
                site: `aws/${site.region}`,
                node: nodeName,
                dataDevice: `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volumeId.replace("-", "")}`,
            })));
            const instance = new aws.ec2.Instance(nodeName, {
                ami: ami.id,
                instanceType: site.size,
                subnetId,
                vpcSecurityGroupIds: [firewall.id],
                metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
                // cloud-init unpacks gzip user data, which keeps it within EC2's 16 KB.
                userDataBase64: userData.apply((text) => gzipSync(text).toString("base64")),
                userDataReplaceOnChange: true,
                tags: tags("node"),
            }, { ...child, dependsOn: [...routed, ...rollout.waitFor] });
            const attachment = new aws.ec2.VolumeAttachment(`${name}-data-attach-${index}`, {
                deviceName: DATA_DEVICE_NAME,
                volumeId: volume.id,
                instanceId: instance.id,
                stopInstanceBeforeDetaching: true,
            }, { ...child, deleteBeforeReplace: true });
            const address = new aws.ec2.Eip(`${name}-ip-${index}`, { domain: "vpc", instance: instance.id, tags: tags("address") }, { ...child, dependsOn: routed });
            rollout.gate(index, { address: address.publicIp, revision: nodeRevision(instance.id, site.size, userData) }, [instance, attachment, address]);
            return { name: nodeName, address: address.publicIp, provider: "aws", region: site.region, zone: volume.availabilityZone, weight: site.weight };
        });

        this.registerOutputs({ origins: this.origins });
    }
}

const EC2_TEXT = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
const EC2_TEXT_ALLOWED = "up to 255 of a-z A-Z 0-9, space and ._-:/()#,@[]+=&;{}!$*";
const TAGGED = ["vpc:Vpc", "internetGateway:InternetGateway", "routeTable:RouteTable", "subnet:Subnet", "securityGroup:SecurityGroup", "networkAcl:NetworkAcl", "instance:Instance", "eip:Eip"]
    .map((type) => `aws:ec2/${type}`)
    .concat("aws:ebs/volume:Volume");

const textRules: TextRule[] = [
    {
        type: "aws:ec2/securityGroup:SecurityGroup",
        path: "description",
        accepts: (value) => value.length >= 1 && value.length <= 255 && EC2_TEXT.test(value),
        allowed: EC2_TEXT_ALLOWED,
        source: "EC2 API CreateSecurityGroup, GroupDescription",
    },
    ...["ingress[].description", "egress[].description"].map((path): TextRule => ({
        type: "aws:ec2/securityGroup:SecurityGroup",
        path,
        accepts: (value) => value.length <= 255 && EC2_TEXT.test(value),
        allowed: EC2_TEXT_ALLOWED,
        source: "EC2 API IpRange, Description; terraform-provider-aws validSecurityGroupRuleDescription",
    })),
    ...TAGGED.flatMap((type): TextRule[] => [
        { type, path: "tags{key}", accepts: (key) => key.length >= 1 && key.length <= 127 && !/^aws:/i.test(key), allowed: "1 to 127 characters, not starting with aws:", source: "EC2 API Tag, Key" },
        { type, path: "tags{}", accepts: (value) => value.length <= 256, allowed: "up to 256 characters", source: "EC2 API Tag, Value" },
    ]),
    {
        type: "aws:ec2/instance:Instance",
        path: "userDataBase64",
        accepts: (value) => Buffer.from(value, "base64").length <= 16 * 1024,
        allowed: "16 KB before base64 encoding",
        source: "EC2 user guide, instance user data: limited to 16 KB in raw form",
        setBy: USER_DATA_SET_BY,
    },
];

const EC2 = "hashicorp/terraform-provider-aws internal/service/ec2";

/** What changes do to the types an AWS site creates (terraform-provider-aws, under @pulumi/aws 7.48). */
const changes: ChangeTable = {
    "pulumi:providers:aws": {
        properties: { region: { effect: "replace", source: "pulumi/pulumi-aws#4000: `region` is ForcesProviderReplace, so every resource of the provider is replaced in the new region" } },
        others: { effect: "update", source: "pulumi/pulumi-terraform-bridge pkg/tfbridge `configDiffer.forcesProviderReplace`: only properties marked ForcesProviderReplace replace a provider" },
    },
    "aws:ec2/instance:Instance": {
        properties: {
            ...each(
                ["ami", "availabilityZone", "subnetId", "privateIp", "keyName", "tenancy", "placementGroup", "hostId", "ebsOptimized", "hibernation", "ipv6Addresses", "ipv6AddressCount", "securityGroups", "associatePublicIpAddress", "launchTemplate", "cpuOptions", "ebsBlockDevices", "rootBlockDevice.encrypted", "rootBlockDevice.kmsKeyId"],
                { effect: "replace", source: `${EC2}/ec2_instance.go: ForceNew` },
            ),
            ...each(["userData", "userDataBase64"], {
                effect: "restart",
                whenInput: { property: "userDataReplaceOnChange", equals: true, effect: "replace" },
                source: `${EC2}/ec2_instance.go: CustomizeDiff ForceNewIf user_data_replace_on_change; otherwise modifyInstanceAttributeWithStopStart`,
                note: "a restart does not re-run cloud-init's per-instance modules: the instance ID stays (cloud-init-per(1))",
            }),
            instanceType: { effect: "restart", source: `${EC2}/ec2_instance.go Update: modifyInstanceAttributeWithStopStart` },
            userDataReplaceOnChange: { effect: "update", source: `${EC2}/ec2_instance.go: Optional, no ForceNew; it only steers the provider's own diff` },
            "ebsBlockDevices.tags": { effect: "update", source: `${EC2}/ec2_instance.go: every ebs_block_device field is ForceNew but tags` },
            "rootBlockDevice.volumeSize": { effect: "update", shrink: "fails", source: `${EC2}/ec2_instance.go Update: ModifyVolume on the root volume, whose size only grows` },
            ...each(["rootBlockDevice.volumeType", "rootBlockDevice.iops", "rootBlockDevice.throughput"], { effect: "update", source: `${EC2}/ec2_instance.go Update: ModifyVolume on the root volume` }),
            ...each(
                ["vpcSecurityGroupIds", "metadataOptions", "tags", "rootBlockDevice.deleteOnTermination", "rootBlockDevice.tags", "monitoring", "disableApiTermination", "instanceInitiatedShutdownBehavior", "creditSpecification", "maintenanceOptions", "iamInstanceProfile", "secondaryPrivateIps", "sourceDestCheck"],
                { effect: "update", source: `${EC2}/ec2_instance.go: Update function, no stop` },
            ),
        },
    },
    "aws:ebs/volume:Volume": {
        properties: {
            ...each(["availabilityZone", "encrypted", "kmsKeyId", "snapshotId", "multiAttachEnabled", "outpostArn"], { effect: "replace", source: `${EC2}/ebs_volume.go: ForceNew` }),
            size: { effect: "update", shrink: "fails", source: `${EC2}/ebs_volume.go Update: ModifyVolume, which only grows an EBS volume` },
            ...each(["type", "iops", "throughput", "tags", "finalSnapshot"], { effect: "update", source: `${EC2}/ebs_volume.go Update: ModifyVolume, attached and running` }),
        },
    },
    "aws:ec2/volumeAttachment:VolumeAttachment": {
        properties: {
            ...each(["deviceName", "instanceId", "volumeId"], {
                effect: "replace",
                source: `${EC2}/ebs_volume_attachment.go: ForceNew`,
                note: "with stopInstanceBeforeDetaching the delete stops the instance and never starts it again",
            }),
            ...each(["stopInstanceBeforeDetaching", "forceDetach", "skipDestroy"], { effect: "update", source: `${EC2}/ebs_volume_attachment.go: Update is a no-op; read at delete` }),
        },
    },
    "aws:ec2/eip:Eip": {
        properties: {
            ...each(["domain", "address", "networkBorderGroup", "publicIpv4Pool", "ipamPoolId"], { effect: "replace", source: `${EC2}/ec2_eip.go: ForceNew` }),
            ...each(["instance", "networkInterface", "associateWithPrivateIp"], {
                effect: "update",
                source: `${EC2}/ec2_eip.go resourceEIPUpdate: disassociate, then associate`,
                note: "the public address is briefly unreachable",
            }),
            tags: { effect: "update", source: `${EC2}/ec2_eip.go: tags` },
        },
    },
    "aws:ec2/vpc:Vpc": {
        properties: each(["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"], { effect: "replace", source: `${EC2}/vpc_.go: ForceNew` }),
        others: { effect: "update", source: `${EC2}/vpc_.go resourceVPCUpdate` },
    },
    "aws:ec2/subnet:Subnet": {
        properties: {
            ...each(
                ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "ipv4IpamPoolId", "ipv4NetmaskLength", "ipv6IpamPoolId", "ipv6Native", "ipv6NetmaskLength", "outpostArn"],
                { effect: "replace", source: `${EC2}/vpc_subnet.go: ForceNew` },
            ),
            ipv6CidrBlock: { effect: "update", source: `${EC2}/vpc_subnet.go: ForceNewIf the old subnet assigns IPv6 on creation`, note: "replaces when assignIpv6AddressOnCreation was on" },
        },
        others: { effect: "update", source: `${EC2}/vpc_subnet.go Update` },
    },
    "aws:ec2/internetGateway:InternetGateway": {
        properties: {},
        others: { effect: "update", source: `${EC2}/vpc_internet_gateway.go: no ForceNew; a new vpcId detaches and attaches` },
    },
    "aws:ec2/routeTable:RouteTable": {
        properties: { vpcId: { effect: "replace", source: `${EC2}/vpc_route_table.go: ForceNew` } },
        others: { effect: "update", source: `${EC2}/vpc_route_table.go Update: CreateRoute, ReplaceRoute, DeleteRoute` },
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        properties: {
            ...each(["subnetId", "gatewayId"], { effect: "replace", source: `${EC2}/vpc_route_table_association.go: ForceNew` }),
            routeTableId: { effect: "update", source: `${EC2}/vpc_route_table_association.go Update: ReplaceRouteTableAssociation` },
        },
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        properties: each(["name", "namePrefix", "description", "vpcId"], { effect: "replace", source: `${EC2}/vpc_security_group.go: ForceNew` }),
        others: { effect: "update", source: `${EC2}/vpc_security_group.go Update: updateSecurityGroupRules` },
    },
    "aws:ec2/networkAcl:NetworkAcl": {
        properties: { vpcId: { effect: "replace", source: `${EC2}/vpc_network_acl.go: ForceNew` } },
        others: { effect: "update", source: `${EC2}/vpc_network_acl.go Update: entries deleted and created` },
    },
};

const regions = Object.values(aws.Region);
// Mac instances run only on Dedicated Hosts, with macOS images (EC2 user guide, "Amazon EC2 Mac instances").
const sizes = Object.values(aws.ec2.InstanceType).filter((size) => !size.startsWith("mac"));

export const provider: SiteProvider = {
    name: "aws",
    encryptsVolumesInGuest: false,
    textRules,
    changes,
    catalog: {
        source: `regions and instance types as @pulumi/aws lists them (aws.Region, ${sizes.length} aws.ec2.InstanceType values); prices in components/sites/aws.ts`,
        region: oneOf(regions),
        // Availability Zones are the region's name and a letter; which letters exist varies by region and account.
        zone: (region) => ({ accepts: (zone) => zoneLetterOf(region, zone, ""), allowed: `an Availability Zone of ${region}, such as ${region}a` }),
        size: oneOf(sizes, "an EC2 instance type other than Mac, such as m7i.large or c7g.xlarge (Graviton sizes boot the arm64 image: the node image must have an arm64 variant)"),
        // gp3: 1 GiB to 16 TiB (EBS user guide, volume types).
        volumeGb: { min: 1, max: 16384 },
        pricing: {
            region: "us-east-1",
            asOf: "2026-11-24",
            source: "AWS EC2 and EBS on-demand list prices, Linux, us-east-1 (aws.amazon.com/ec2/pricing/on-demand/, aws.amazon.com/ebs/pricing/)",
            sizes: {
                "t3.medium": 0.0416 * HOURS_PER_MONTH,
                "t3.large": 0.0832 * HOURS_PER_MONTH,
                "m6i.large": 0.096 * HOURS_PER_MONTH,
                "m6i.xlarge": 0.192 * HOURS_PER_MONTH,
                "c6i.xlarge": 0.17 * HOURS_PER_MONTH,
            },
            volumeGbMonth: 0.08,
        },
        examples: [
            { region: "eu-central-1", zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"], sizes: ["t3.medium", "m6i.large", "c7g.xlarge"] },
            { region: "us-east-2", zones: ["us-east-2a", "us-east-2b", "us-east-2c"], sizes: ["t3.large", "m7i.large"] },
            { region: "ap-northeast-1", zones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"], sizes: ["c6i.xlarge"] },
        ],
    },
    createSite: (name, args, opts) => new AwsSite(name, args, opts),
};
