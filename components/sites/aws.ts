import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HOURS_PER_MONTH, nodeUserData, siteLabels, zoneFor, type Origin, type Site, type SiteArgs, type SiteProvider } from "./site";

const CANONICAL_OWNER = "099720109477";
const DATA_DEVICE_NAME = "/dev/sdf";

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
        // Subnets span at least two availability zones even when the nodes use one, so a site can grow into a
        // second zone (and take a load balancer) without reshaping its network. A subnet's range follows the zone's
        // place in the region, so reordering `zones` replaces nothing.
        const regionZones = provider.catalog.regions[site.region];
        const subnetZones = [...new Set([...site.zones, ...regionZones])].slice(0, Math.max(2, site.zones.length));
        const subnets = new Map(subnetZones.map((zone) => {
            const subnet = new aws.ec2.Subnet(`${name}-subnet-${zone}`, {
                vpcId: vpc.id,
                availabilityZone: zone,
                cidrBlock: `10.20.${regionZones.indexOf(zone)}.0/24`,
                // Instances need outbound access for packages before their Elastic IP is associated.
                mapPublicIpOnLaunch: true,
                tags: tags("network"),
            }, child);
            new aws.ec2.RouteTableAssociation(`${name}-routes-${zone}`, { subnetId: subnet.id, routeTableId: routes.id }, child);
            return [zone, subnet];
        }));

        const firewall = new aws.ec2.SecurityGroup(`${name}-firewall`, {
            vpcId: vpc.id,
            description: `exchange node ${site.name}: node port from Cloudflare only`,
            ingress: args.isolated ? [] : [{
                description: "HTTPS from Cloudflare's published ranges",
                protocol: "tcp",
                fromPort: node.port,
                toPort: node.port,
                cidrBlocks: args.originRanges.ipv4,
                ipv6CidrBlocks: args.originRanges.ipv6,
            }],
            egress: [{ description: "packages and container images", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
            tags: tags("firewall"),
        }, child);

        const ami = aws.ec2.getAmiOutput({
            owners: [CANONICAL_OWNER],
            mostRecent: true,
            filters: [
                { name: "name", values: ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"] },
                { name: "architecture", values: ["x86_64"] },
            ],
        }, { parent: this, provider: awsProvider });

        this.origins = Array.from({ length: site.nodes }, (_, index) => {
            const nodeName = `${name}-node-${index}`;
            const zone = zoneFor(site, index);
            const volume = new aws.ebs.Volume(`${name}-data-${index}`, {
                availabilityZone: zone,
                size: site.volumeGb,
                type: "gp3",
                encrypted: true,
                tags: tags("data"),
            }, { ...child, retainOnDelete: true, protect: args.protectData });
            const userData = nodeUserData(args, volume.id.apply((volumeId) => ({
                site: `aws/${site.region}`,
                node: nodeName,
                dataDevice: `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${volumeId.replace("-", "")}`,
            })));
            const instance = new aws.ec2.Instance(nodeName, {
                ami: ami.id,
                instanceType: site.size,
                subnetId: subnets.get(zone)!.id,
                vpcSecurityGroupIds: [firewall.id],
                metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
                rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
                userData,
                userDataReplaceOnChange: true,
                tags: tags("node"),
            }, { ...child, ignoreChanges: ["ami"] });
            new aws.ec2.VolumeAttachment(`${name}-data-attach-${index}`, {
                deviceName: DATA_DEVICE_NAME,
                volumeId: volume.id,
                instanceId: instance.id,
                stopInstanceBeforeDetaching: true,
            }, { ...child, deleteBeforeReplace: true });
            const address = new aws.ec2.Eip(`${name}-ip-${index}`, { domain: "vpc", instance: instance.id, tags: tags("address") }, child);
            return { name: nodeName, address: address.publicIp, provider: "aws", region: site.region, zone, weight: site.weight };
        });

        this.registerOutputs({ origins: this.origins });
    }
}

export const provider: SiteProvider = {
    name: "aws",
    encryptsVolumesInGuest: false,
    catalog: {
        regions: {
            "us-east-1": ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"],
            "us-west-2": ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"],
            "eu-central-1": ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
            "eu-west-1": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
            "ap-northeast-1": ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
            "ap-southeast-1": ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"],
        },
        sizes: {
            "t3.medium": 0.0416 * HOURS_PER_MONTH,
            "t3.large": 0.0832 * HOURS_PER_MONTH,
            "m6i.large": 0.096 * HOURS_PER_MONTH,
            "m6i.xlarge": 0.192 * HOURS_PER_MONTH,
            "c6i.xlarge": 0.17 * HOURS_PER_MONTH,
        },
        volumeGbMonth: 0.08,
        pricing: { asOf: "2026-11-24", source: "AWS EC2 and EBS on-demand list prices, us-east-1, Linux (t3.medium, t3.large, m6i.large from shared/FACTS.md; m6i.xlarge, c6i.xlarge and gp3 from the public price list, not re-checked)" },
    },
    createSite: (name, args, opts) => new AwsSite(name, args, opts),
};
