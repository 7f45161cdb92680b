/**
 * What the pack knows of each cloud's raw resources: the one table behind every rule and the drill. Property names
 * are the Pulumi providers' own (their schemas; aws, gcp and hcloud are checked against the installed SDKs in
 * test/policies/clouds.test.ts). A site file can describe a cloud the pack does not know (`SiteProvider.cloud`); the
 * build hands those descriptions over in sites.generated.json, and they add to this table.
 */
import type { CloudDescription, FilterShape, FirewallShape, TypeDescription } from "./cloudTypes";

const AWS_RULE: Omit<FirewallShape, "rules"> = {
    protocol: "protocol",
    ports: { from: "fromPort", to: "toPort" },
    sources: ["cidrBlocks[]", "ipv6CidrBlocks[]", "prefixListIds[]", "securityGroups[]"],
};

function plumbing(...types: string[]): Record<string, TypeDescription> {
    return Object.fromEntries(types.map((type) => [type, { role: "network" }]));
}

/** Inline network ACL rules: lowest ruleNo first (AWS VPC user guide, "Network ACL rules"). */
const NACL_RULES: FilterShape = { rules: "ingress[]", action: "action", allow: ["allow"], order: "ruleNo", protocol: "protocol", sources: ["cidrBlock", "ipv6CidrBlock"] };

