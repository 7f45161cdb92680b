/**
 * Maps a resource type token to the cloud it runs on and the role it plays. Rules use this instead of our
 * component names, so that code that bypasses the components is judged the same. To teach the pack a new
 * provider, add its package to CLOUDS and its types to ROLES.
 */

export type Role = "node" | "nodeGroup" | "nodeTemplate" | "loadBalancer" | "pool" | "monitor" | "dnsRecord" | "firewall" | "firewallRule" | "volume";

/** Package of a type token to the cloud it belongs to. */
const CLOUDS: Record<string, string> = {
    aws: "aws",
    gcp: "gcp",
    "google-native": "gcp",
    hcloud: "hetzner",
    azure: "azure",
    "azure-native": "azure",
    digitalocean: "digitalocean",
    linode: "linode",
    vultr: "vultr",
    ovh: "ovh",
    oci: "oci",
    equinix: "equinix",
    scaleway: "scaleway",
    cloudflare: "cloudflare",
    ns1: "ns1",
};

const ROLES: Record<string, Role> = {
    "aws:ec2/instance:Instance": "node",
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": "node",
    "aws:lightsail/instance:Instance": "node",
    "aws:autoscaling/group:Group": "nodeGroup",
    "aws:ec2/launchTemplate:LaunchTemplate": "nodeTemplate",
    "gcp:compute/instance:Instance": "node",
    "gcp:compute/instanceFromTemplate:InstanceFromTemplate": "node",
    "gcp:compute/instanceGroupManager:InstanceGroupManager": "nodeGroup",
    "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager": "nodeGroup",
    "gcp:compute/instanceTemplate:InstanceTemplate": "nodeTemplate",
    "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate": "nodeTemplate",
    "hcloud:index/server:Server": "node",
    "azure:compute/linuxVirtualMachine:LinuxVirtualMachine": "node",
    "azure:compute/windowsVirtualMachine:WindowsVirtualMachine": "node",
    "azure:compute/virtualMachine:VirtualMachine": "node",
    "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet": "nodeGroup",
    "azure-native:compute:VirtualMachine": "node",
    "azure-native:compute:VirtualMachineScaleSet": "nodeGroup",
    "digitalocean:index/droplet:Droplet": "node",
    "linode:index/instance:Instance": "node",
    "vultr:index/instance:Instance": "node",
    "vultr:index/bareMetalServer:BareMetalServer": "node",
    "ovh:CloudProject/instance:Instance": "node",
    "oci:Core/instance:Instance": "node",
    "oci:Core/instancePool:InstancePool": "nodeGroup",
    "equinix:metal/device:Device": "node",
    "scaleway:index/instanceServer:InstanceServer": "node",

    "cloudflare:index/loadBalancer:LoadBalancer": "loadBalancer",
    "cloudflare:index/loadBalancerPool:LoadBalancerPool": "pool",
    "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor": "monitor",
    "cloudflare:index/dnsRecord:DnsRecord": "dnsRecord",
    "cloudflare:index/record:Record": "dnsRecord",
    "aws:route53/record:Record": "dnsRecord",
    "gcp:dns/recordSet:RecordSet": "dnsRecord",
    "azure:dns/aRecord:ARecord": "dnsRecord",
    "ns1:index/record:Record": "dnsRecord",

    "aws:ec2/securityGroup:SecurityGroup": "firewall",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "firewallRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "firewallRule",
    "gcp:compute/firewall:Firewall": "firewall",
    "hcloud:index/firewall:Firewall": "firewall",

    "aws:ebs/volume:Volume": "volume",
    "gcp:compute/disk:Disk": "volume",
    "gcp:compute/regionDisk:RegionDisk": "volume",
    "hcloud:index/volume:Volume": "volume",
    "azure:compute/managedDisk:ManagedDisk": "volume",
    "azure-native:compute:Disk": "volume",
    "digitalocean:index/volume:Volume": "volume",
    "linode:index/volume:Volume": "volume",
    "vultr:index/blockStorage:BlockStorage": "volume",
    "oci:Core/volume:Volume": "volume",
};

/** Types whose names look like compute but are not exchange nodes (managed databases and the like). */
const NOT_COMPUTE = new Set([
    "aws:rds/instance:Instance",
    "aws:rds/clusterInstance:ClusterInstance",
    "aws:ec2/instanceProfile:InstanceProfile",
    "gcp:sql/databaseInstance:DatabaseInstance",
    "gcp:spanner/instance:Instance",
    "gcp:redis/instance:Instance",
    "gcp:filestore/instance:Instance",
    "gcp:bigtable/instance:Instance",
]);

const COMPUTE_LIKE = /(Instance|Server|Droplet|VirtualMachine|VirtualMachineScaleSet|Vm|Machine|Device)$/;

export function cloudOf(type: string): string {
    const pkg = type.split(":")[0];
    return CLOUDS[pkg] ?? pkg;
}

export function roleOf(type: string): Role | undefined {
    return ROLES[type];
}

/** True for a type that looks like compute on a cloud package but that the classifier does not know. */
export function isUnclassifiedCompute(type: string): boolean {
    if (type in ROLES || NOT_COMPUTE.has(type) || type.startsWith("pulumi:")) {
        return false;
    }
    const [pkg, , name = ""] = type.split(":");
    return pkg !== undefined && !pkg.includes("exchange") && COMPUTE_LIKE.test(name);
}