const aws: CloudDescription = {
    name: "aws",
    packages: ["aws"],
    types: {
        "aws:ec2/instance:Instance": {
            role: "machine",
            addresses: ["publicIp", "publicDns", "ipv6Addresses[]"],
            privateAddresses: ["privateIp", "privateDns"],
            // Its primary network interface: an Elastic IP attached to that interface is the instance's.
            identities: ["arn", "primaryNetworkInterfaceId"],
            stopped: [{ property: "instanceState", values: ["stopped", "stopping", "terminated", "shutting-down"] }],
            firewalls: ["vpcSecurityGroupIds[]", "securityGroups[]"],
            subnets: ["subnetId"],
        },
        // Holds its instance in a state: a stopped one does not serve.
        "aws:ec2transitgateway/instanceState:InstanceState": { role: "association", links: [{ property: "instanceId", to: ["machine"] }], stopped: [{ property: "state", values: ["stopped"] }] },
        "aws:ec2/spotInstanceRequest:SpotInstanceRequest": { role: "machine", addresses: ["publicIp", "publicDns"], identities: ["spotInstanceId"], firewalls: ["vpcSecurityGroupIds[]"] },
        "aws:lightsail/instance:Instance": { role: "machine", addresses: ["publicIpAddress", "ipv6Addresses[]"], identities: ["name"] },
        "aws:autoscaling/group:Group": { role: "group", identities: ["name", "arn"], size: ["desiredCapacity", "minSize"], links: [{ property: "targetGroupArns[]", to: ["balancer"] }, { property: "loadBalancers[]", to: ["balancer"] }] },
        "aws:ec2/eip:Eip": {
            role: "address",
            // `address` asks for a given address from a BYOIP pool: known before the EIP exists.
            addresses: ["publicIp", "publicDns", "address"],
            identities: ["allocationId"],
            links: [{ property: "instance", to: ["machine"] }, { property: "networkInterface", to: ["interface", "machine"] }],
        },
        "aws:ec2/eipAssociation:EipAssociation": {
            role: "association",
            links: [{ property: "allocationId", to: ["address"] }, { property: "publicIp", to: ["address"] }, { property: "instanceId", to: ["machine"] }, { property: "networkInterfaceId", to: ["interface", "machine"] }],
        },
        "aws:lightsail/staticIp:StaticIp": { role: "address", addresses: ["ipAddress"], identities: ["name"] },
        "aws:lightsail/staticIpAttachment:StaticIpAttachment": { role: "association", links: [{ property: "staticIpName", to: ["address"] }, { property: "instanceName", to: ["machine"] }] },
        "aws:ec2/networkInterface:NetworkInterface": { role: "interface", links: [{ property: "attachments[].instance", to: ["machine"] }] },
        "aws:ec2/networkInterfaceAttachment:NetworkInterfaceAttachment": { role: "association", links: [{ property: "instanceId", to: ["machine"] }, { property: "networkInterfaceId", to: ["interface"] }] },
        // A network load balancer's static addresses are Elastic IPs, one per subnet.
        "aws:lb/loadBalancer:LoadBalancer": { role: "balancer", addresses: ["dnsName"], identities: ["arn"], links: [{ property: "subnetMappings[].allocationId", to: ["address"] }] },
        "aws:alb/loadBalancer:LoadBalancer": { role: "balancer", addresses: ["dnsName"], identities: ["arn"], links: [{ property: "subnetMappings[].allocationId", to: ["address"] }] },
        "aws:elb/loadBalancer:LoadBalancer": { role: "balancer", addresses: ["dnsName"], identities: ["name", "arn"], links: [{ property: "instances[]", to: ["machine"] }] },
        "aws:lb/listener:Listener": {
            role: "balancer",
            links: [{ property: "loadBalancerArn", to: ["balancer"] }, { property: "defaultActions[].targetGroupArn", to: ["balancer"] }, { property: "defaultActions[].forward.targetGroups[].arn", to: ["balancer"] }],
        },
        "aws:alb/listener:Listener": { role: "balancer", links: [{ property: "loadBalancerArn", to: ["balancer"] }, { property: "defaultActions[].targetGroupArn", to: ["balancer"] }] },
        "aws:lb/targetGroup:TargetGroup": { role: "balancer", identities: ["arn"] },
        "aws:alb/targetGroup:TargetGroup": { role: "balancer", identities: ["arn"] },
        "aws:lb/targetGroupAttachment:TargetGroupAttachment": { role: "association", links: [{ property: "targetGroupArn", to: ["balancer"] }, { property: "targetId", to: ["machine"] }] },
        "aws:autoscaling/attachment:Attachment": { role: "association", links: [{ property: "autoscalingGroupName", to: ["group"] }, { property: "lbTargetGroupArn", to: ["balancer"] }, { property: "elb", to: ["balancer"] }] },
        "aws:ec2/securityGroup:SecurityGroup": { role: "firewall", identities: ["arn"], firewall: { rules: "ingress[]", ...AWS_RULE } },
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { role: "firewall", identities: ["arn"], firewall: { rules: "ingress[]", ...AWS_RULE } },
        "aws:ec2/securityGroupRule:SecurityGroupRule": {
            role: "firewall",
            links: [{ property: "securityGroupId", to: ["firewall"] }],
            firewall: { rules: "", inbound: { property: "type", values: ["ingress"] }, ...AWS_RULE, sources: ["cidrBlocks[]", "ipv6CidrBlocks[]", "prefixListIds[]", "sourceSecurityGroupId"] },
        },
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
            role: "firewall",
            links: [{ property: "securityGroupId", to: ["firewall"] }],
            firewall: { rules: "", protocol: "ipProtocol", ports: { from: "fromPort", to: "toPort" }, sources: ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"] },
        },
        // Network ACLs: inline rules, or one NetworkAclRule resource per rule (then the ACL's own list stays empty in
        // state until a refresh); attached by subnetIds or by NetworkAclAssociation (aws/ec2/networkAcl.d.ts).
        "aws:ec2/networkAcl:NetworkAcl": { role: "subnetFilter", covers: [{ property: "subnetIds[]", to: ["machine"] }], filter: NACL_RULES },
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": { role: "subnetFilter", identities: ["defaultNetworkAclId"], covers: [{ property: "subnetIds[]", to: ["machine"] }], filter: NACL_RULES },
        "aws:ec2/networkAclRule:NetworkAclRule": {
            role: "subnetFilter",
            links: [{ property: "networkAclId", to: ["subnetFilter"] }],
            filter: { rules: "", action: "ruleAction", allow: ["allow"], order: "ruleNumber", protocol: "protocol", sources: ["cidrBlock", "ipv6CidrBlock"], outbound: "egress" },
        },
        "aws:ec2/networkAclAssociation:NetworkAclAssociation": { role: "association", links: [{ property: "networkAclId", to: ["subnetFilter"] }], covers: [{ property: "subnetId", to: ["machine"] }] },
        "aws:ebs/volume:Volume": { role: "volume" },
        ...plumbing("aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/volumeAttachment:VolumeAttachment", "aws:ec2/keyPair:KeyPair", "aws:ec2/placementGroup:PlacementGroup"),
        "aws:ec2/launchTemplate:LaunchTemplate": { role: "template", identities: ["arn", "name"] },
        "aws:ec2/launchConfiguration:LaunchConfiguration": { role: "template", identities: ["arn", "name"] },
    },
};

const GCP_POLICY_RULE: FirewallShape = {
    rules: "match.layer4Configs[]",
    inbound: { property: "^direction", values: ["INGRESS"] },
    allows: { property: "^action", values: ["allow"] },
    protocol: "ipProtocol",
    ports: { text: ["ports[]"] },
    sources: ["^match.srcIpRanges[]", "^match.srcAddressGroups[]", "^match.srcFqdns[]", "^match.srcRegionCodes[]", "^match.srcThreatIntelligences[]", "^match.srcSecureTags[].name"],
    disabled: "disabled",
};

/** GCP target proxies: each names the URL map or backend service behind it. */
function proxies(types: string[], next: string): Record<string, TypeDescription> {
    return Object.fromEntries(types.map((type) => [`gcp:compute/${type}`, { role: "balancer", identities: ["selfLink"], links: [{ property: next, to: ["balancer"] }] }]));
}

const URL_MAP_SERVICES = [
    { property: "defaultService", to: ["balancer"] },
    { property: "pathMatchers[].defaultService", to: ["balancer"] },
    { property: "pathMatchers[].pathRules[].service", to: ["balancer"] },
] satisfies TypeDescription["links"];

const GCP_POLICY_TARGETS = { tags: "targetServiceAccounts[]", machineTags: "serviceAccount.email" };

const gcp: CloudDescription = {
    name: "gcp",
    packages: ["gcp", "google-native"],
    types: {
        "gcp:compute/instance:Instance": {
            role: "machine",
            addresses: ["networkInterfaces[].accessConfigs[].natIp", "networkInterfaces[].ipv6AccessConfigs[].externalIpv6"],
            privateAddresses: ["networkInterfaces[].networkIp"],
            // Every VPC network has an implied rule denying all ingress (VPC firewall rules, "Implied rules").
            uncoveredRefused: true,
            identities: ["selfLink", "instanceId"],
            stopped: [{ property: "desiredStatus", values: ["TERMINATED", "SUSPENDED"] }, { property: "currentStatus", values: ["TERMINATED", "STOPPING", "SUSPENDED", "SUSPENDING"] }],
            links: [{ property: "networkInterfaces", to: ["address"] }],
        },
        "gcp:compute/instanceFromTemplate:InstanceFromTemplate": {
            role: "machine",
            // Fields set on the instance override the template's; the rest come from it (provider docs).
            template: "sourceInstanceTemplate",
            addresses: ["networkInterfaces[].accessConfigs[].natIp"],
            privateAddresses: ["networkInterfaces[].networkIp"],
            uncoveredRefused: true,
            identities: ["selfLink", "instanceId"],
            stopped: [{ property: "desiredStatus", values: ["TERMINATED", "SUSPENDED"] }, { property: "currentStatus", values: ["TERMINATED", "STOPPING", "SUSPENDED", "SUSPENDING"] }],
            links: [{ property: "networkInterfaces", to: ["address"] }],
        },
        "gcp:compute/instanceGroupManager:InstanceGroupManager": { role: "group", identities: ["instanceGroup", "selfLink"], size: ["targetSize"], links: [{ property: "targetPools[]", to: ["balancer"] }] },
        "gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager": { role: "group", identities: ["instanceGroup", "selfLink"], size: ["targetSize"], links: [{ property: "targetPools[]", to: ["balancer"] }] },
        "gcp:compute/address:Address": { role: "address", addresses: ["address"], identities: ["selfLink"] },
        "gcp:compute/globalAddress:GlobalAddress": { role: "address", addresses: ["address"], identities: ["selfLink"] },
        "gcp:compute/forwardingRule:ForwardingRule": {
            role: "balancer",
            addresses: ["ipAddress"],
            identities: ["selfLink"],
            links: [{ property: "ipAddress", to: ["address"] }, { property: "target", to: ["balancer"] }, { property: "backendService", to: ["balancer"] }],
        },
        "gcp:compute/globalForwardingRule:GlobalForwardingRule": {
            role: "balancer",
            addresses: ["ipAddress"],
            identities: ["selfLink"],
            links: [{ property: "ipAddress", to: ["address"] }, { property: "target", to: ["balancer"] }],
        },
        // External Application and proxy load balancers: forwarding rule → target proxy → URL map → backend service.
        ...proxies(["targetHttpsProxy:TargetHttpsProxy", "targetHttpProxy:TargetHttpProxy", "regionTargetHttpsProxy:RegionTargetHttpsProxy", "regionTargetHttpProxy:RegionTargetHttpProxy"], "urlMap"),
        ...proxies(["targetSSLProxy:TargetSSLProxy", "targetTCPProxy:TargetTCPProxy", "regionTargetTcpProxy:RegionTargetTcpProxy"], "backendService"),
        "gcp:compute/uRLMap:URLMap": { role: "balancer", identities: ["selfLink"], links: URL_MAP_SERVICES },
        "gcp:compute/regionUrlMap:RegionUrlMap": { role: "balancer", identities: ["selfLink"], links: URL_MAP_SERVICES },
        // An unmanaged instance group: the instances it lists.
        "gcp:compute/instanceGroup:InstanceGroup": { role: "balancer", identities: ["selfLink"], links: [{ property: "instances[]", to: ["machine"] }] },
        "gcp:compute/targetPool:TargetPool": { role: "balancer", identities: ["selfLink"], links: [{ property: "instances[]", to: ["machine"] }] },
        "gcp:compute/targetInstance:TargetInstance": { role: "balancer", identities: ["selfLink"], links: [{ property: "instance", to: ["machine"] }] },
        "gcp:compute/regionBackendService:RegionBackendService": { role: "balancer", identities: ["selfLink"], links: [{ property: "backends[].group", to: ["group", "balancer"] }] },
        "gcp:compute/backendService:BackendService": { role: "balancer", identities: ["selfLink"], links: [{ property: "backends[].group", to: ["group", "balancer"] }] },
        "gcp:compute/firewall:Firewall": {
            role: "firewall",
            coversTagged: { tags: "targetTags[]", machineTags: "tags[]" },
            firewall: {
                rules: "allows[]",
                inbound: { property: "^direction", values: ["INGRESS"], otherwise: true },
                protocol: "protocol",
                ports: { text: ["ports[]"] },
                sources: ["^sourceRanges[]", "^sourceTags[]", "^sourceServiceAccounts[]"],
                // An ingress rule with no source admits 0.0.0.0/0 (Compute Engine API, firewalls.insert, sourceRanges;
                // hashicorp/terraform-provider-google#6789).
                defaultSources: ["0.0.0.0/0"],
                disabled: "disabled",
            },
        },
        // Hierarchical and network firewall policies: one rule per resource, its ports in match.layer4Configs.
        // With no target service account, a rule applies to every instance the policy reaches.
        "gcp:compute/firewallPolicyRule:FirewallPolicyRule": { role: "firewall", firewall: GCP_POLICY_RULE, coversTagged: GCP_POLICY_TARGETS },
        "gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule": { role: "firewall", firewall: GCP_POLICY_RULE, coversTagged: GCP_POLICY_TARGETS },
        "gcp:compute/regionNetworkFirewallPolicyRule:RegionNetworkFirewallPolicyRule": { role: "firewall", firewall: GCP_POLICY_RULE, coversTagged: GCP_POLICY_TARGETS },
        "gcp:compute/disk:Disk": { role: "volume" },
        "gcp:compute/regionDisk:RegionDisk": { role: "volume" },
        ...plumbing("gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:compute/router:Router", "gcp:compute/routerNat:RouterNat", "gcp:compute/route:Route", "gcp:compute/attachedDisk:AttachedDisk", "gcp:compute/resourcePolicy:ResourcePolicy"),
        "gcp:compute/instanceTemplate:InstanceTemplate": { role: "template", identities: ["selfLink", "selfLinkUnique", "name"] },
        "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate": { role: "template", identities: ["selfLink", "name"] },
    },
};

const hetzner: CloudDescription = {
    name: "hetzner",
    packages: ["hcloud"],
    types: {
        "hcloud:index/server:Server": {
            role: "machine",
            addresses: ["ipv4Address", "ipv6Address"],
            privateAddresses: ["networks[].ip"],
            stopped: [{ property: "status", values: ["off", "stopping", "deleting"] }],
            firewalls: ["firewallIds[]"],
            // "If no firewall is applied, all traffic is allowed" (Hetzner Cloud docs, Firewalls overview).
            uncoveredOpen: true,
            links: [{ property: "publicNets[].ipv4", to: ["address"] }, { property: "publicNets[].ipv6", to: ["address"] }],
        },
        "hcloud:index/primaryIp:PrimaryIp": { role: "address", addresses: ["ipAddress"], links: [{ property: "assigneeId", to: ["machine"] }] },
        "hcloud:index/floatingIp:FloatingIp": { role: "address", addresses: ["ipAddress"], links: [{ property: "serverId", to: ["machine"] }] },
        "hcloud:index/floatingIpAssignment:FloatingIpAssignment": { role: "association", links: [{ property: "floatingIpId", to: ["address"] }, { property: "serverId", to: ["machine"] }] },
        "hcloud:index/loadBalancer:LoadBalancer": { role: "balancer", addresses: ["ipv4", "ipv6"] },
        "hcloud:index/loadBalancerTarget:LoadBalancerTarget": { role: "association", links: [{ property: "loadBalancerId", to: ["balancer"] }, { property: "serverId", to: ["machine"] }], coversSelected: ["labelSelector"] },
        "hcloud:index/firewall:Firewall": {
            role: "firewall",
            covers: [{ property: "applyTos[].server", to: ["machine"] }],
            coversSelected: ["applyTos[].labelSelector"],
            firewall: { rules: "rules[]", inbound: { property: "direction", values: ["in"] }, protocol: "protocol", ports: { text: ["port"] }, sources: ["sourceIps[]"] },
        },
        "hcloud:index/firewallAttachment:FirewallAttachment": { role: "association", links: [{ property: "firewallId", to: ["firewall"] }, { property: "serverIds[]", to: ["machine"] }], coversSelected: ["labelSelectors[]"] },
        "hcloud:index/volume:Volume": { role: "volume" },
        ...plumbing("hcloud:index/network:Network", "hcloud:index/networkSubnet:NetworkSubnet", "hcloud:index/networkRoute:NetworkRoute", "hcloud:index/serverNetwork:ServerNetwork", "hcloud:index/placementGroup:PlacementGroup", "hcloud:index/sshKey:SshKey", "hcloud:index/volumeAttachment:VolumeAttachment"),
    },
};

/** An Azure security rule, the same in both SDKs, as an NSG's list entry or as a resource of its own. */
const AZURE_RULE = {
    inbound: { property: "direction", values: ["Inbound"] },
    allows: { property: "access", values: ["Allow"] },
    protocol: "protocol",
    ports: { text: ["destinationPortRange", "destinationPortRanges[]"] },
    sources: ["sourceAddressPrefix", "sourceAddressPrefixes[]"],
};

const azureNative: CloudDescription = {
    name: "azure",
    packages: ["azure-native", "azure"],
    types: {
        "azure-native:compute:VirtualMachine": { role: "machine", identities: ["vmId"], links: [{ property: "networkProfile.networkInterfaces[].id", to: ["interface"] }] },
        "azure-native:compute:VirtualMachineScaleSet": { role: "group", size: ["sku.capacity"] },
        "azure-native:network:NetworkInterface": { role: "interface", links: [{ property: "ipConfigurations[].publicIPAddress.id", to: ["address"] }, { property: "virtualMachine.id", to: ["machine"] }] },
        "azure-native:network:PublicIPAddress": { role: "address", addresses: ["ipAddress"] },
        "azure-native:network:NetworkSecurityGroup": {
            role: "firewall",
            firewall: { rules: "securityRules[]", ...AZURE_RULE },
        },
        "azure-native:network:SecurityRule": {
            role: "firewall",
            firewall: { rules: "", ...AZURE_RULE },
        },
        "azure-native:compute:Disk": { role: "volume" },
        "azure:compute/linuxVirtualMachine:LinuxVirtualMachine": { role: "machine", addresses: ["publicIpAddress", "publicIpAddresses[]"], links: [{ property: "networkInterfaceIds[]", to: ["interface"] }] },
        "azure:compute/windowsVirtualMachine:WindowsVirtualMachine": { role: "machine", addresses: ["publicIpAddress", "publicIpAddresses[]"], links: [{ property: "networkInterfaceIds[]", to: ["interface"] }] },
        "azure:compute/virtualMachine:VirtualMachine": { role: "machine", links: [{ property: "networkInterfaceIds[]", to: ["interface"] }] },
        "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet": { role: "group", size: ["instances"] },
        "azure:network/networkInterface:NetworkInterface": { role: "interface", links: [{ property: "ipConfigurations[].publicIpAddressId", to: ["address"] }] },
        "azure:network/publicIp:PublicIp": { role: "address", addresses: ["ipAddress"] },
        "azure:network/networkSecurityGroup:NetworkSecurityGroup": {
            role: "firewall",
            firewall: { rules: "securityRules[]", ...AZURE_RULE },
        },
        "azure:network/networkSecurityRule:NetworkSecurityRule": {
            role: "firewall",
            firewall: { rules: "", ...AZURE_RULE },
        },
        "azure:compute/managedDisk:ManagedDisk": { role: "volume" },
    },
};

const digitalocean: CloudDescription = {
    name: "digitalocean",
    packages: ["digitalocean"],
    types: {
        // Droplets without a cloud firewall accept all traffic (DigitalOcean docs, Cloud Firewalls).
        "digitalocean:index/droplet:Droplet": { role: "machine", addresses: ["ipv4Address", "ipv6Address"], identities: ["dropletUrn"], stopped: [{ property: "status", values: ["off", "archive"] }], uncoveredOpen: true },
        "digitalocean:index/reservedIp:ReservedIp": { role: "address", addresses: ["ipAddress"], links: [{ property: "dropletId", to: ["machine"] }] },
        "digitalocean:index/reservedIpAssignment:ReservedIpAssignment": { role: "association", links: [{ property: "ipAddress", to: ["address"] }, { property: "dropletId", to: ["machine"] }] },
        "digitalocean:index/floatingIp:FloatingIp": { role: "address", addresses: ["ipAddress"], links: [{ property: "dropletId", to: ["machine"] }] },
        "digitalocean:index/floatingIpAssignment:FloatingIpAssignment": { role: "association", links: [{ property: "ipAddress", to: ["address"] }, { property: "dropletId", to: ["machine"] }] },
        "digitalocean:index/loadBalancer:LoadBalancer": { role: "balancer", addresses: ["ip"], links: [{ property: "dropletIds[]", to: ["machine"] }] },
        "digitalocean:index/firewall:Firewall": {
            role: "firewall",
            covers: [{ property: "dropletIds[]", to: ["machine"] }],
            coversTagged: { tags: "tags[]", machineTags: "tags[]", untaggedCoversNone: true },
            firewall: { rules: "inboundRules[]", protocol: "protocol", ports: { text: ["portRange"] }, sources: ["sourceAddresses[]", "sourceTags[]", "sourceDropletIds[]", "sourceLoadBalancerUids[]", "sourceKubernetesIds[]"] },
        },
        "digitalocean:index/volume:Volume": { role: "volume" },
    },
};

const linode: CloudDescription = {
    name: "linode",
    packages: ["linode"],
    types: {
        // A Linode with no Cloud Firewall assigned accepts all traffic (Linode docs, Cloud Firewall).
        "linode:index/instance:Instance": { role: "machine", addresses: ["ipAddress", "ipv4s[]", "ipv6"], firewalls: ["firewallId"], uncoveredOpen: true },
        "linode:index/firewall:Firewall": {
            role: "firewall",
            covers: [{ property: "linodes[]", to: ["machine"] }],
            firewall: { rules: "inbounds[]", allows: { property: "action", values: ["ACCEPT"] }, protocol: "protocol", ports: { text: ["ports"] }, sources: ["ipv4s[]", "ipv6s[]"] },
        },
        "linode:index/firewallDevice:FirewallDevice": { role: "association", links: [{ property: "firewallId", to: ["firewall"] }, { property: "entityId", to: ["machine"] }] },
        "linode:index/volume:Volume": { role: "volume" },
    },
};

const vultr: CloudDescription = {
    name: "vultr",
    packages: ["vultr"],
    types: {
        // An instance in no firewall group accepts all traffic (Vultr docs, Firewall).
        "vultr:index/instance:Instance": { role: "machine", addresses: ["mainIp", "v6MainIp"], firewalls: ["firewallGroupId"], uncoveredOpen: true },
        "vultr:index/bareMetalServer:BareMetalServer": { role: "machine", addresses: ["mainIp", "v6MainIp"] },
        "vultr:index/reservedIp:ReservedIp": { role: "address", addresses: ["subnet"], links: [{ property: "instanceId", to: ["machine"] }] },
        // `source: "cloudflare"` admits Cloudflare's ranges whatever `subnet` says (Vultr API, firewall rules).
        "vultr:index/firewallGroup:FirewallGroup": { role: "firewall" },
        "vultr:index/firewallRule:FirewallRule": {
            role: "firewall",
            links: [{ property: "firewallGroupId", to: ["firewall"] }],
            firewall: { rules: "", protocol: "protocol", ports: { text: ["port"] }, sources: ["subnet"], namedSource: "source" },
        },
        "vultr:index/blockStorage:BlockStorage": { role: "volume" },
    },
};

const others: CloudDescription[] = [
    { name: "oci", packages: ["oci"], types: { "oci:Core/instance:Instance": { role: "machine", addresses: ["publicIp"] }, "oci:Core/instancePool:InstancePool": { role: "group", size: ["size"] }, "oci:Core/volume:Volume": { role: "volume" } } },
    { name: "scaleway", packages: ["scaleway"], types: { "scaleway:index/instanceServer:InstanceServer": { role: "machine", addresses: ["publicIp", "publicIps[].address"] } } },
    { name: "equinix", packages: ["equinix"], types: { "equinix:metal/device:Device": { role: "machine", addresses: ["accessPublicIpv4", "accessPublicIpv6"] } } },
    { name: "ovh", packages: ["ovh"], types: { "ovh:CloudProject/instance:Instance": { role: "machine", addresses: ["addresses[].ip"] } } },
];

function siteClouds(): CloudDescription[] {
    try {
        // Written by the build from each site provider's `cloud` (scripts/build.js).
        return require("./sites.generated.json") as CloudDescription[];
    } catch {
        return [];
    }
}

export const BUILT_IN_CLOUDS: readonly CloudDescription[] = [aws, gcp, hetzner, azureNative, digitalocean, linode, vultr, ...others];

const clouds: CloudDescription[] = [...BUILT_IN_CLOUDS, ...siteClouds()];
const byPackage = new Map(clouds.flatMap((cloud) => cloud.packages.map((pkg) => [pkg, cloud.name] as const)));
const byType = new Map<string, TypeDescription>(clouds.flatMap((cloud) => Object.entries(cloud.types)));

/** The cloud a type token belongs to: the package's cloud, or the package itself. */
export function cloudOf(type: string): string {
    const pkg = type.split(":")[0];
    return byPackage.get(pkg) ?? pkg;
}

export function descriptionOf(type: string): TypeDescription | undefined {
    return byType.get(type);
}

/** Packages of clouds the pack knows, as opposed to DNS, TLS or Pulumi's own. */
export function isCloudPackage(pkg: string): boolean {
    return byPackage.has(pkg);
}
