/**
 * Honest multi-cloud stacks: what careful platform teams write when they spread serving traffic over two or more
 * clouds behind a proxied Cloudflare load balancer. Every one of them must pass every mandatory rule in every variant
 * (deployed or first preview, dependencies in program or sorted order).
 *
 * Written by hand from the providers' schemas (type tokens and property names as the SDKs declare them), not from
 * the policy pack. Addresses are from the documentation ranges; Cloudflare IDs are 32 hex characters.
 */
import { createHash } from "crypto";
import { CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CorpusStack, GOOGLE_HEALTH_CHECKERS, ref, type CorpusCase, type CorpusResource, type Ref } from "./builder";

// ---------------------------------------------------------------------------------------------------------------
// Shared facts
// ---------------------------------------------------------------------------------------------------------------

/** The office egress range operators SSH from. */
const OFFICE = "198.51.100.224/28";

const UBUNTU_AMI = { "eu-central-1": "ami-0e04bcbe83a83792e", "us-east-1": "ami-0e2c8caa4b6378d8c", "us-east-2": "ami-036841078a4b68e14", "eu-west-1": "ami-03fd334507439f4d1", "eu-west-2": "ami-091f18e98bc129c4e", "us-west-2": "ami-05d38da78ce859165", "ap-southeast-1": "ami-047126e50991d067b" } as const;
const GCE_UBUNTU = "projects/ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64";
const GCP_PROJECT = "acme-exchange-prod";

const CERT_PEM = "-----BEGIN CERTIFICATE-----\nMIIBuTCCAV+gAwIBAgIUOriginPullClientCertificateExampleOnlyAAAAAwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n";
const KEY_PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIExampleOnlyNotARealKeyAAAAAAAAAAAAAAAAAAAAAAAAAAoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n";
const CSR_PEM = "-----BEGIN CERTIFICATE REQUEST-----\nMIICijCCAXICAQAwRTELMAkGA1UEBhMCREUxExample\n-----END CERTIFICATE REQUEST-----\n";

function hex(seed: string, length = 32): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}
function uuid(seed: string): string {
    const h = hex(seed);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
function digits(seed: string, length = 8): string {
    return String(BigInt(`0x${hex(seed, 12)}`) % BigInt(10 ** (length - 1)) + BigInt(10 ** (length - 1)));
}
const toNumber = (value: unknown) => Number(value);

interface Placement {
    provider?: CorpusResource;
    parent?: CorpusResource;
}

// ---------------------------------------------------------------------------------------------------------------
// Cloudflare
// ---------------------------------------------------------------------------------------------------------------

interface Zone {
    domain: string;
    zoneId: string;
    accountId: string;
}
function zone(domain: string): Zone {
    return { domain, zoneId: hex(`zone:${domain}`), accountId: hex(`account:${domain}`) };
}

/** Per-hostname Authenticated Origin Pulls: the client certificate Cloudflare presents, and its association with each hostname. */
function hostnameOriginPulls(s: CorpusStack, z: Zone, hostnames: string[], name = "origin-pull", at: Placement = {}): void {
    const certificate = s.resource("cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate", `${name}-cert`, {
        zoneId: z.zoneId,
        certificate: CERT_PEM,
        privateKey: KEY_PEM,
    }, { ...at, outputs: { id: uuid(`${s.name}:${name}:cert`), status: "active", issuer: `CN=${z.domain} origin-pull CA`, expiresOn: "2027-03-01T00:00:00Z", serialNumber: hex(`${name}:serial`, 16) } });
    s.resource("cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls", name, {
        zoneId: z.zoneId,
        configs: hostnames.map((hostname) => ({ hostname, certId: ref(certificate), enabled: true })),
    }, { ...at, outputs: { id: hex(`${s.name}:${name}:aop`), status: "active" }, dependsOn: [certificate] });
}

/** Zone-wide Authenticated Origin Pulls with the zone's own client certificate. */
function zoneOriginPulls(s: CorpusStack, z: Zone, at: Placement = {}): void {
    const certificate = s.resource("cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate", "zone-origin-pull-cert", {
        zoneId: z.zoneId,
        certificate: CERT_PEM,
        privateKey: KEY_PEM,
    }, { ...at, outputs: { id: uuid(`${s.name}:zone-aop-cert`), certificateId: uuid(`${s.name}:zone-aop-cert`), status: "active", expiresOn: "2027-06-30T00:00:00Z" } });
    s.resource("cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings", "zone-origin-pull", {
        zoneId: z.zoneId,
        enabled: true,
    }, { ...at, outputs: { id: z.zoneId }, dependsOn: [certificate] });
}

function originCertificate(s: CorpusStack, hostnames: string[], at: Placement = {}): CorpusResource {
    return s.resource("cloudflare:index/originCaCertificate:OriginCaCertificate", "origin-cert", {
        csr: CSR_PEM,
        hostnames,
        requestType: "origin-ecc",
        requestedValidity: 365,
    }, { ...at, outputs: { id: digits(`${s.name}:origin-cert`, 18), certificate: CERT_PEM, expiresOn: "2027-01-15 10:00:00 +0000 UTC" } });
}

function strictTls(s: CorpusStack, z: Zone, at: Placement = {}): CorpusResource {
    return s.resource("cloudflare:index/zoneSetting:ZoneSetting", "ssl-strict", { zoneId: z.zoneId, settingId: "ssl", value: "strict" }, { ...at, outputs: { id: "ssl", editable: true } });
}

interface MonitorTiming {
    interval: number;
    timeout: number;
    retries: number;
    consecutiveDown?: number;
    consecutiveUp?: number;
}
function httpsMonitor(s: CorpusStack, name: string, z: Zone, hostname: string, timing: MonitorTiming, extra: Record<string, unknown> = {}, at: Placement = {}): CorpusResource {
    return s.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", name, {
        accountId: z.accountId,
        type: "https",
        method: "GET",
        path: "/healthz",
        port: 443,
        expectedCodes: "200",
        header: { Host: [hostname] },
        allowInsecure: false,
        probeZone: z.domain,
        description: `${hostname} /healthz`,
        ...timing,
        ...extra,
    }, { ...at, outputs: { id: hex(`${s.name}:${name}:monitor`), createdOn: "2025-11-03T09:12:44Z", modifiedOn: "2025-11-03T09:12:44Z" } });
}

interface OriginSpec {
    name: string;
    address: string | Ref;
    weight?: number;
    enabled?: boolean;
    port?: number;
    header?: { hosts: string[] };
}
function pool(s: CorpusStack, name: string, z: Zone, args: { monitor: string | Ref; origins: OriginSpec[]; description?: string; minimumOrigins?: number; checkRegions?: string[]; enabled?: boolean; [key: string]: unknown }, at: Placement = {}, id = hex(`${s.name}:${name}:pool`)): CorpusResource {
    const { origins, ...rest } = args;
    return s.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", name, {
        accountId: z.accountId,
        name: `${z.domain.replace(/\./g, "-")}-${name}`,
        minimumOrigins: 1,
        enabled: true,
        ...rest,
        origins: origins.map((origin) => ({ port: 443, weight: 1, enabled: true, ...origin })),
    }, { ...at, outputs: { id, createdOn: "2025-11-03T09:13:02Z", modifiedOn: "2025-11-03T09:13:02Z" } });
}

function loadBalancer(s: CorpusStack, name: string, z: Zone, args: Record<string, unknown>, at: Placement = {}): CorpusResource {
    return s.resource("cloudflare:index/loadBalancer:LoadBalancer", name, {
        zoneId: z.zoneId,
        proxied: true,
        enabled: true,
        steeringPolicy: "off",
        sessionAffinity: "none",
        adaptiveRouting: { failoverAcrossPools: true },
        ...args,
    }, { ...at, outputs: { id: hex(`${s.name}:${name}:lb`), createdOn: "2025-11-03T09:13:30Z", modifiedOn: "2025-11-03T09:13:30Z", zoneName: z.domain } });
}

function dnsRecord(s: CorpusStack, name: string, z: Zone, args: { name: string; type: string; content: string | Ref; proxied?: boolean; ttl?: number; priority?: number; comment?: string }, at: Placement = {}): CorpusResource {
    return s.resource("cloudflare:index/dnsRecord:DnsRecord", name, { zoneId: z.zoneId, ttl: 1, ...args }, { ...at, outputs: { id: hex(`${s.name}:${name}:dns`), proxiable: args.type !== "MX" && args.type !== "TXT", createdOn: "2025-11-03T09:14:00Z" } });
}

// ---------------------------------------------------------------------------------------------------------------
// AWS
// ---------------------------------------------------------------------------------------------------------------

interface AwsNetwork {
    vpc: CorpusResource;
    subnets: CorpusResource[];
    gateway: CorpusResource;
    cidr: string;
}
function awsNetwork(s: CorpusStack, name: string, region: string, cidr: string, zones: string[], at: Placement = {}, tags: Record<string, string> = {}): AwsNetwork {
    const prefix = cidr.split(".").slice(0, 2).join(".");
    const vpc = s.resource("aws:ec2/vpc:Vpc", `${name}-vpc`, { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${name}-vpc`, ...tags } }, {
        ...at,
        outputs: { id: `vpc-${hex(`${s.name}:${name}:vpc`, 17)}`, arn: `arn:aws:ec2:${region}:123456789012:vpc/vpc-${hex(`${s.name}:${name}:vpc`, 17)}`, defaultSecurityGroupId: `sg-${hex(`${name}:default-sg`, 17)}`, mainRouteTableId: `rtb-${hex(`${name}:main-rtb`, 17)}` },
    });
    const gateway = s.resource("aws:ec2/internetGateway:InternetGateway", `${name}-igw`, { vpcId: ref(vpc), tags: { Name: `${name}-igw`, ...tags } }, { ...at, outputs: { id: `igw-${hex(`${s.name}:${name}:igw`, 17)}` } });
    const routes = s.resource("aws:ec2/routeTable:RouteTable", `${name}-public`, { vpcId: ref(vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(gateway) }], tags: { Name: `${name}-public`, ...tags } }, { ...at, outputs: { id: `rtb-${hex(`${s.name}:${name}:rtb`, 17)}` } });
    const subnets = zones.map((az, index) => {
        const subnet = s.resource("aws:ec2/subnet:Subnet", `${name}-public-${az.slice(-1)}`, {
            vpcId: ref(vpc),
            availabilityZone: az,
            cidrBlock: `${prefix}.${index + 1}.0/24`,
            mapPublicIpOnLaunch: false,
            tags: { Name: `${name}-public-${az}`, ...tags },
        }, { ...at, outputs: { id: `subnet-${hex(`${s.name}:${name}:${az}`, 17)}`, arn: `arn:aws:ec2:${region}:123456789012:subnet/subnet-${hex(`${s.name}:${name}:${az}`, 17)}` } });
        s.resource("aws:ec2/routeTableAssociation:RouteTableAssociation", `${name}-public-${az.slice(-1)}`, { subnetId: ref(subnet), routeTableId: ref(routes) }, { ...at, outputs: { id: `rtbassoc-${hex(`${s.name}:${name}:${az}:assoc`, 17)}` } });
        return subnet;
    });
    return { vpc, subnets, gateway, cidr };
}

const EGRESS_ALL = { description: "packages, time, container registry", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };

/** A node security group with its Cloudflare-only HTTPS rule written inline. */
function awsInlineSg(s: CorpusStack, name: string, net: AwsNetwork, port = 443, at: Placement = {}, extraIngress: Record<string, unknown>[] = []): CorpusResource {
    return s.resource("aws:ec2/securityGroup:SecurityGroup", name, {
        vpcId: ref(net.vpc),
        description: "Exchange nodes: HTTPS from Cloudflare only",
        ingress: [
            { description: "HTTPS from Cloudflare", protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: CLOUDFLARE_IPV4, ipv6CidrBlocks: CLOUDFLARE_IPV6 },
            ...extraIngress,
        ],
        egress: [EGRESS_ALL],
        tags: { Name: name },
    }, { ...at, outputs: { id: `sg-${hex(`${s.name}:${name}:sg`, 17)}`, ownerId: "123456789012" } });
}

/** A node security group whose rules are separate `aws:vpc` rule resources, one per Cloudflare range. */
function awsRuleSg(s: CorpusStack, name: string, net: AwsNetwork, port = 443, at: Placement = {}, families: ("v4" | "v6")[] = ["v4", "v6"]): CorpusResource {
    const sg = s.resource("aws:ec2/securityGroup:SecurityGroup", name, {
        vpcId: ref(net.vpc),
        description: "Exchange nodes (rules managed as separate resources)",
        revokeRulesOnDelete: true,
        tags: { Name: name },
    }, { ...at, outputs: { id: `sg-${hex(`${s.name}:${name}:sg`, 17)}`, ownerId: "123456789012" } });
    const ranges = [...(families.includes("v4") ? CLOUDFLARE_IPV4.map((cidr) => ({ cidrIpv4: cidr })) : []), ...(families.includes("v6") ? CLOUDFLARE_IPV6.map((cidr) => ({ cidrIpv6: cidr })) : [])];
    ranges.forEach((range, index) => {
        s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${name}-cloudflare-${index}`, {
            securityGroupId: ref(sg),
            description: "HTTPS from Cloudflare",
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            ...range,
        }, { ...at, outputs: { id: `sgr-${hex(`${s.name}:${name}:${index}`, 17)}`, securityGroupRuleId: `sgr-${hex(`${s.name}:${name}:${index}`, 17)}` } });
    });
    s.resource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", `${name}-egress`, {
        securityGroupId: ref(sg),
        description: "all egress",
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
    }, { ...at, outputs: { id: `sgr-${hex(`${s.name}:${name}:egress`, 17)}` } });
    return sg;
}

interface AwsNodeArgs {
    subnet: CorpusResource;
    securityGroups: CorpusResource[];
    az: string;
    region: keyof typeof UBUNTU_AMI;
    instanceType?: string;
    publicIp?: string;
    ipv6?: string;
    privateIp: string;
    state?: string;
    extra?: Record<string, unknown>;
}
function awsNode(s: CorpusStack, name: string, args: AwsNodeArgs, at: Placement = {}, dependsOn: CorpusResource[] = []): CorpusResource {
    const id = `i-${hex(`${s.name}:${name}:instance`, 17)}`;
    return s.resource("aws:ec2/instance:Instance", name, {
        ami: UBUNTU_AMI[args.region],
        instanceType: args.instanceType ?? "m6i.large",
        subnetId: ref(args.subnet),
        vpcSecurityGroupIds: args.securityGroups.map((sg) => ref(sg)),
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 30 },
        userDataReplaceOnChange: true,
        userData: "#cloud-config\npackage_update: true\nruncmd:\n  - systemctl enable --now exchange-node\n",
        tags: { Name: name, role: "exchange-node" },
        ...(args.extra ?? {}),
    }, {
        ...at,
        dependsOn,
        outputs: {
            id,
            arn: `arn:aws:ec2:${args.region}:123456789012:instance/${id}`,
            instanceState: args.state ?? "running",
            availabilityZone: args.az,
            privateIp: args.privateIp,
            ...(args.publicIp ? { publicIp: args.publicIp, publicDns: `ec2-${args.publicIp.replace(/\./g, "-")}.${args.region}.compute.amazonaws.com` } : { publicIp: "" }),
            ...(args.ipv6 ? { ipv6Addresses: [args.ipv6] } : {}),
            primaryNetworkInterfaceId: `eni-${hex(`${s.name}:${name}:eni`, 17)}`,
        },
    });
}

function awsDataVolume(s: CorpusStack, name: string, node: CorpusResource, az: string, sizeGb: number, at: Placement = {}): void {
    const volume = s.resource("aws:ebs/volume:Volume", `${name}-data`, { availabilityZone: az, size: sizeGb, type: "gp3", encrypted: true, tags: { Name: `${name}-data` } }, {
        ...at,
        protect: true,
        outputs: { id: `vol-${hex(`${s.name}:${name}:vol`, 17)}` },
    });
    s.resource("aws:ec2/volumeAttachment:VolumeAttachment", `${name}-data`, { deviceName: "/dev/sdf", volumeId: ref(volume), instanceId: ref(node), stopInstanceBeforeDetaching: true }, { ...at, outputs: { id: `vai-${digits(`${name}:vai`, 10)}` } });
}

function awsEip(s: CorpusStack, name: string, address: string, args: Record<string, unknown>, at: Placement = {}, dependsOn: CorpusResource[] = []): CorpusResource {
    const allocationId = `eipalloc-${hex(`${s.name}:${name}:eip`, 17)}`;
    return s.resource("aws:ec2/eip:Eip", name, { domain: "vpc", tags: { Name: name }, ...args }, {
        ...at,
        dependsOn,
        outputs: { id: allocationId, allocationId, publicIp: address, publicDns: `ec2-${address.replace(/\./g, "-")}.compute.amazonaws.com` },
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Google Cloud
// ---------------------------------------------------------------------------------------------------------------

interface GcpNetwork {
    network: CorpusResource;
    subnet: CorpusResource;
    region: string;
}
function gcpNetwork(s: CorpusStack, name: string, region: string, cidr: string, at: Placement = {}): GcpNetwork {
    const network = s.resource("gcp:compute/network:Network", `${name}-net`, { autoCreateSubnetworks: false, routingMode: "REGIONAL", description: `exchange ${name}` }, {
        ...at,
        outputs: { id: `projects/${GCP_PROJECT}/global/networks/${name}-net`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/networks/${name}-net`, numericId: digits(`${name}:net`, 19) },
    });
    const subnet = s.resource("gcp:compute/subnetwork:Subnetwork", `${name}-subnet`, { network: ref(network), region, ipCidrRange: cidr, privateIpGoogleAccess: true }, {
        ...at,
        outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/subnetworks/${name}-subnet`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/subnetworks/${name}-subnet`, gatewayAddress: cidr.replace(/0\/\d+$/, "1") },
    });
    return { network, subnet, region };
}

function gcpFirewall(s: CorpusStack, name: string, net: GcpNetwork, args: { ports?: string[]; sourceRanges?: string[]; targetTags?: string[]; description?: string } = {}, at: Placement = {}): CorpusResource {
    return s.resource("gcp:compute/firewall:Firewall", name, {
        network: ref(net.network),
        direction: "INGRESS",
        priority: 1000,
        description: args.description ?? "HTTPS from Cloudflare to exchange nodes",
        allows: [{ protocol: "tcp", ports: args.ports ?? ["443"] }],
        sourceRanges: args.sourceRanges ?? CLOUDFLARE_IPV4,
        ...(args.targetTags ? { targetTags: args.targetTags } : {}),
    }, { ...at, outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/${name}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/firewalls/${name}`, creationTimestamp: "2025-11-03T01:12:09.000-08:00" } });
}

interface GcpNodeArgs {
    net: GcpNetwork;
    zone: string;
    machineType?: string;
    /** A static address's `address`, or undefined for an ephemeral one. */
    natIp?: Ref | string;
    /** The address GCP assigned, as the instance reports it. */
    assignedIp: string;
    internalIp: string;
    tags?: string[];
    extra?: Record<string, unknown>;
}
function gcpNode(s: CorpusStack, name: string, args: GcpNodeArgs, at: Placement = {}, dependsOn: CorpusResource[] = []): CorpusResource {
    const accessConfig = args.natIp ? { natIp: args.natIp, networkTier: "PREMIUM" } : { networkTier: "PREMIUM" };
    return s.resource("gcp:compute/instance:Instance", name, {
        zone: args.zone,
        machineType: args.machineType ?? "n2-standard-4",
        bootDisk: { initializeParams: { image: GCE_UBUNTU, size: 30, type: "pd-balanced" } },
        networkInterfaces: [{ subnetwork: ref(args.net.subnet), accessConfigs: [accessConfig] }],
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
        metadata: { "block-project-ssh-keys": "true", "enable-oslogin": "TRUE" },
        tags: args.tags ?? ["exchange-node"],
        labels: { role: "exchange-node" },
        allowStoppingForUpdate: true,
        ...(args.extra ?? {}),
    }, {
        ...at,
        dependsOn,
        outputs: {
            id: `projects/${GCP_PROJECT}/zones/${args.zone}/instances/${name}`,
            instanceId: digits(`${s.name}:${name}:gce`, 19),
            selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/zones/${args.zone}/instances/${name}`,
            currentStatus: "RUNNING",
            networkInterfaces: [{
                name: "nic0",
                network: args.net.network.id,
                subnetwork: args.net.subnet.id,
                networkIp: args.internalIp,
                stackType: "IPV4_ONLY",
                accessConfigs: [{ natIp: args.assignedIp, networkTier: "PREMIUM" }],
            }],
        },
    });
}

function gcpAddress(s: CorpusStack, name: string, region: string, address: string, at: Placement = {}): CorpusResource {
    return s.resource("gcp:compute/address:Address", name, { region, addressType: "EXTERNAL", networkTier: "PREMIUM", labels: { role: "exchange-origin" } }, {
        ...at,
        outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/addresses/${name}`, address, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/addresses/${name}` },
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Hetzner
// ---------------------------------------------------------------------------------------------------------------

interface HetznerBase {
    network: CorpusResource;
    subnet: CorpusResource;
    firewall: CorpusResource;
}
function hetznerBase(s: CorpusStack, name: string, networkZone: string, ipRange: string, at: Placement = {}, firewallRules?: Record<string, unknown>[]): HetznerBase {
    const network = s.resource("hcloud:index/network:Network", `${name}-net`, { ipRange, labels: { role: "exchange" } }, { ...at, outputs: { id: digits(`${s.name}:${name}:net`, 7) } });
    const subnet = s.resource("hcloud:index/networkSubnet:NetworkSubnet", `${name}-subnet`, { networkId: ref(network, "id", toNumber), type: "cloud", networkZone, ipRange: ipRange.replace(/\.0\.0\/16$/, ".1.0/24") }, {
        ...at,
        outputs: { id: `${digits(`${s.name}:${name}:net`, 7)}-${ipRange.replace(/\.0\.0\/16$/, ".1.0/24")}`, gateway: ipRange.replace(/\.0\.0\/16$/, ".0.1") },
    });
    const firewall = s.resource("hcloud:index/firewall:Firewall", `${name}-fw`, {
        rules: firewallRules ?? [{ description: "HTTPS from Cloudflare", direction: "in", protocol: "tcp", port: "443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] }],
        labels: { role: "exchange" },
    }, { ...at, outputs: { id: digits(`${s.name}:${name}:fw`, 7) } });
    return { network, subnet, firewall };
}

function hetznerPrimaryIp(s: CorpusStack, name: string, location: string, address: string, at: Placement = {}): CorpusResource {
    return s.resource("hcloud:index/primaryIp:PrimaryIp", name, { type: "ipv4", assigneeType: "server", location, autoDelete: false, labels: { role: "exchange-origin" } }, {
        ...at,
        outputs: { id: digits(`${s.name}:${name}:pip`, 8), ipAddress: address, ipNetwork: `${address}/32` },
    });
}

interface HetznerServerArgs {
    base: HetznerBase;
    location: string;
    serverType?: string;
    ipv4: string;
    ipv6: string;
    publicNets?: Record<string, unknown>[];
    firewallIds?: boolean;
    /** Attach the base's private network (default), or leave the server on its public interfaces only. */
    privateNetwork?: boolean;
    extra?: Record<string, unknown>;
}
function hetznerServer(s: CorpusStack, name: string, args: HetznerServerArgs, at: Placement = {}, dependsOn: CorpusResource[] = []): CorpusResource {
    return s.resource("hcloud:index/server:Server", name, {
        serverType: args.serverType ?? "ccx23",
        image: "ubuntu-24.04",
        location: args.location,
        ...(args.privateNetwork === false ? {} : { networks: [{ networkId: ref(args.base.network, "id", toNumber) }] }),
        publicNets: args.publicNets ?? [{ ipv4Enabled: true, ipv6Enabled: true }],
        ...(args.firewallIds === false ? {} : { firewallIds: [ref(args.base.firewall, "id", toNumber)] }),
        userData: "#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n",
        shutdownBeforeDeletion: true,
        labels: { role: "exchange-node" },
        ...(args.extra ?? {}),
    }, { ...at, dependsOn: [...(args.privateNetwork === false ? [] : [args.base.subnet]), ...dependsOn], outputs: { id: digits(`${s.name}:${name}:server`, 8), ipv4Address: args.ipv4, ipv6Address: args.ipv6, status: "running" } });
}

function hetznerVolume(s: CorpusStack, name: string, server: CorpusResource, sizeGb: number, at: Placement = {}): void {
    s.resource("hcloud:index/volume:Volume", `${name}-data`, { serverId: ref(server, "id", toNumber), size: sizeGb, automount: false, deleteProtection: true, labels: { role: "exchange-data" } }, {
        ...at,
        protect: true,
        outputs: { id: digits(`${s.name}:${name}:vol`, 9), linuxDevice: `/dev/disk/by-id/scsi-0HC_Volume_${digits(`${s.name}:${name}:vol`, 9)}` },
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Stacks
// ---------------------------------------------------------------------------------------------------------------

const A = "203.0.113";
const B = "198.51.100";
const C = "192.0.2";


/** The first address an instance's first interface reports (an ephemeral external IP, as GCP assigns it). */
const ephemeralNatIp = (interfaces: unknown) => (interfaces as { accessConfigs: { natIp: string }[] }[])[0].accessConfigs[0].natIp;
const firstOf = (list: unknown) => (list as string[])[0];

// A. Two clouds in Europe: EC2 behind Elastic IPs (`instance`), Hetzner servers on primary IPs.
function euTwoClouds(): CorpusStack {
    const s = new CorpusStack("eu-prod");
    const z = zone("kestrel-exchange.com");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-eu-central-1", { region: "eu-central-1", defaultTags: JSON.stringify({ tags: { team: "platform", stack: "eu-prod" } }) });
    const net = awsNetwork(s, "euc1", "eu-central-1", "10.20.0.0/16", ["eu-central-1a", "eu-central-1b"], { provider: euc1 });
    const sg = awsInlineSg(s, "euc1-nodes", net, 443, { provider: euc1 });
    const awsOrigins = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-central-1", privateIp: `10.20.${i + 1}.10` }, { provider: euc1 }, [net.gateway]);
        awsDataVolume(s, `euc1-node-${i}`, node, az, 200, { provider: euc1 });
        const eip = awsEip(s, `euc1-ip-${i}`, `${A}.${10 + i}`, { instance: ref(node) }, { provider: euc1 }, [net.gateway]);
        return { name: `euc1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const hz = hetznerBase(s, "hz", "eu-central", "10.40.0.0/16");
    const hzOrigins = ["fsn1", "nbg1"].map((location, i) => {
        const ip = hetznerPrimaryIp(s, `hz-ip-${i}`, location, `${C}.${20 + i}`);
        const server = hetznerServer(s, `hz-node-${i}`, { base: hz, location, ipv4: `${C}.${20 + i}`, ipv6: `2001:db8:4e:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        hetznerVolume(s, `hz-node-${i}`, server, 200);
        return { name: `hz-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const awsPool = pool(s, "aws-euc1", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS eu-central-1", checkRegions: ["WEU", "EEU"] });
    const hzPool = pool(s, "hetzner-eu", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner fsn1 + nbg1", checkRegions: ["WEU", "EEU"] });
    strictTls(s, z);
    originCertificate(s, [host]);
    loadBalancer(s, "api", z, { name: host, defaultPools: [ref(awsPool), ref(hzPool)], fallbackPool: ref(hzPool), description: "exchange API, AWS then Hetzner" });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// B. Three clouds in North America: EIP + EipAssociation, a static GCP address on the NIC, Hetzner primary IPs.
function usThreeClouds(): CorpusStack {
    const s = new CorpusStack("us-prod");
    const z = zone("northwind-markets.com");
    const host = `api.${z.domain}`;
    const use1 = s.provider("aws", "aws-use1", { region: "us-east-1" });
    const google = s.provider("gcp", "gcp-use4", { project: GCP_PROJECT, region: "us-east4" });
    const hcloud = s.provider("hcloud", "hcloud-ash", {});
    const net = awsNetwork(s, "use1", "us-east-1", "10.21.0.0/16", ["us-east-1a", "us-east-1b", "us-east-1c"], { provider: use1 });
    const sg = awsRuleSg(s, "use1-nodes", net, 443, { provider: use1 });
    const awsOrigins = [0, 1].map((i) => {
        const az = ["us-east-1a", "us-east-1b"][i];
        const node = awsNode(s, `use1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "us-east-1", instanceType: "c6i.xlarge", privateIp: `10.21.${i + 1}.20` }, { provider: use1 });
        const eip = awsEip(s, `use1-ip-${i}`, `${A}.${30 + i}`, {}, { provider: use1 }, [net.gateway]);
        s.resource("aws:ec2/eipAssociation:EipAssociation", `use1-ip-${i}`, { allocationId: ref(eip, "allocationId"), instanceId: ref(node), allowReassociation: false }, { provider: use1, outputs: { id: `eipassoc-${hex(`us:${i}`, 17)}`, publicIp: `${A}.${30 + i}` } });
        awsDataVolume(s, `use1-node-${i}`, node, az, 500, { provider: use1 });
        return { name: `use1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const gnet = gcpNetwork(s, "use4", "us-east4", "10.31.0.0/20", { provider: google });
    gcpFirewall(s, "use4-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["us-east4-a", "us-east4-b"].map((zoneName, i) => {
        const address = gcpAddress(s, `use4-ip-${i}`, "us-east4", `${B}.${40 + i}`, { provider: google });
        gcpNode(s, `use4-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${40 + i}`, internalIp: `10.31.0.${10 + i}`, machineType: "c3-standard-4" }, { provider: google });
        return { name: `use4-node-${i}`, address: ref(address, "address") };
    });
    const hz = hetznerBase(s, "ash", "us-east", "10.41.0.0/16", { provider: hcloud });
    const hzOrigins = [0, 1].map((i) => {
        const ip = hetznerPrimaryIp(s, `ash-ip-${i}`, "ash", `${C}.${50 + i}`, { provider: hcloud });
        const server = hetznerServer(s, `ash-node-${i}`, { base: hz, location: "ash", serverType: "ccx33", ipv4: `${C}.${50 + i}`, ipv6: `2001:db8:a5:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] }, { provider: hcloud });
        hetznerVolume(s, `ash-node-${i}`, server, 500, { provider: hcloud });
        return { name: `ash-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 30, timeout: 5, retries: 1, consecutiveDown: 1, consecutiveUp: 2 });
    const pools = [
        pool(s, "aws-use1", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS us-east-1", checkRegions: ["ENAM", "WNAM"] }),
        pool(s, "gcp-use4", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP us-east4", checkRegions: ["ENAM", "WNAM"] }),
        pool(s, "hetzner-ash", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner Ashburn", checkRegions: ["ENAM", "WNAM"] }),
    ];
    loadBalancer(s, "api", z, { name: host, defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[1]), description: "AWS, GCP, Hetzner in Virginia" });
    zoneOriginPulls(s, z);
    strictTls(s, z);
    return s;
}

// C. Two clouds with addresses the machines were given: an EC2 instance's own public IP, a GCP ephemeral IP.
function ownAndEphemeralIps(): CorpusStack {
    const s = new CorpusStack("ie-be");
    const z = zone("fernhill-trading.com");
    const host = `api.${z.domain}`;
    const euw1 = s.provider("aws", "aws-euw1", { region: "eu-west-1" });
    const google = s.provider("gcp", "gcp-euw1", { project: GCP_PROJECT, region: "europe-west1" });
    const net = awsNetwork(s, "euw1", "eu-west-1", "10.22.0.0/16", ["eu-west-1a", "eu-west-1b"], { provider: euw1 });
    const sg = s.resource("aws:ec2/securityGroup:SecurityGroup", "euw1-nodes", { vpcId: ref(net.vpc), description: "exchange nodes", egress: [EGRESS_ALL], tags: { Name: "euw1-nodes" } }, { provider: euw1, outputs: { id: `sg-${hex("ie-be:sg", 17)}` } });
    s.resource("aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-nodes-https-cloudflare", {
        type: "ingress", securityGroupId: ref(sg), protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: CLOUDFLARE_IPV4, ipv6CidrBlocks: CLOUDFLARE_IPV6, description: "HTTPS from Cloudflare",
    }, { provider: euw1, outputs: { id: `sgrule-${digits("ie-be:rule", 10)}`, securityGroupRuleId: `sgr-${hex("ie-be:rule", 17)}` } });
    s.resource("aws:ec2/securityGroupRule:SecurityGroupRule", "euw1-nodes-ssh-office", {
        type: "ingress", securityGroupId: ref(sg), protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [OFFICE], description: "SSH from the office",
    }, { provider: euw1, outputs: { id: `sgrule-${digits("ie-be:ssh", 10)}` } });
    const awsOrigins = ["eu-west-1a", "eu-west-1b"].map((az, i) => {
        const node = awsNode(s, `euw1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-west-1", privateIp: `10.22.${i + 1}.11`, publicIp: `${A}.${60 + i}`, extra: { associatePublicIpAddress: true, ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 300, volumeType: "gp3", encrypted: true, deleteOnTermination: false }] } }, { provider: euw1 }, [net.gateway]);
        return { name: `euw1-node-${i}`, address: ref(node, "publicIp") };
    });
    const gnet = gcpNetwork(s, "euw1", "europe-west1", "10.32.0.0/20", { provider: google });
    gcpFirewall(s, "euw1-https-cloudflare", gnet, {}, { provider: google });
    const gcpOrigins = ["europe-west1-b", "europe-west1-c"].map((zoneName, i) => {
        const node = gcpNode(s, `euw1-gce-${i}`, { net: gnet, zone: zoneName, assignedIp: `${B}.${70 + i}`, internalIp: `10.32.0.${20 + i}` }, { provider: google });
        return { name: `euw1-gce-${i}`, address: ref(node, "networkInterfaces", ephemeralNatIp) };
    });
    // Cloudflare's defaults (interval 60 s, timeout 5 s, retries 2) written out, no consecutive-down setting.
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 60, timeout: 5, retries: 2 });
    const gcpPool = pool(s, "gcp-euw1", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP St. Ghislain" });
    const awsPool = pool(s, "aws-euw1", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS Dublin" });
    loadBalancer(s, "api", z, { name: host, defaultPools: [ref(gcpPool), ref(awsPool)], fallbackPool: ref(awsPool), steeringPolicy: "dynamic_latency", description: "nearest healthy of GCP and AWS" });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// D. An adopted stack as `pulumi import` writes it: every property literal, pools by address, the LB by pool ID.
function adoptedLiterals(): CorpusStack {
    const s = new CorpusStack("adopted");
    const z = zone("ledgerline.io");
    const host = `trade.${z.domain}`;
    const protect = true;
    const aws = s.provider("aws", "aws-imported", { region: "eu-central-1" });
    const vpcId = "vpc-0c1a2b3c4d5e6f708";
    const subnetIds = ["subnet-0a11b22c33d44e55f", "subnet-0f66e77d88c99b00a"];
    const sgId = "sg-0123fedcba9876543";
    s.resource("aws:ec2/vpc:Vpc", "prod-vpc", { cidrBlock: "10.10.0.0/16", enableDnsHostnames: true, enableDnsSupport: true, instanceTenancy: "default", tags: { Name: "prod-vpc" } }, { provider: aws, protect, outputs: { id: vpcId, arn: `arn:aws:ec2:eu-central-1:123456789012:vpc/${vpcId}` } });
    subnetIds.forEach((id, i) => s.resource("aws:ec2/subnet:Subnet", `prod-public-${"ab"[i]}`, { vpcId, cidrBlock: `10.10.${i}.0/24`, availabilityZone: `eu-central-1${"ab"[i]}`, mapPublicIpOnLaunch: false, tags: { Name: `prod-public-${"ab"[i]}` } }, { provider: aws, protect, outputs: { id } }));
    s.resource("aws:ec2/securityGroup:SecurityGroup", "prod-exchange", {
        name: "prod-exchange",
        description: "Managed by Terraform",
        vpcId,
        ingress: [{ description: "cloudflare", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: CLOUDFLARE_IPV4, ipv6CidrBlocks: CLOUDFLARE_IPV6, self: false }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], self: false }],
    }, { provider: aws, protect, outputs: { id: sgId } });
    const instanceIds = ["i-0a1b2c3d4e5f60718", "i-0b2c3d4e5f6071829"];
    const awsAddresses = [`${A}.80`, `${A}.81`];
    instanceIds.forEach((id, i) => {
        s.resource("aws:ec2/instance:Instance", `prod-exchange-${i + 1}`, {
            ami: "ami-0e04bcbe83a83792e",
            instanceType: "m6i.xlarge",
            subnetId: subnetIds[i],
            vpcSecurityGroupIds: [sgId],
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" },
            rootBlockDevice: { encrypted: true, volumeSize: 40, volumeType: "gp3", deleteOnTermination: true },
            ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true, volumeSize: 500, volumeType: "gp3", deleteOnTermination: false }],
            sourceDestCheck: true,
            tags: { Name: `prod-exchange-${i + 1}` },
        }, { provider: aws, protect, outputs: { id, instanceState: "running", privateIp: `10.10.${i}.15`, arn: `arn:aws:ec2:eu-central-1:123456789012:instance/${id}` } });
        s.resource("aws:ec2/eip:Eip", `prod-exchange-${i + 1}`, { domain: "vpc", instance: id, tags: { Name: `prod-exchange-${i + 1}` } }, { provider: aws, protect, outputs: { id: `eipalloc-0${hex(`adopt:eip:${i}`, 16)}`, allocationId: `eipalloc-0${hex(`adopt:eip:${i}`, 16)}`, publicIp: awsAddresses[i], associationId: `eipassoc-0${hex(`adopt:assoc:${i}`, 16)}` } });
    });
    const google = s.provider("gcp", "gcp-imported", { project: GCP_PROJECT });
    const gcpAddresses = [`${B}.80`, `${B}.81`];
    s.resource("gcp:compute/firewall:Firewall", "allow-cloudflare-https", {
        name: "allow-cloudflare-https", network: `projects/${GCP_PROJECT}/global/networks/default`, direction: "INGRESS", priority: 1000,
        allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV4, targetTags: ["exchange"],
    }, { provider: google, protect, outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/allow-cloudflare-https` } });
    gcpAddresses.forEach((address, i) => {
        const zoneName = ["europe-west3-a", "europe-west3-b"][i];
        s.resource("gcp:compute/address:Address", `exchange-fra-${i + 1}`, { name: `exchange-fra-${i + 1}`, region: "europe-west3", address, addressType: "EXTERNAL", networkTier: "PREMIUM" }, { provider: google, protect, outputs: { id: `projects/${GCP_PROJECT}/regions/europe-west3/addresses/exchange-fra-${i + 1}` } });
        s.resource("gcp:compute/instance:Instance", `exchange-fra-${i + 1}`, {
            name: `exchange-fra-${i + 1}`, zone: zoneName, machineType: "n2-standard-4",
            bootDisk: { autoDelete: true, deviceName: "persistent-disk-0", initializeParams: { image: "https://www.googleapis.com/compute/v1/projects/ubuntu-os-cloud/global/images/ubuntu-2404-noble-amd64-v20251001", size: 50, type: "pd-balanced" } },
            networkInterfaces: [{ network: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/networks/default`, subnetwork: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/europe-west3/subnetworks/default`, networkIp: `10.156.0.${10 + i}`, accessConfigs: [{ natIp: address, networkTier: "PREMIUM" }], stackType: "IPV4_ONLY" }],
            shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
            tags: ["exchange"],
            scheduling: { automaticRestart: true, onHostMaintenance: "MIGRATE", provisioningModel: "STANDARD" },
        }, { provider: google, protect, outputs: { id: `projects/${GCP_PROJECT}/zones/${zoneName}/instances/exchange-fra-${i + 1}`, currentStatus: "RUNNING", instanceId: digits(`adopt:gce:${i}`, 19) } });
    });
    const hcloud = s.provider("hcloud", "hcloud-imported", {});
    const firewallId = 1304456;
    s.resource("hcloud:index/firewall:Firewall", "exchange", { name: "exchange", rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6], description: "cloudflare" }] }, { provider: hcloud, protect, outputs: { id: String(firewallId) } });
    const hzAddresses = [`${C}.80`, `${C}.81`];
    hzAddresses.forEach((address, i) => {
        s.resource("hcloud:index/server:Server", `exchange-hel-${i + 1}`, {
            name: `exchange-hel-${i + 1}`, serverType: "ccx23", image: "ubuntu-24.04", location: "hel1", firewallIds: [firewallId],
            publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }], keepDisk: true, deleteProtection: true, rebuildProtection: true,
        }, { provider: hcloud, protect, outputs: { id: String(51200300 + i), ipv4Address: address, ipv6Address: `2001:db8:e1:${i}::1`, status: "running" } });
    });
    const monitorId = "0f4c4a0ecc2a4b0cb5a2a0b1c2d3e4f5";
    s.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "trade-health", {
        accountId: z.accountId, type: "https", method: "GET", path: "/healthz", port: 443, expectedCodes: "200", interval: 30, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 1, allowInsecure: false, followRedirects: false, header: { Host: [host] }, probeZone: z.domain,
    }, { protect, outputs: { id: monitorId } });
    const poolIds = { aws: "2b7e151628aed2a6abf7158809cf4f3c", gcp: "3ad77bb40d7a3660a89ecaf32466ef97", hetzner: "f5d3d58503b9699de785895a96fdbaaf" };
    const adoptedPool = (name: string, id: string, addresses: string[], description: string) => s.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", name, {
        accountId: z.accountId, name, description, enabled: true, minimumOrigins: 1, monitor: monitorId, checkRegions: ["WEU", "EEU"],
        origins: addresses.map((address, i) => ({ name: `${name}-${i + 1}`, address, port: 443, weight: 1, enabled: true })),
        originSteering: { policy: "random" },
    }, { protect, outputs: { id } });
    adoptedPool("ledgerline-aws", poolIds.aws, awsAddresses, "AWS Frankfurt");
    adoptedPool("ledgerline-gcp", poolIds.gcp, gcpAddresses, "GCP Frankfurt");
    adoptedPool("ledgerline-hetzner", poolIds.hetzner, hzAddresses, "Hetzner Helsinki");
    s.resource("cloudflare:index/loadBalancer:LoadBalancer", "trade", {
        zoneId: z.zoneId, name: host, proxied: true, enabled: true, steeringPolicy: "random", sessionAffinity: "none",
        defaultPools: [poolIds.aws, poolIds.gcp, poolIds.hetzner],
        fallbackPool: poolIds.gcp,
        randomSteering: { defaultWeight: 1, poolWeights: { [poolIds.aws]: 0.3, [poolIds.gcp]: 0.4, [poolIds.hetzner]: 0.3 } },
        adaptiveRouting: { failoverAcrossPools: true },
    }, { protect, outputs: { id: "9c1185a5c5e9fc54612808977ee8f548" } });
    s.resource("cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings", "zone-aop", { zoneId: z.zoneId, enabled: true }, { protect, outputs: { id: z.zoneId } });
    s.resource("cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate", "zone-aop-cert", { zoneId: z.zoneId, certificate: CERT_PEM, privateKey: KEY_PEM }, { protect, outputs: { id: "2458a2ab-1b89-4a0e-8d5d-6f43c1d2e3f4", status: "active" } });
    return s;
}

// E. Pools reference the machines, but the load balancer was adopted from Terraform and lists pool IDs literally.
function adoptedLoadBalancer(): CorpusStack {
    const s = new CorpusStack("nyc");
    const z = zone("harborbit.com");
    const host = `api.${z.domain}`;
    const use1 = s.provider("aws", "aws-use1", { region: "us-east-1" });
    const net = awsNetwork(s, "use1", "us-east-1", "10.23.0.0/16", ["us-east-1a", "us-east-1d"], { provider: use1 });
    const sg = awsInlineSg(s, "use1-nodes", net, 443, { provider: use1 });
    const awsOrigins = ["us-east-1a", "us-east-1d"].map((az, i) => {
        const node = awsNode(s, `use1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "us-east-1", privateIp: `10.23.${i + 1}.30`, publicIp: `${A}.${90 + i}`, extra: { associatePublicIpAddress: true } }, { provider: use1 }, [net.gateway]);
        return { name: `use1-node-${i}`, address: ref(node, "publicIp") };
    });
    const digitalocean = s.provider("digitalocean", "do-nyc3", {});
    const vpc = s.resource("digitalocean:index/vpc:Vpc", "nyc3-vpc", { name: "harborbit-nyc3", region: "nyc3", ipRange: "10.110.0.0/20" }, { provider: digitalocean, outputs: { id: uuid("nyc:vpc"), vpcUrn: `do:vpc:${uuid("nyc:vpc")}` } });
    const droplets = [0, 1].map((i) => s.resource("digitalocean:index/droplet:Droplet", `nyc3-node-${i}`, {
        name: `nyc3-node-${i}`, image: "ubuntu-24-04-x64", region: "nyc3", size: "c-4", vpcUuid: ref(vpc), ipv6: true, monitoring: true, tags: ["exchange-node"], sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
        userData: "#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n",
    }, { provider: digitalocean, outputs: { id: digits(`nyc:droplet:${i}`, 9), ipv4Address: `${B}.${90 + i}`, ipv4AddressPrivate: `10.110.0.${2 + i}`, ipv6Address: `2001:db8:d0:${i}::1`, status: "active", dropletUrn: `do:droplet:${digits(`nyc:droplet:${i}`, 9)}` } }));
    const reserved = droplets.map((droplet, i) => s.resource("digitalocean:index/reservedIp:ReservedIp", `nyc3-ip-${i}`, { region: "nyc3", dropletId: ref(droplet, "id", toNumber) }, { provider: digitalocean, outputs: { id: `${C}.${90 + i}`, ipAddress: `${C}.${90 + i}`, reservedIpUrn: `do:reservedip:${C}.${90 + i}` } }));
    s.resource("digitalocean:index/firewall:Firewall", "nyc3-nodes", {
        name: "exchange-nodes",
        dropletIds: droplets.map((droplet) => ref(droplet, "id", toNumber)),
        inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] }],
        outboundRules: [
            { protocol: "tcp", portRange: "1-65535", destinationAddresses: ["0.0.0.0/0", "::/0"] },
            { protocol: "udp", portRange: "53", destinationAddresses: ["0.0.0.0/0", "::/0"] },
        ],
    }, { provider: digitalocean, outputs: { id: uuid("nyc:fw"), status: "succeeded" } });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 20, timeout: 5, retries: 2, consecutiveDown: 3 });
    const doPoolId = "6b4c2f1e0d9a8b7c6d5e4f3a2b1c0d9e";
    const awsPoolId = "a7b8c9d0e1f20314253647586970a1b2";
    pool(s, "digitalocean-nyc3", z, { monitor: ref(monitor), origins: reserved.map((ip, i) => ({ name: `nyc3-node-${i}`, address: ref(ip, "ipAddress") })), description: "DigitalOcean NYC3" }, {}, doPoolId);
    pool(s, "aws-use1", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS us-east-1" }, {}, awsPoolId);
    // Adopted with `pulumi import` from the Terraform workspace that used to own it.
    s.resource("cloudflare:index/loadBalancer:LoadBalancer", "api", {
        zoneId: z.zoneId, name: host, proxied: true, enabled: true, steeringPolicy: "off", sessionAffinity: "none",
        defaultPools: [doPoolId, awsPoolId], fallbackPool: awsPoolId, description: "imported from terraform",
    }, { protect: true, outputs: { id: "c4ca4238a0b923820dcc509a6f75849b" } });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

interface AwsLbSite {
    address: Ref;
}

// F helper: an NLB in front of an Auto Scaling group, in one region.
function awsNlbSite(s: CorpusStack, name: string, region: keyof typeof UBUNTU_AMI, cidr: string, zones: string[], dnsName: string, at: Placement): AwsLbSite {
    const net = awsNetwork(s, name, region, cidr, zones, at);
    const sg = awsInlineSg(s, `${name}-nodes`, net, 443, at, [{ description: "NLB health checks from inside the VPC", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [cidr] }]);
    const template = s.resource("aws:ec2/launchTemplate:LaunchTemplate", `${name}-node`, {
        namePrefix: `${name}-node-`,
        imageId: UBUNTU_AMI[region],
        instanceType: "c6i.xlarge",
        networkInterfaces: [{ associatePublicIpAddress: "true", deleteOnTermination: "true", securityGroups: [ref(sg)] }],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { volumeSize: 40, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
        userData: Buffer.from("#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n").toString("base64"),
        updateDefaultVersion: true,
        tagSpecifications: [{ resourceType: "instance", tags: { role: "exchange-node" } }, { resourceType: "volume", tags: { role: "exchange-node" } }],
    }, { ...at, outputs: { id: `lt-${hex(`${name}:lt`, 17)}`, arn: `arn:aws:ec2:${region}:123456789012:launch-template/lt-${hex(`${name}:lt`, 17)}`, latestVersion: 4, defaultVersion: 4 } });
    const arnBase = `arn:aws:elasticloadbalancing:${region}:123456789012`;
    const nlb = s.resource("aws:lb/loadBalancer:LoadBalancer", `${name}-nlb`, {
        name: `${name}-nlb`, loadBalancerType: "network", internal: false, ipAddressType: "ipv4", enableCrossZoneLoadBalancing: true, enableDeletionProtection: true,
        subnets: net.subnets.map((subnet) => ref(subnet)),
    }, { ...at, outputs: { id: `${arnBase}:loadbalancer/net/${name}-nlb/${hex(`${name}:nlb`, 16)}`, arn: `${arnBase}:loadbalancer/net/${name}-nlb/${hex(`${name}:nlb`, 16)}`, dnsName, zoneId: "Z26RNL4JYFTOTI", arnSuffix: `net/${name}-nlb/${hex(`${name}:nlb`, 16)}` } });
    const targets = s.resource("aws:lb/targetGroup:TargetGroup", `${name}-tls`, {
        name: `${name}-tls`, port: 443, protocol: "TCP", targetType: "instance", vpcId: ref(net.vpc), preserveClientIp: "true", deregistrationDelay: 30,
        healthCheck: { enabled: true, protocol: "HTTPS", path: "/healthz", port: "443", interval: 10, healthyThreshold: 2, unhealthyThreshold: 2, matcher: "200" },
    }, { ...at, outputs: { id: `${arnBase}:targetgroup/${name}-tls/${hex(`${name}:tg`, 16)}`, arn: `${arnBase}:targetgroup/${name}-tls/${hex(`${name}:tg`, 16)}` } });
    s.resource("aws:lb/listener:Listener", `${name}-tls`, { loadBalancerArn: ref(nlb, "arn"), port: 443, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: ref(targets, "arn") }] }, {
        ...at,
        outputs: { id: `${arnBase}:listener/net/${name}-nlb/${hex(`${name}:nlb`, 16)}/${hex(`${name}:listener`, 16)}`, arn: `${arnBase}:listener/net/${name}-nlb/${hex(`${name}:nlb`, 16)}/${hex(`${name}:listener`, 16)}` },
    });
    s.resource("aws:autoscaling/group:Group", `${name}-nodes`, {
        name: `${name}-nodes`, minSize: 2, maxSize: 6, desiredCapacity: 3, healthCheckType: "ELB", healthCheckGracePeriod: 180,
        vpcZoneIdentifiers: net.subnets.map((subnet) => ref(subnet)),
        launchTemplate: { id: ref(template), version: "$Latest" },
        targetGroupArns: [ref(targets, "arn")],
        instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 66 } },
        tags: [{ key: "role", value: "exchange-node", propagateAtLaunch: true }],
    }, { ...at, outputs: { id: `${name}-nodes`, arn: `arn:aws:autoscaling:${region}:123456789012:autoScalingGroup:${uuid(`${name}:asg`)}:autoScalingGroupName/${name}-nodes` } });
    return { address: ref(nlb, "dnsName") };
}

// F. AWS origins are NLB hostnames (two regions, each an ASG behind an NLB); Hetzner servers in two locations.
function nlbAndHetzner(): CorpusStack {
    const s = new CorpusStack("global-nlb");
    const z = zone("quayside.exchange");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const use1 = s.provider("aws", "aws-use1", { region: "us-east-1" });
    const eu = awsNlbSite(s, "euc1", "eu-central-1", "10.24.0.0/16", ["eu-central-1a", "eu-central-1b", "eu-central-1c"], "euc1-nlb-6f1c2d3e4b5a6978.elb.eu-central-1.amazonaws.com", { provider: euc1 });
    const us = awsNlbSite(s, "use1", "us-east-1", "10.25.0.0/16", ["us-east-1a", "us-east-1b", "us-east-1c"], "use1-nlb-0a9b8c7d6e5f4a3b.elb.us-east-1.amazonaws.com", { provider: use1 });
    const hzEu = hetznerBase(s, "fsn", "eu-central", "10.42.0.0/16");
    const hzUs = hetznerBase(s, "ash", "us-east", "10.43.0.0/16");
    const hzOrigins = [{ base: hzEu, location: "fsn1" }, { base: hzUs, location: "ash" }].map(({ base, location }, i) => {
        const ip = hetznerPrimaryIp(s, `${location}-ip`, location, `${C}.${100 + i}`);
        const server = hetznerServer(s, `${location}-node`, { base, location, serverType: "ccx33", ipv4: `${C}.${100 + i}`, ipv6: `2001:db8:f5:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        hetznerVolume(s, `${location}-node`, server, 400);
        return { name: `${location}-node`, address: ref(ip, "ipAddress") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 4, retries: 1, consecutiveDown: 3, consecutiveUp: 2 });
    const awsPool = pool(s, "aws-nlb", z, { monitor: ref(monitor), origins: [{ name: "euc1-nlb", address: eu.address }, { name: "use1-nlb", address: us.address }], description: "AWS NLBs, Frankfurt and Virginia" });
    const hzPool = pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner Falkenstein and Ashburn" });
    loadBalancer(s, "api", z, { name: host, defaultPools: [ref(awsPool), ref(hzPool)], fallbackPool: ref(hzPool), description: "AWS NLBs then Hetzner" });
    hostnameOriginPulls(s, z, [host]);
    strictTls(s, z);
    return s;
}

// G helpers: a GCP passthrough NLB (forwarding rule) in front of a regional MIG; an AWS ALB in front of an ASG.
function gcpForwardingRuleSite(s: CorpusStack, name: string, region: string, cidr: string, zones: string[], address: string, at: Placement): Ref {
    const net = gcpNetwork(s, name, region, cidr, at);
    gcpFirewall(s, `${name}-https-cloudflare`, net, { sourceRanges: [...CLOUDFLARE_IPV4, ...GOOGLE_HEALTH_CHECKERS], targetTags: ["exchange-node"], description: "HTTPS from Cloudflare and Google health checkers" }, at);
    const router = s.resource("gcp:compute/router:Router", `${name}-router`, { name: `${name}-router`, region, network: ref(net.network) }, { ...at, outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/routers/${name}-router`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/routers/${name}-router` } });
    s.resource("gcp:compute/routerNat:RouterNat", `${name}-nat`, { region, router: ref(router, "name"), natIpAllocateOption: "AUTO_ONLY", sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES" }, { ...at, outputs: { id: `${GCP_PROJECT}/${region}/${name}-router/${name}-nat` } });
    const template = s.resource("gcp:compute/instanceTemplate:InstanceTemplate", `${name}-node`, {
        namePrefix: `${name}-node-`,
        machineType: "c3-standard-4",
        disks: [{ sourceImage: GCE_UBUNTU, boot: true, autoDelete: true, diskSizeGb: 40, diskType: "pd-balanced" }],
        networkInterfaces: [{ subnetwork: ref(net.subnet) }],
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
        metadata: { "block-project-ssh-keys": "true", "user-data": "#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n" },
        tags: ["exchange-node"],
        labels: { role: "exchange-node" },
    }, { ...at, outputs: { id: `projects/${GCP_PROJECT}/global/instanceTemplates/${name}-node-${digits(`${name}:tpl`, 12)}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/instanceTemplates/${name}-node-${digits(`${name}:tpl`, 12)}`, selfLinkUnique: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/instanceTemplates/${name}-node-${digits(`${name}:tpl`, 12)}?uniqueId=${digits(`${name}:tplu`, 19)}` } });
    const check = s.resource("gcp:compute/regionHealthCheck:RegionHealthCheck", `${name}-healthz`, {
        region, checkIntervalSec: 5, timeoutSec: 5, healthyThreshold: 2, unhealthyThreshold: 2, httpsHealthCheck: { port: 443, requestPath: "/healthz" },
    }, { ...at, outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/healthChecks/${name}-healthz`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/healthChecks/${name}-healthz` } });
    const group = s.resource("gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager", `${name}-nodes`, {
        name: `${name}-nodes`, region, baseInstanceName: `${name}-node`, targetSize: 3, distributionPolicyZones: zones,
        versions: [{ name: "primary", instanceTemplate: ref(template, "selfLinkUnique") }],
        namedPorts: [{ name: "https", port: 443 }],
        autoHealingPolicies: { healthCheck: ref(check), initialDelaySec: 300 },
        updatePolicy: { type: "PROACTIVE", minimalAction: "REPLACE", maxSurgeFixed: 3, maxUnavailableFixed: 0 },
    }, { ...at, outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/instanceGroupManagers/${name}-nodes`, instanceGroup: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/instanceGroups/${name}-nodes`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/instanceGroupManagers/${name}-nodes` } });
    const backend = s.resource("gcp:compute/regionBackendService:RegionBackendService", `${name}-backend`, {
        region, protocol: "TCP", loadBalancingScheme: "EXTERNAL", healthChecks: ref(check), sessionAffinity: "NONE",
        backends: [{ group: ref(group, "instanceGroup"), balancingMode: "CONNECTION" }],
    }, { ...at, outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/backendServices/${name}-backend`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/backendServices/${name}-backend` } });
    const ip = gcpAddress(s, `${name}-lb-ip`, region, address, at);
    const rule = s.resource("gcp:compute/forwardingRule:ForwardingRule", `${name}-https`, {
        region, ipAddress: ref(ip, "address"), ipProtocol: "TCP", portRange: "443", loadBalancingScheme: "EXTERNAL", networkTier: "PREMIUM", backendService: ref(backend),
    }, { ...at, outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/forwardingRules/${name}-https`, forwardingRuleId: digits(`${name}:fr`, 19), selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${region}/forwardingRules/${name}-https` } });
    return ref(rule, "ipAddress");
}

function awsAlbSite(s: CorpusStack, name: string, region: keyof typeof UBUNTU_AMI, cidr: string, zones: string[], dnsName: string, natAddress: string, certificate: CorpusResource, at: Placement): Ref {
    const net = awsNetwork(s, name, region, cidr, zones, at);
    const albSg = awsInlineSg(s, `${name}-alb`, net, 443, at);
    const nodeSg = s.resource("aws:ec2/securityGroup:SecurityGroup", `${name}-nodes`, { vpcId: ref(net.vpc), description: "exchange nodes: 8443 from the ALB only", egress: [EGRESS_ALL], tags: { Name: `${name}-nodes` } }, { ...at, outputs: { id: `sg-${hex(`${name}:nodes`, 17)}` } });
    s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${name}-nodes-from-alb`, { securityGroupId: ref(nodeSg), referencedSecurityGroupId: ref(albSg), ipProtocol: "tcp", fromPort: 8443, toPort: 8443, description: "from the ALB" }, { ...at, outputs: { id: `sgr-${hex(`${name}:from-alb`, 17)}` } });
    const elasticIp = awsEip(s, `${name}-nat-ip`, natAddress, {}, at, [net.gateway]);
    s.resource("aws:ec2/natGateway:NatGateway", `${name}-nat`, { allocationId: ref(elasticIp, "allocationId"), subnetId: ref(net.subnets[0]), connectivityType: "public" }, { ...at, outputs: { id: `nat-${hex(`${name}:nat`, 17)}`, publicIp: natAddress } });
    const template = s.resource("aws:ec2/launchTemplate:LaunchTemplate", `${name}-node`, {
        namePrefix: `${name}-node-`, imageId: UBUNTU_AMI[region], instanceType: "m7i.large", vpcSecurityGroupIds: [ref(nodeSg)],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { volumeSize: 40, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }, { deviceName: "/dev/sdf", ebs: { volumeSize: 200, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
        userData: Buffer.from("#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n").toString("base64"),
    }, { ...at, outputs: { id: `lt-${hex(`${name}:lt`, 17)}`, latestVersion: 7 } });
    const arnBase = `arn:aws:elasticloadbalancing:${region}:123456789012`;
    const alb = s.resource("aws:lb/loadBalancer:LoadBalancer", `${name}-alb`, {
        name: `${name}-alb`, loadBalancerType: "application", internal: false, securityGroups: [ref(albSg)], subnets: net.subnets.map((subnet) => ref(subnet)), dropInvalidHeaderFields: true, idleTimeout: 120,
    }, { ...at, outputs: { id: `${arnBase}:loadbalancer/app/${name}-alb/${hex(`${name}:alb`, 16)}`, arn: `${arnBase}:loadbalancer/app/${name}-alb/${hex(`${name}:alb`, 16)}`, dnsName, zoneId: "Z35SXDOTRQ7X7K" } });
    const targets = s.resource("aws:lb/targetGroup:TargetGroup", `${name}-nodes`, {
        name: `${name}-nodes`, port: 8443, protocol: "HTTPS", targetType: "instance", vpcId: ref(net.vpc), deregistrationDelay: 30,
        healthCheck: { enabled: true, protocol: "HTTPS", path: "/healthz", port: "traffic-port", interval: 10, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 2, matcher: "200" },
    }, { ...at, outputs: { id: `${arnBase}:targetgroup/${name}-nodes/${hex(`${name}:tg`, 16)}`, arn: `${arnBase}:targetgroup/${name}-nodes/${hex(`${name}:tg`, 16)}` } });
    const acm = s.resource("aws:acm/certificate:Certificate", `${name}-origin-cert`, { certificateBody: ref(certificate, "certificate"), privateKey: KEY_PEM }, { ...at, outputs: { id: `arn:aws:acm:${region}:123456789012:certificate/${uuid(`${name}:acm`)}`, arn: `arn:aws:acm:${region}:123456789012:certificate/${uuid(`${name}:acm`)}`, status: "ISSUED" } });
    s.resource("aws:lb/listener:Listener", `${name}-https`, {
        loadBalancerArn: ref(alb, "arn"), port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: ref(acm, "arn"),
        defaultActions: [{ type: "forward", targetGroupArn: ref(targets, "arn") }],
    }, { ...at, outputs: { id: `${arnBase}:listener/app/${name}-alb/${hex(`${name}:listener`, 16)}`, arn: `${arnBase}:listener/app/${name}-alb/${hex(`${name}:listener`, 16)}` } });
    const group = s.resource("aws:autoscaling/group:Group", `${name}-nodes`, {
        name: `${name}-nodes`, minSize: 2, maxSize: 8, desiredCapacity: 3, healthCheckType: "ELB", healthCheckGracePeriod: 240,
        vpcZoneIdentifiers: net.subnets.map((subnet) => ref(subnet)),
        launchTemplate: { id: ref(template), version: "$Latest" },
    }, { ...at, outputs: { id: `${name}-nodes`, arn: `arn:aws:autoscaling:${region}:123456789012:autoScalingGroup:${uuid(`${name}:asg`)}:autoScalingGroupName/${name}-nodes` } });
    s.resource("aws:autoscaling/attachment:Attachment", `${name}-nodes`, { autoscalingGroupName: ref(group, "name"), lbTargetGroupArn: ref(targets, "arn") }, { ...at, outputs: { id: `${name}-nodes-${digits(`${name}:att`, 19)}` } });
    return ref(alb, "dnsName");
}

// G. GCP forwarding rules in front of regional MIGs, and AWS ALBs in front of ASGs, two regions each.
function managedGroupsBehindLoadBalancers(): CorpusStack {
    const s = new CorpusStack("groups");
    const z = zone("meridian-fx.com");
    const host = `api.${z.domain}`;
    const ew4 = s.provider("gcp", "gcp-ew4", { project: GCP_PROJECT, region: "europe-west4" });
    const usc1 = s.provider("gcp", "gcp-usc1", { project: GCP_PROJECT, region: "us-central1" });
    const euw2 = s.provider("aws", "aws-euw2", { region: "eu-west-2" });
    const usw2 = s.provider("aws", "aws-usw2", { region: "us-west-2" });
    const certificate = originCertificate(s, [host]);
    const gcpOrigins = [
        { name: "ew4-nlb", address: gcpForwardingRuleSite(s, "ew4", "europe-west4", "10.33.0.0/20", ["europe-west4-a", "europe-west4-b", "europe-west4-c"], `${B}.110`, { provider: ew4 }) },
        { name: "usc1-nlb", address: gcpForwardingRuleSite(s, "usc1", "us-central1", "10.34.0.0/20", ["us-central1-a", "us-central1-b", "us-central1-f"], `${B}.111`, { provider: usc1 }) },
    ];
    const awsOrigins = [
        { name: "euw2-alb", address: awsAlbSite(s, "euw2", "eu-west-2", "10.26.0.0/16", ["eu-west-2a", "eu-west-2b"], "euw2-alb-1234567890.eu-west-2.elb.amazonaws.com", `${A}.120`, certificate, { provider: euw2 }) },
        { name: "usw2-alb", address: awsAlbSite(s, "usw2", "us-west-2", "10.27.0.0/16", ["us-west-2a", "us-west-2b"], "usw2-alb-987654321.us-west-2.elb.amazonaws.com", `${A}.121`, certificate, { provider: usw2 }) },
    ];
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 10, timeout: 5, retries: 2, consecutiveDown: 3, consecutiveUp: 3 });
    const gcpPool = pool(s, "gcp-nlb", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP passthrough NLBs", minimumOrigins: 1 });
    const awsPool = pool(s, "aws-alb", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS ALBs", minimumOrigins: 1 });
    loadBalancer(s, "api", z, { name: host, defaultPools: [ref(gcpPool), ref(awsPool)], fallbackPool: ref(awsPool), steeringPolicy: "dynamic_latency", description: "managed groups on GCP and AWS" });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Azure (azure-native), DigitalOcean, Linode, Vultr: SDKs not installed here; tokens and names from their schemas.
// ---------------------------------------------------------------------------------------------------------------

const SUBSCRIPTION = "5f1c8b2e-3d4a-4e6f-9a0b-1c2d3e4f5a6b";

interface AzureSite {
    group: CorpusResource;
    subnet: CorpusResource;
    location: string;
    at: Placement;
    groupName: string;
}
function azureSite(s: CorpusStack, name: string, location: string, cidr: string, at: Placement, subnetNsg?: CorpusResource | ((group: CorpusResource) => CorpusResource)): AzureSite & { nsg?: CorpusResource } {
    const groupName = `rg-exchange-${name}`;
    const base = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${groupName}`;
    const group = s.resource("azure-native:resources:ResourceGroup", groupName, { resourceGroupName: groupName, location, tags: { team: "platform" } }, { ...at, outputs: { id: base, name: groupName, provisioningState: "Succeeded" } });
    const vnet = s.resource("azure-native:network:VirtualNetwork", `vnet-${name}`, {
        resourceGroupName: ref(group, "name"), virtualNetworkName: `vnet-${name}`, location, addressSpace: { addressPrefixes: [cidr] },
    }, { ...at, outputs: { id: `${base}/providers/Microsoft.Network/virtualNetworks/vnet-${name}`, name: `vnet-${name}`, provisioningState: "Succeeded" } });
    const nsg = typeof subnetNsg === "function" ? subnetNsg(group) : subnetNsg;
    const subnet = s.resource("azure-native:network:Subnet", `snet-${name}-nodes`, {
        resourceGroupName: ref(group, "name"), virtualNetworkName: ref(vnet, "name"), subnetName: "nodes", addressPrefix: cidr.replace(/\.0\.0\/16$/, ".1.0/24"),
        ...(nsg ? { networkSecurityGroup: { id: ref(nsg) } } : {}),
    }, { ...at, outputs: { id: `${base}/providers/Microsoft.Network/virtualNetworks/vnet-${name}/subnets/nodes`, name: "nodes", provisioningState: "Succeeded" } });
    return { group, subnet, location, at, groupName, nsg };
}

/** An NSG whose rules are written inline: HTTPS from Cloudflare (one rule per address family), everything else denied. */
function azureInlineNsg(s: CorpusStack, site: { group: CorpusResource; groupName: string; location: string; at: Placement }, name: string): CorpusResource {
    const base = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${site.groupName}`;
    return s.resource("azure-native:network:NetworkSecurityGroup", name, {
        resourceGroupName: ref(site.group, "name"),
        networkSecurityGroupName: name,
        location: site.location,
        securityRules: [
            { name: "allow-https-cloudflare-v4", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourcePortRange: "*", sourceAddressPrefixes: CLOUDFLARE_IPV4, destinationAddressPrefix: "*", destinationPortRange: "443" },
            { name: "allow-https-cloudflare-v6", priority: 110, direction: "Inbound", access: "Allow", protocol: "Tcp", sourcePortRange: "*", sourceAddressPrefixes: CLOUDFLARE_IPV6, destinationAddressPrefix: "*", destinationPortRange: "443" },
            { name: "deny-all-inbound", priority: 4096, direction: "Inbound", access: "Deny", protocol: "*", sourcePortRange: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", destinationPortRange: "*" },
        ],
    }, { ...site.at, outputs: { id: `${base}/providers/Microsoft.Network/networkSecurityGroups/${name}`, name, provisioningState: "Succeeded" } });
}

function azureVm(s: CorpusStack, name: string, site: AzureSite, args: { zone: string; address: string; privateIp: string; size?: string; nsg?: CorpusResource }): CorpusResource {
    const base = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${site.groupName}`;
    const publicIp = s.resource("azure-native:network:PublicIPAddress", `pip-${name}`, {
        resourceGroupName: ref(site.group, "name"), publicIpAddressName: `pip-${name}`, location: site.location, zones: [args.zone],
        sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4", idleTimeoutInMinutes: 4,
    }, { ...site.at, outputs: { id: `${base}/providers/Microsoft.Network/publicIPAddresses/pip-${name}`, ipAddress: args.address, name: `pip-${name}`, provisioningState: "Succeeded" } });
    const nic = s.resource("azure-native:network:NetworkInterface", `nic-${name}`, {
        resourceGroupName: ref(site.group, "name"), networkInterfaceName: `nic-${name}`, location: site.location, enableAcceleratedNetworking: true,
        ipConfigurations: [{ name: "ipconfig1", primary: true, privateIPAllocationMethod: "Dynamic", subnet: { id: ref(site.subnet) }, publicIPAddress: { id: ref(publicIp) } }],
        ...(args.nsg ? { networkSecurityGroup: { id: ref(args.nsg) } } : {}),
    }, { ...site.at, outputs: { id: `${base}/providers/Microsoft.Network/networkInterfaces/nic-${name}`, name: `nic-${name}`, macAddress: "00-0D-3A-2B-4C-5D", provisioningState: "Succeeded" } });
    s.resource("azure-native:compute:VirtualMachine", `vm-${name}`, {
        resourceGroupName: ref(site.group, "name"), vmName: `vm-${name}`, location: site.location, zones: [args.zone],
        hardwareProfile: { vmSize: args.size ?? "Standard_D4s_v5" },
        networkProfile: { networkInterfaces: [{ id: ref(nic), primary: true }] },
        osProfile: {
            computerName: name, adminUsername: "exchange",
            linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/exchange/.ssh/authorized_keys", keyData: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKeyForCorpus ops@platform" }] } },
        },
        storageProfile: {
            imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
            osDisk: { name: `osdisk-${name}`, createOption: "FromImage", caching: "ReadWrite", deleteOption: "Delete", managedDisk: { storageAccountType: "Premium_LRS" } },
            dataDisks: [{ lun: 0, name: `data-${name}`, createOption: "Empty", caching: "None", diskSizeGB: 256, managedDisk: { storageAccountType: "Premium_LRS" }, deleteOption: "Detach" }],
        },
        securityProfile: { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
        userData: Buffer.from("#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n").toString("base64"),
    }, { ...site.at, outputs: { id: `${base}/providers/Microsoft.Compute/virtualMachines/vm-${name}`, name: `vm-${name}`, vmId: uuid(`${s.name}:${name}:vm`), provisioningState: "Succeeded" } });
    return publicIp;
}

// H. Four clouds including Azure (VM + NIC + public IP), random steering with equal pool weights.
function fourCloudsAzure(): CorpusStack {
    const s = new CorpusStack("de-four");
    const z = zone("rhine-clearing.de");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const google = s.provider("gcp", "gcp-euw3", { project: GCP_PROJECT, region: "europe-west3" });
    const azure = s.provider("azure-native", "azure-gwc", { location: "germanywestcentral", subscriptionId: SUBSCRIPTION });

    const net = awsNetwork(s, "euc1", "eu-central-1", "10.28.0.0/16", ["eu-central-1a", "eu-central-1b"], { provider: euc1 });
    const sg = awsInlineSg(s, "euc1-nodes", net, 443, { provider: euc1 });
    const awsOrigins = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-central-1", privateIp: `10.28.${i + 1}.10` }, { provider: euc1 });
        const eip = awsEip(s, `euc1-ip-${i}`, `${A}.${130 + i}`, { instance: ref(node) }, { provider: euc1 }, [net.gateway]);
        return { name: `euc1-node-${i}`, address: ref(eip, "publicIp") };
    });

    const gnet = gcpNetwork(s, "euw3", "europe-west3", "10.35.0.0/20", { provider: google });
    gcpFirewall(s, "euw3-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["europe-west3-a", "europe-west3-c"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw3-ip-${i}`, "europe-west3", `${B}.${130 + i}`, { provider: google });
        gcpNode(s, `euw3-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${130 + i}`, internalIp: `10.35.0.${10 + i}` }, { provider: google });
        return { name: `euw3-node-${i}`, address: ref(address, "address") };
    });

    const hz = hetznerBase(s, "nbg", "eu-central", "10.44.0.0/16");
    const hzOrigins = ["nbg1", "fsn1"].map((location, i) => {
        const ip = hetznerPrimaryIp(s, `hz-ip-${i}`, location, `${C}.${130 + i}`);
        hetznerServer(s, `hz-node-${i}`, { base: hz, location, ipv4: `${C}.${130 + i}`, ipv6: `2001:db8:b0:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: false }] });
        return { name: `hz-node-${i}`, address: ref(ip, "ipAddress") };
    });

    const site = azureSite(s, "gwc", "germanywestcentral", "10.60.0.0/16", { provider: azure });
    const nsg = azureInlineNsg(s, site, "nsg-exchange-nodes");
    const azureOrigins = ["1", "2"].map((zoneName, i) => {
        const pip = azureVm(s, `exchange-gwc-${i}`, site, { zone: zoneName, address: `${A}.${140 + i}`, privateIp: `10.60.1.${4 + i}`, nsg });
        return { name: `exchange-gwc-${i}`, address: ref(pip, "ipAddress") };
    });

    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 30, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const pools = {
        aws: pool(s, "aws", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS Frankfurt" }),
        azure: pool(s, "azure", z, { monitor: ref(monitor), origins: azureOrigins, description: "Azure Germany West Central" }),
        gcp: pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP Frankfurt" }),
        hetzner: pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner Nuremberg/Falkenstein" }),
    };
    loadBalancer(s, "api", z, {
        name: host,
        steeringPolicy: "random",
        defaultPools: [ref(pools.aws), ref(pools.azure), ref(pools.gcp), ref(pools.hetzner)],
        fallbackPool: ref(pools.hetzner),
        // Keyed by the pools' IDs once they exist (the program builds the map in an apply).
        randomSteering: { defaultWeight: 1, poolWeights: ref(pools.aws, "id", (awsId) => ({ [String(awsId)]: 1, [pools.azure.id]: 1, [pools.gcp.id]: 1, [pools.hetzner.id]: 1 })) },
        description: "four clouds, equal shares",
    });
    zoneOriginPulls(s, z);
    return s;
}

function doDroplet(s: CorpusStack, name: string, region: string, args: { vpc: CorpusResource; size?: string; ipv4: string; ipv6: string; privateIp: string; tags?: string[] }, at: Placement): CorpusResource {
    return s.resource("digitalocean:index/droplet:Droplet", name, {
        name, image: "ubuntu-24-04-x64", region, size: args.size ?? "g-4vcpu-16gb", vpcUuid: ref(args.vpc), ipv6: true, monitoring: true, backups: false,
        tags: args.tags ?? ["exchange-node"], sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
        userData: "#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n",
    }, { ...at, outputs: { id: digits(`${s.name}:${name}:droplet`, 9), ipv4Address: args.ipv4, ipv4AddressPrivate: args.privateIp, ipv6Address: args.ipv6, status: "active", dropletUrn: `do:droplet:${digits(`${s.name}:${name}:droplet`, 9)}` } });
}

// I. Four clouds including DigitalOcean (droplet + reserved IP + reserved IP assignment), dynamic latency steering.
function fourCloudsDigitalOcean(): CorpusStack {
    const s = new CorpusStack("us-east-four");
    const z = zone("tidewater-exchange.com");
    const host = `api.${z.domain}`;
    const use1 = s.provider("aws", "aws-use1", { region: "us-east-1" });
    const google = s.provider("gcp", "gcp-use1", { project: GCP_PROJECT, region: "us-east1" });
    const digitalocean = s.provider("digitalocean", "do", {});

    const vpc = s.resource("digitalocean:index/vpc:Vpc", "nyc3", { name: "tidewater-nyc3", region: "nyc3", ipRange: "10.120.0.0/20" }, { provider: digitalocean, outputs: { id: uuid("tidewater:vpc"), vpcUrn: `do:vpc:${uuid("tidewater:vpc")}` } });
    const droplets = [0, 1].map((i) => doDroplet(s, `nyc3-node-${i}`, "nyc3", { vpc, ipv4: `${B}.${150 + i}`, ipv6: `2001:db8:d1:${i}::1`, privateIp: `10.120.0.${2 + i}` }, { provider: digitalocean }));
    const doOrigins = droplets.map((droplet, i) => {
        const ip = s.resource("digitalocean:index/reservedIp:ReservedIp", `nyc3-ip-${i}`, { region: "nyc3" }, { provider: digitalocean, outputs: { id: `${C}.${150 + i}`, ipAddress: `${C}.${150 + i}`, reservedIpUrn: `do:reservedip:${C}.${150 + i}` } });
        s.resource("digitalocean:index/reservedIpAssignment:ReservedIpAssignment", `nyc3-ip-${i}`, { ipAddress: ref(ip, "ipAddress"), dropletId: ref(droplet, "id", toNumber) }, { provider: digitalocean, outputs: { id: `${C}.${150 + i}-${droplet.id}` } });
        return { name: `nyc3-node-${i}`, address: ref(ip, "ipAddress") };
    });
    s.resource("digitalocean:index/firewall:Firewall", "nyc3-nodes", {
        name: "exchange-nodes",
        tags: ["exchange-node"],
        inboundRules: [
            { protocol: "tcp", portRange: "443", sourceAddresses: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] },
            { protocol: "tcp", portRange: "22", sourceAddresses: [OFFICE] },
        ],
        outboundRules: [{ protocol: "tcp", portRange: "all", destinationAddresses: ["0.0.0.0/0", "::/0"] }, { protocol: "udp", portRange: "all", destinationAddresses: ["0.0.0.0/0", "::/0"] }],
    }, { provider: digitalocean, outputs: { id: uuid("tidewater:fw"), status: "succeeded" }, dependsOn: droplets });

    const net = awsNetwork(s, "use1", "us-east-1", "10.29.0.0/16", ["us-east-1b", "us-east-1c"], { provider: use1 });
    const sg = awsRuleSg(s, "use1-nodes", net, 443, { provider: use1 }, ["v4"]);
    const awsOrigins = ["us-east-1b", "us-east-1c"].map((az, i) => {
        const node = awsNode(s, `use1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "us-east-1", privateIp: `10.29.${i + 1}.10` }, { provider: use1 });
        const eip = awsEip(s, `use1-ip-${i}`, `${A}.${150 + i}`, { instance: ref(node) }, { provider: use1 }, [net.gateway]);
        return { name: `use1-node-${i}`, address: ref(eip, "publicIp") };
    });

    const gnet = gcpNetwork(s, "use1", "us-east1", "10.36.0.0/20", { provider: google });
    gcpFirewall(s, "use1-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["us-east1-b", "us-east1-c"].map((zoneName, i) => {
        const address = gcpAddress(s, `use1-gce-ip-${i}`, "us-east1", `${B}.${160 + i}`, { provider: google });
        gcpNode(s, `use1-gce-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${160 + i}`, internalIp: `10.36.0.${10 + i}` }, { provider: google });
        return { name: `use1-gce-${i}`, address: ref(address, "address") };
    });

    const hz = hetznerBase(s, "ash", "us-east", "10.45.0.0/16");
    const hzOrigins = [0, 1].map((i) => {
        const server = hetznerServer(s, `ash-node-${i}`, { base: hz, location: "ash", serverType: "ccx23", ipv4: `${C}.${160 + i}`, ipv6: `2001:db8:a6:${i}::1` });
        return { name: `ash-node-${i}`, address: ref(server, "ipv4Address") };
    });

    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2 });
    const pools = [
        pool(s, "digitalocean", z, { monitor: ref(monitor), origins: doOrigins, description: "DigitalOcean NYC3" }),
        pool(s, "aws", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS us-east-1" }),
        pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP us-east1" }),
        pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner Ashburn" }),
    ];
    loadBalancer(s, "api", z, { name: host, steeringPolicy: "dynamic_latency", defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[2]), description: "four clouds on the US east coast" });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// J. Singapore on AWS, Linode and Vultr.
function singaporeThreeClouds(): CorpusStack {
    const s = new CorpusStack("sg-prod");
    const z = zone("straits-digital.sg");
    const host = `api.${z.domain}`;
    const apse1 = s.provider("aws", "aws-apse1", { region: "ap-southeast-1" });
    const linode = s.provider("linode", "linode", {});
    const vultr = s.provider("vultr", "vultr", {});

    const net = awsNetwork(s, "apse1", "ap-southeast-1", "10.30.0.0/16", ["ap-southeast-1a", "ap-southeast-1b"], { provider: apse1 });
    const sg = awsInlineSg(s, "apse1-nodes", net, 443, { provider: apse1 });
    const awsOrigins = ["ap-southeast-1a", "ap-southeast-1b"].map((az, i) => {
        const node = awsNode(s, `apse1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "ap-southeast-1", instanceType: "c7i.xlarge", privateIp: `10.30.${i + 1}.10` }, { provider: apse1 });
        awsDataVolume(s, `apse1-node-${i}`, node, az, 300, { provider: apse1 });
        const eip = awsEip(s, `apse1-ip-${i}`, `${A}.${170 + i}`, { instance: ref(node) }, { provider: apse1 }, [net.gateway]);
        return { name: `apse1-node-${i}`, address: ref(eip, "publicIp") };
    });

    const linodes = [0, 1].map((i) => s.resource("linode:index/instance:Instance", `sg-linode-${i}`, {
        label: `exchange-sg-${i}`, region: "ap-south", type: "g6-dedicated-4", image: "linode/ubuntu24.04", privateIp: true, booted: true,
        authorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleOnlyKeyForCorpus ops@platform"], tags: ["exchange"],
        metadatas: [{ userData: Buffer.from("#cloud-config\nruncmd:\n  - systemctl enable --now exchange-node\n").toString("base64") }],
    }, { provider: linode, outputs: { id: digits(`sg:linode:${i}`, 8), ipAddress: `${B}.${170 + i}`, ipv6: `2001:db8:11:${i}::1/128`, privateIpAddress: `192.168.139.${20 + i}`, status: "running" } }));
    s.resource("linode:index/firewall:Firewall", "sg-linode-fw", {
        label: "exchange-sg", inboundPolicy: "DROP", outboundPolicy: "ACCEPT",
        inbounds: [{ label: "https-cloudflare", action: "ACCEPT", protocol: "TCP", ports: "443", ipv4s: CLOUDFLARE_IPV4, ipv6s: CLOUDFLARE_IPV6 }],
        linodes: linodes.map((instance) => ref(instance, "id", toNumber)),
    }, { provider: linode, outputs: { id: digits("sg:linode:fw", 6), status: "enabled" } });

    const firewallGroup = s.resource("vultr:index/firewallGroup:FirewallGroup", "sg-vultr-fw", { description: "exchange nodes, Cloudflare only" }, { provider: vultr, outputs: { id: uuid("sg:vultr:fw"), instanceCount: 2, ruleCount: 2 } });
    // Vultr's `source: "cloudflare"` admits only Cloudflare's ranges; the subnet fields are required and ignored.
    for (const family of ["v4", "v6"]) {
        s.resource("vultr:index/firewallRule:FirewallRule", `sg-vultr-https-${family}`, {
            firewallGroupId: ref(firewallGroup), protocol: "tcp", ipType: family, subnet: family === "v4" ? "0.0.0.0" : "::", subnetSize: 0, port: "443", source: "cloudflare", notes: "HTTPS from Cloudflare",
        }, { provider: vultr, outputs: { id: `${uuid("sg:vultr:fw")},${family === "v4" ? 1 : 2}` } });
    }
    const vultrs = [0, 1].map((i) => s.resource("vultr:index/instance:Instance", `sg-vultr-${i}`, {
        region: "sgp", plan: "voc-c-4c-8gb-75s-amd", osId: 2284, label: `exchange-sg-vultr-${i}`, hostname: `exchange-sg-vultr-${i}`, enableIpv6: true,
        firewallGroupId: ref(firewallGroup), backups: "disabled", ddosProtection: false, activationEmail: false, tags: ["exchange"],
    }, { provider: vultr, outputs: { id: uuid(`sg:vultr:${i}`), mainIp: `${C}.${170 + i}`, v6MainIp: `2001:db8:17:${i}::1`, powerStatus: "running", serverStatus: "ok", status: "active" } }));

    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 20, timeout: 5, retries: 1, consecutiveDown: 2, consecutiveUp: 2 });
    const pools = [
        pool(s, "aws-apse1", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS Singapore", checkRegions: ["SEAS", "NEAS"] }),
        pool(s, "linode-sg", z, { monitor: ref(monitor), origins: linodes.map((instance, i) => ({ name: `sg-linode-${i}`, address: ref(instance, "ipAddress") })), description: "Akamai/Linode Singapore", checkRegions: ["SEAS", "NEAS"] }),
        pool(s, "vultr-sgp", z, { monitor: ref(monitor), origins: vultrs.map((instance, i) => ({ name: `sg-vultr-${i}`, address: ref(instance, "mainIp") })), description: "Vultr Singapore", checkRegions: ["SEAS", "NEAS"] }),
    ];
    loadBalancer(s, "api", z, { name: host, defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[2]), description: "Singapore on three clouds" });
    hostnameOriginPulls(s, z, [host]);
    strictTls(s, z);
    return s;
}

// K. Random steering with unequal pool weights; AWS admits Cloudflare through a managed prefix list.
function weightedRandom(): CorpusStack {
    const s = new CorpusStack("weighted");
    const z = zone("copperleaf-exchange.com");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const google = s.provider("gcp", "gcp-euw3", { project: GCP_PROJECT, region: "europe-west3" });
    const net = awsNetwork(s, "euc1", "eu-central-1", "10.31.0.0/16", ["eu-central-1a", "eu-central-1b", "eu-central-1c"], { provider: euc1 });
    const prefixList = s.resource("aws:ec2/managedPrefixList:ManagedPrefixList", "cloudflare-v4", {
        name: "cloudflare-ipv4", addressFamily: "IPv4", maxEntries: 20,
        entries: CLOUDFLARE_IPV4.map((cidr) => ({ cidr, description: "Cloudflare" })),
    }, { provider: euc1, outputs: { id: `pl-${hex("weighted:pl", 17)}`, arn: `arn:aws:ec2:eu-central-1:123456789012:prefix-list/pl-${hex("weighted:pl", 17)}`, version: 1, ownerId: "123456789012" } });
    const sg = s.resource("aws:ec2/securityGroup:SecurityGroup", "euc1-nodes", { vpcId: ref(net.vpc), description: "exchange nodes", tags: { Name: "euc1-nodes" } }, { provider: euc1, outputs: { id: `sg-${hex("weighted:sg", 17)}` } });
    s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euc1-nodes-https-cloudflare", { securityGroupId: ref(sg), prefixListId: ref(prefixList), ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "HTTPS from Cloudflare (prefix list)" }, { provider: euc1, outputs: { id: `sgr-${hex("weighted:https", 17)}` } });
    s.resource("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "euc1-nodes-egress-v4", { securityGroupId: ref(sg), ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" }, { provider: euc1, outputs: { id: `sgr-${hex("weighted:egress", 17)}` } });
    const awsOrigins = ["eu-central-1a", "eu-central-1b", "eu-central-1c"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-central-1", instanceType: "m7i.xlarge", privateIp: `10.31.${i + 1}.10` }, { provider: euc1 });
        awsDataVolume(s, `euc1-node-${i}`, node, az, 250, { provider: euc1 });
        const eip = awsEip(s, `euc1-ip-${i}`, `${A}.${180 + i}`, { instance: ref(node) }, { provider: euc1 }, [net.gateway]);
        return { name: `euc1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const gnet = gcpNetwork(s, "euw3", "europe-west3", "10.37.0.0/20", { provider: google });
    gcpFirewall(s, "euw3-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["europe-west3-a", "europe-west3-b"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw3-ip-${i}`, "europe-west3", `${B}.${180 + i}`, { provider: google });
        gcpNode(s, `euw3-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${180 + i}`, internalIp: `10.37.0.${10 + i}`, machineType: "n2-standard-8" }, { provider: google });
        return { name: `euw3-node-${i}`, address: ref(address, "address") };
    });
    const hz = hetznerBase(s, "hel", "eu-central", "10.46.0.0/16");
    const hzOrigins = [0, 1].map((i) => {
        const ip = hetznerPrimaryIp(s, `hel-ip-${i}`, "hel1", `${C}.${180 + i}`);
        hetznerServer(s, `hel-node-${i}`, { base: hz, location: "hel1", serverType: "ccx33", ipv4: `${C}.${180 + i}`, ipv6: `2001:db8:e2:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        return { name: `hel-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 3, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const awsPool = pool(s, "aws", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS, three nodes", minimumOrigins: 2 });
    const gcpPool = pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP, two nodes" });
    const hzPool = pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner, two nodes" });
    loadBalancer(s, "api", z, {
        name: host,
        steeringPolicy: "random",
        defaultPools: [ref(awsPool), ref(gcpPool), ref(hzPool)],
        fallbackPool: ref(gcpPool),
        randomSteering: { defaultWeight: 0.3, poolWeights: ref(awsPool, "id", (awsId) => ({ [String(awsId)]: 0.35, [gcpPool.id]: 0.35, [hzPool.id]: 0.3 })) },
        sessionAffinity: "cookie",
        sessionAffinityTtl: 900,
        sessionAffinityAttributes: { samesite: "Strict", secure: "Always", zeroDowntimeFailover: "temporary", drainDuration: 60 },
    });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// L. Least outstanding requests across pools and within them, two clouds, three nodes each.
function leastOutstandingRequests(): CorpusStack {
    const s = new CorpusStack("lor");
    const z = zone("bluefin-markets.com");
    const host = `api.${z.domain}`;
    const euw1 = s.provider("aws", "aws-euw1", { region: "eu-west-1" });
    const google = s.provider("gcp", "gcp-euw1", { project: GCP_PROJECT, region: "europe-west1" });
    const net = awsNetwork(s, "euw1", "eu-west-1", "10.32.0.0/16", ["eu-west-1a", "eu-west-1b", "eu-west-1c"], { provider: euw1 });
    const sg = awsRuleSg(s, "euw1-nodes", net, 443, { provider: euw1 });
    const awsOrigins = ["eu-west-1a", "eu-west-1b", "eu-west-1c"].map((az, i) => {
        const node = awsNode(s, `euw1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-west-1", instanceType: "c7i.2xlarge", privateIp: `10.32.${i + 1}.10` }, { provider: euw1 });
        const eip = awsEip(s, `euw1-ip-${i}`, `${A}.${190 + i}`, {}, { provider: euw1 }, [net.gateway]);
        s.resource("aws:ec2/eipAssociation:EipAssociation", `euw1-ip-${i}`, { allocationId: ref(eip), instanceId: ref(node) }, { provider: euw1, outputs: { id: `eipassoc-${hex(`lor:${i}`, 17)}`, publicIp: `${A}.${190 + i}` } });
        return { name: `euw1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const gnet = gcpNetwork(s, "euw1", "europe-west1", "10.38.0.0/20", { provider: google });
    gcpFirewall(s, "euw1-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["europe-west1-b", "europe-west1-c", "europe-west1-d"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw1-ip-${i}`, "europe-west1", `${B}.${190 + i}`, { provider: google });
        gcpNode(s, `euw1-gce-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${190 + i}`, internalIp: `10.38.0.${10 + i}`, machineType: "c3-standard-8" }, { provider: google });
        return { name: `euw1-gce-${i}`, address: ref(address, "address") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 10, timeout: 4, retries: 2, consecutiveDown: 3, consecutiveUp: 3 });
    const awsPool = pool(s, "aws", z, { monitor: ref(monitor), origins: awsOrigins, minimumOrigins: 2, originSteering: { policy: "least_outstanding_requests" }, description: "AWS Dublin" });
    const gcpPool = pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins, minimumOrigins: 2, originSteering: { policy: "least_outstanding_requests" }, description: "GCP Belgium" });
    loadBalancer(s, "api", z, {
        name: host,
        steeringPolicy: "least_outstanding_requests",
        randomSteering: { defaultWeight: 1 },
        defaultPools: [ref(awsPool), ref(gcpPool)],
        fallbackPool: ref(gcpPool),
    });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// M. Geo steering by Cloudflare region: every region's failover order spans clouds and ends in a GCP fallback.
function regionPools(): CorpusStack {
    const s = new CorpusStack("geo-regions");
    const z = zone("atlas-bourse.com");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const use2 = s.provider("aws", "aws-use2", { region: "us-east-2" });
    const google = s.provider("gcp", "gcp-euw1", { project: GCP_PROJECT, region: "europe-west1" });
    const awsRegion = (name: string, region: "eu-central-1" | "us-east-2", cidr: string, zones: string[], addresses: string[], provider: CorpusResource) => {
        const net = awsNetwork(s, name, region, cidr, zones, { provider });
        const sg = awsInlineSg(s, `${name}-nodes`, net, 443, { provider });
        return zones.map((az, i) => {
            const node = awsNode(s, `${name}-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region, privateIp: `${cidr.split(".").slice(0, 2).join(".")}.${i + 1}.10` }, { provider });
            const eip = awsEip(s, `${name}-ip-${i}`, addresses[i], { instance: ref(node) }, { provider }, [net.gateway]);
            return { name: `${name}-node-${i}`, address: ref(eip, "publicIp") };
        });
    };
    const awsEu = awsRegion("euc1", "eu-central-1", "10.33.0.0/16", ["eu-central-1a", "eu-central-1b"], [`${A}.200`, `${A}.201`], euc1);
    const awsUs = awsRegion("use2", "us-east-2", "10.34.0.0/16", ["us-east-2a", "us-east-2b"], [`${A}.202`, `${A}.203`], use2);
    const hz = hetznerBase(s, "hz", "eu-central", "10.47.0.0/16");
    const hzEu = [["fsn1", 0], ["hel1", 1]].map(([location, i]) => {
        const server = hetznerServer(s, `hz-eu-${i}`, { base: hz, location: String(location), ipv4: `${C}.${200 + Number(i)}`, ipv6: `2001:db8:e3:${i}::1` });
        return { name: `hz-eu-${i}`, address: ref(server, "ipv4Address") };
    });
    const hzUs = [["ash", 0], ["hil", 1]].map(([location, i]) => {
        const server = hetznerServer(s, `hz-us-${i}`, { base: hz, location: String(location), ipv4: `${C}.${202 + Number(i)}`, ipv6: `2001:db8:e4:${i}::1`, privateNetwork: false });
        return { name: `hz-us-${i}`, address: ref(server, "ipv4Address") };
    });
    const gnet = gcpNetwork(s, "euw1", "europe-west1", "10.39.0.0/20", { provider: google });
    gcpFirewall(s, "euw1-https-cloudflare", gnet, {}, { provider: google });
    const gcpEu = ["europe-west1-b", "europe-west1-d"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw1-ip-${i}`, "europe-west1", `${B}.${200 + i}`, { provider: google });
        gcpNode(s, `euw1-gce-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${200 + i}`, internalIp: `10.39.0.${10 + i}` }, { provider: google });
        return { name: `euw1-gce-${i}`, address: ref(address, "address") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 30, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const pools = {
        awsEu: pool(s, "aws-eu", z, { monitor: ref(monitor), origins: awsEu, description: "AWS Frankfurt" }),
        awsUs: pool(s, "aws-us", z, { monitor: ref(monitor), origins: awsUs, description: "AWS Ohio" }),
        hzEu: pool(s, "hetzner-eu", z, { monitor: ref(monitor), origins: hzEu, description: "Hetzner Falkenstein/Helsinki" }),
        hzUs: pool(s, "hetzner-us", z, { monitor: ref(monitor), origins: hzUs, description: "Hetzner Ashburn/Hillsboro" }),
        gcpEu: pool(s, "gcp-eu", z, { monitor: ref(monitor), origins: gcpEu, description: "GCP Belgium" }),
    };
    loadBalancer(s, "api", z, {
        name: host,
        steeringPolicy: "geo",
        defaultPools: [ref(pools.awsEu), ref(pools.hzEu)],
        fallbackPool: ref(pools.gcpEu),
        regionPools: {
            WNAM: [ref(pools.awsUs), ref(pools.hzUs)],
            ENAM: [ref(pools.hzUs), ref(pools.awsUs)],
            WEU: [ref(pools.hzEu), ref(pools.awsEu)],
            EEU: [ref(pools.hzEu), ref(pools.gcpEu)],
        },
        description: "by region, every region on two clouds",
    });
    zoneOriginPulls(s, z);
    return s;
}

// N. Geo steering by country and by Cloudflare PoP; every entry spans clouds, Hetzner is the pool of last resort.
function countryAndPopPools(): CorpusStack {
    const s = new CorpusStack("geo-countries");
    const z = zone("pinecrest-exchange.com");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const use1 = s.provider("aws", "aws-use1", { region: "us-east-1" });
    const ew3 = s.provider("gcp", "gcp-ew3", { project: GCP_PROJECT, region: "europe-west3" });
    const ue4 = s.provider("gcp", "gcp-ue4", { project: GCP_PROJECT, region: "us-east4" });
    const awsSite = (name: string, region: "eu-central-1" | "us-east-1", cidr: string, zones: string[], first: number, provider: CorpusResource) => {
        const net = awsNetwork(s, name, region, cidr, zones, { provider });
        const sg = awsRuleSg(s, `${name}-nodes`, net, 443, { provider }, ["v4"]);
        return zones.map((az, i) => {
            const node = awsNode(s, `${name}-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region, privateIp: `${cidr.split(".").slice(0, 2).join(".")}.${i + 1}.10` }, { provider });
            const eip = awsEip(s, `${name}-ip-${i}`, `${A}.${first + i}`, { instance: ref(node) }, { provider }, [net.gateway]);
            return { name: `${name}-node-${i}`, address: ref(eip, "publicIp") };
        });
    };
    const gcpSite = (name: string, region: string, cidr: string, zones: string[], first: number, provider: CorpusResource) => {
        const net = gcpNetwork(s, name, region, cidr, { provider });
        gcpFirewall(s, `${name}-https-cloudflare`, net, { targetTags: ["exchange-node"] }, { provider });
        return zones.map((zoneName, i) => {
            const address = gcpAddress(s, `${name}-ip-${i}`, region, `${B}.${first + i}`, { provider });
            gcpNode(s, `${name}-node-${i}`, { net, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${first + i}`, internalIp: `${cidr.split(".").slice(0, 3).join(".")}.${10 + i}` }, { provider });
            return { name: `${name}-node-${i}`, address: ref(address, "address") };
        });
    };
    const awsEu = awsSite("euc1", "eu-central-1", "10.35.0.0/16", ["eu-central-1a", "eu-central-1b"], 210, euc1);
    const awsUs = awsSite("use1", "us-east-1", "10.36.0.0/16", ["us-east-1a", "us-east-1b"], 212, use1);
    const gcpEu = gcpSite("euw3", "europe-west3", "10.40.0.0/20", ["europe-west3-a", "europe-west3-b"], 210, ew3);
    const gcpUs = gcpSite("use4", "us-east4", "10.41.0.0/20", ["us-east4-a", "us-east4-c"], 212, ue4);
    const hz = hetznerBase(s, "fsn", "eu-central", "10.48.0.0/16");
    const hzEu = [0, 1].map((i) => {
        const ip = hetznerPrimaryIp(s, `fsn-ip-${i}`, "fsn1", `${C}.${210 + i}`);
        hetznerServer(s, `fsn-node-${i}`, { base: hz, location: "fsn1", ipv4: `${C}.${210 + i}`, ipv6: `2001:db8:e5:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        return { name: `fsn-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const pools = {
        awsEu: pool(s, "aws-eu", z, { monitor: ref(monitor), origins: awsEu }),
        awsUs: pool(s, "aws-us", z, { monitor: ref(monitor), origins: awsUs }),
        gcpEu: pool(s, "gcp-eu", z, { monitor: ref(monitor), origins: gcpEu }),
        gcpUs: pool(s, "gcp-us", z, { monitor: ref(monitor), origins: gcpUs }),
        hzEu: pool(s, "hetzner-eu", z, { monitor: ref(monitor), origins: hzEu }),
    };
    loadBalancer(s, "api", z, {
        name: host,
        steeringPolicy: "geo",
        defaultPools: [ref(pools.awsEu), ref(pools.gcpEu)],
        fallbackPool: ref(pools.hzEu),
        countryPools: {
            US: [ref(pools.awsUs), ref(pools.gcpUs)],
            CA: [ref(pools.gcpUs), ref(pools.awsUs)],
            DE: [ref(pools.gcpEu), ref(pools.awsEu)],
        },
        popPools: {
            FRA: [ref(pools.awsEu), ref(pools.gcpEu)],
            IAD: [ref(pools.gcpUs), ref(pools.awsUs)],
        },
    });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// O. Rules whose overrides still span clouds, and a disabled single-cloud canary rule.
function rulesWithOverrides(): CorpusStack {
    const s = new CorpusStack("rules");
    const z = zone("granite-ledger.com");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const google = s.provider("gcp", "gcp-euw4", { project: GCP_PROJECT, region: "europe-west4" });
    const net = awsNetwork(s, "euc1", "eu-central-1", "10.37.0.0/16", ["eu-central-1a", "eu-central-1b"], { provider: euc1 });
    const sg = awsInlineSg(s, "euc1-nodes", net, 443, { provider: euc1 });
    const awsOrigins = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-central-1", privateIp: `10.37.${i + 1}.10` }, { provider: euc1 });
        const eip = awsEip(s, `euc1-ip-${i}`, `${A}.${220 + i}`, { instance: ref(node) }, { provider: euc1 }, [net.gateway]);
        return { name: `euc1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const gnet = gcpNetwork(s, "euw4", "europe-west4", "10.42.0.0/20", { provider: google });
    gcpFirewall(s, "euw4-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["europe-west4-a", "europe-west4-b"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw4-ip-${i}`, "europe-west4", `${B}.${220 + i}`, { provider: google });
        gcpNode(s, `euw4-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${220 + i}`, internalIp: `10.42.0.${10 + i}` }, { provider: google });
        return { name: `euw4-node-${i}`, address: ref(address, "address") };
    });
    const hz = hetznerBase(s, "hz", "eu-central", "10.49.0.0/16");
    const hzOrigins = ["fsn1", "nbg1"].map((location, i) => {
        const ip = hetznerPrimaryIp(s, `hz-ip-${i}`, location, `${C}.${220 + i}`);
        hetznerServer(s, `hz-node-${i}`, { base: hz, location, ipv4: `${C}.${220 + i}`, ipv6: `2001:db8:e6:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        return { name: `hz-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 20, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const aws = pool(s, "aws", z, { monitor: ref(monitor), origins: awsOrigins });
    const gcp = pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins });
    const hetzner = pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins });
    loadBalancer(s, "api", z, {
        name: host,
        defaultPools: [ref(aws), ref(gcp), ref(hetzner)],
        fallbackPool: ref(hetzner),
        rules: [
            {
                name: "websocket-sticky",
                priority: 10,
                condition: 'starts_with(http.request.uri.path, "/ws/")',
                overrides: { sessionAffinity: "cookie", sessionAffinityTtl: 3600, defaultPools: [ref(gcp), ref(hetzner)], fallbackPool: ref(aws) },
            },
            {
                name: "asia-by-region",
                priority: 20,
                condition: 'ip.src.continent eq "AS"',
                overrides: { steeringPolicy: "geo", regionPools: { SEAS: [ref(gcp), ref(aws)], NEAS: [ref(aws), ref(gcp)] } },
            },
            {
                name: "aws-canary",
                priority: 5,
                disabled: true,
                condition: 'any(http.request.headers["x-exchange-canary"][*] eq "1")',
                overrides: { defaultPools: [ref(aws)], fallbackPool: ref(aws) },
                terminates: true,
            },
        ],
    });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// P. GCP and Hetzner only; rules answer retired and maintenance paths without an origin; DNS records elsewhere.
function maintenanceAndDns(): CorpusStack {
    const s = new CorpusStack("gcp-hetzner");
    const z = zone("saltmarsh.exchange");
    const host = `api.${z.domain}`;
    const google = s.provider("gcp", "gcp-euw1", { project: GCP_PROJECT, region: "europe-west1" });
    const gnet = gcpNetwork(s, "euw1", "europe-west1", "10.43.0.0/20", { provider: google });
    gcpFirewall(s, "euw1-https-cloudflare", gnet, { targetTags: ["api"] }, { provider: google });
    gcpFirewall(s, "euw1-ssh-iap", gnet, { ports: ["22"], sourceRanges: ["35.235.240.0/20"], targetTags: ["api"], description: "SSH through Identity-Aware Proxy" }, { provider: google });
    const gcpOrigins = ["europe-west1-b", "europe-west1-c"].map((zoneName, i) => {
        const address = gcpAddress(s, `api-ip-${i}`, "europe-west1", `${B}.${10 + i}`, { provider: google });
        const disk = s.resource("gcp:compute/disk:Disk", `api-data-${i}`, { zone: zoneName, size: 200, type: "pd-ssd", labels: { role: "exchange-data" } }, { provider: google, protect: true, outputs: { id: `projects/${GCP_PROJECT}/zones/${zoneName}/disks/api-data-${i}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/zones/${zoneName}/disks/api-data-${i}` } });
        gcpNode(s, `api-${i}`, {
            net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${10 + i}`, internalIp: `10.43.0.${10 + i}`, tags: ["api"],
            extra: { attachedDisks: [{ source: ref(disk, "selfLink"), deviceName: "data", mode: "READ_WRITE" }] },
        }, { provider: google });
        return { name: `api-${i}`, address: ref(address, "address") };
    });
    const hz = hetznerBase(s, "hz", "eu-central", "10.50.0.0/16");
    const hzOrigins = ["fsn1", "nbg1"].map((location, i) => {
        const server = hetznerServer(s, `api-hz-${i}`, { base: hz, location, serverType: "ccx33", ipv4: `${C}.${10 + i}`, ipv6: `2001:db8:e7:${i}::1` });
        hetznerVolume(s, `api-hz-${i}`, server, 200);
        return { name: `api-hz-${i}`, address: ref(server, "ipv4Address") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 30, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const gcpPool = pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP Belgium" });
    const hzPool = pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner Germany" });
    const lb = loadBalancer(s, "api", z, {
        name: host,
        defaultPools: [ref(gcpPool), ref(hzPool)],
        fallbackPool: ref(hzPool),
        rules: [
            {
                name: "maintenance-window",
                priority: 1,
                disabled: true,
                condition: 'not starts_with(http.request.uri.path, "/status")',
                fixedResponse: { statusCode: 503, contentType: "text/html", messageBody: "<h1>Scheduled maintenance</h1><p>Trading resumes at 06:00 UTC.</p>" },
                terminates: true,
            },
            {
                name: "retired-v0",
                priority: 2,
                condition: 'starts_with(http.request.uri.path, "/v0/")',
                fixedResponse: { statusCode: 410, contentType: "application/json", messageBody: '{"error":"API v0 was retired on 2025-06-30, use /v2"}' },
                terminates: true,
            },
        ],
    });
    hostnameOriginPulls(s, z, [host]);
    dnsRecord(s, "www", z, { name: `www.${z.domain}`, type: "CNAME", content: ref(lb, "name"), proxied: true, comment: "www follows the API load balancer" });
    dnsRecord(s, "mx-1", z, { name: z.domain, type: "MX", content: "mx1.mailrelay.example.net", priority: 10, ttl: 3600 });
    dnsRecord(s, "mx-2", z, { name: z.domain, type: "MX", content: "mx2.mailrelay.example.net", priority: 20, ttl: 3600 });
    dnsRecord(s, "spf", z, { name: z.domain, type: "TXT", content: '"v=spf1 include:_spf.mailrelay.example.net -all"', ttl: 3600 });
    dnsRecord(s, "status", z, { name: `status.${z.domain}`, type: "CNAME", content: "saltmarsh.statuspage.example.com", proxied: false, ttl: 300 });
    return s;
}

// Q. Extra capacity that does not serve: a weight-0 canary, a disabled origin, and a disabled pool of stopped nodes.
function drainedAndCanary(): CorpusStack {
    const s = new CorpusStack("drain");
    const z = zone("orchard-exchange.com");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const google = s.provider("gcp", "gcp-euw3", { project: GCP_PROJECT, region: "europe-west3" });
    const net = awsNetwork(s, "euc1", "eu-central-1", "10.39.0.0/16", ["eu-central-1a", "eu-central-1b"], { provider: euc1 });
    const sg = awsInlineSg(s, "euc1-nodes", net, 443, { provider: euc1 });
    const awsServing = (name: string, az: string, subnet: CorpusResource, address: string, privateIp: string, state = "running", instanceType = "m6i.large") => {
        const node = awsNode(s, name, { subnet, securityGroups: [sg], az, region: "eu-central-1", privateIp, state, instanceType }, { provider: euc1 });
        const eip = awsEip(s, `${name}-ip`, address, { instance: ref(node) }, { provider: euc1 }, [net.gateway]);
        return ref(eip, "publicIp");
    };
    const awsPool = [
        { name: "euc1-node-0", address: awsServing("euc1-node-0", "eu-central-1a", net.subnets[0], `${A}.10`, "10.39.1.10") },
        { name: "euc1-node-1", address: awsServing("euc1-node-1", "eu-central-1b", net.subnets[1], `${A}.11`, "10.39.2.10") },
        // The next release, receiving only requests steered to it by header (weight 0 in the pool).
        { name: "euc1-canary", address: awsServing("euc1-canary", "eu-central-1a", net.subnets[0], `${A}.12`, "10.39.1.12", "running", "m7i.large"), weight: 0 },
    ];
    // The previous generation, stopped and kept for a week in a disabled pool.
    const legacy = [
        { name: "euc1-legacy-0", address: awsServing("euc1-legacy-0", "eu-central-1a", net.subnets[0], `${A}.13`, "10.39.1.13", "stopped", "m5.large") },
        { name: "euc1-legacy-1", address: awsServing("euc1-legacy-1", "eu-central-1b", net.subnets[1], `${A}.14`, "10.39.2.14", "stopped", "m5.large") },
    ];
    const gnet = gcpNetwork(s, "euw3", "europe-west3", "10.44.0.0/20", { provider: google });
    gcpFirewall(s, "euw3-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["europe-west3-a", "europe-west3-b", "europe-west3-c"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw3-ip-${i}`, "europe-west3", `${B}.${20 + i}`, { provider: google });
        gcpNode(s, `euw3-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${20 + i}`, internalIp: `10.44.0.${10 + i}` }, { provider: google });
        // euw3-node-2 is being drained before its zone's maintenance.
        return { name: `euw3-node-${i}`, address: ref(address, "address"), enabled: i !== 2 };
    });
    const hz = hetznerBase(s, "hz", "eu-central", "10.51.0.0/16");
    const hzOrigins = ["fsn1", "nbg1"].map((location, i) => {
        const ip = hetznerPrimaryIp(s, `hz-ip-${i}`, location, `${C}.${20 + i}`);
        hetznerServer(s, `hz-node-${i}`, { base: hz, location, ipv4: `${C}.${20 + i}`, ipv6: `2001:db8:e8:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        return { name: `hz-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 1, consecutiveDown: 3, consecutiveUp: 2 });
    const pools = [
        pool(s, "aws", z, { monitor: ref(monitor), origins: awsPool, description: "AWS Frankfurt, with the canary at weight 0" }),
        pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP Frankfurt" }),
        pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner" }),
        pool(s, "aws-legacy", z, { monitor: ref(monitor), origins: legacy, enabled: false, description: "previous generation, drained" }),
    ];
    loadBalancer(s, "api", z, { name: host, defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[1]) });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// R. Sites wrapped in components, an explicit provider per region, and the edge declared before the sites.
function componentsAndRegionalProviders(): CorpusStack {
    const s = new CorpusStack("components");
    const z = zone("harbor-point.exchange");
    const host = `api.${z.domain}`;
    const edge = s.component("acme:edge:Failover", "api-edge");
    const monitor = httpsMonitor(s, "api-edge-monitor", z, host, { interval: 20, timeout: 4, retries: 2, consecutiveDown: 2, consecutiveUp: 2 }, {}, { parent: edge });
    const eu = s.component("acme:platform:Region", "eu");
    const origins: Record<string, OriginSpec[]> = { aws: [], gcp: [] };
    const awsSites: [string, keyof typeof UBUNTU_AMI, string, string, string][] = [["aws-euc1", "eu-central-1", "eu-central-1a", "10.50.0.0/16", `${A}.30`], ["aws-euw1", "eu-west-1", "eu-west-1b", "10.51.0.0/16", `${A}.31`]];
    for (const [name, region, az, cidr, address] of awsSites) {
        const site = s.component("acme:platform:Site", name, { parent: eu });
        const provider = s.provider("aws", name, { region });
        const at = { provider, parent: site };
        const net = awsNetwork(s, name, region, cidr, [az], at);
        const sg = awsInlineSg(s, `${name}-nodes`, net, 443, at);
        const node = awsNode(s, `${name}-node-0`, { subnet: net.subnets[0], securityGroups: [sg], az, region, privateIp: cidr.replace(/0\.0\/16$/, "1.10") }, at, [net.gateway]);
        awsDataVolume(s, `${name}-node-0`, node, az, 300, at);
        const eip = awsEip(s, `${name}-ip-0`, address, { instance: ref(node) }, at, [net.gateway]);
        origins.aws.push({ name: `${name}-node-0`, address: ref(eip, "publicIp") });
    }
    const gcpSites: [string, string, string, string, string][] = [["gcp-euw1", "europe-west1", "europe-west1-d", "10.52.0.0/20", `${B}.30`], ["gcp-euw4", "europe-west4", "europe-west4-c", "10.53.0.0/20", `${B}.31`]];
    for (const [name, region, zoneName, cidr, address] of gcpSites) {
        const site = s.component("acme:platform:Site", name, { parent: eu });
        const provider = s.provider("gcp", name, { project: GCP_PROJECT, region });
        const at = { provider, parent: site };
        const net = gcpNetwork(s, name, region, cidr, at);
        gcpFirewall(s, `${name}-https-cloudflare`, net, { targetTags: ["exchange-node"] }, at);
        const ip = gcpAddress(s, `${name}-ip-0`, region, address, at);
        gcpNode(s, `${name}-node-0`, { net, zone: zoneName, natIp: ref(ip, "address"), assignedIp: address, internalIp: cidr.replace(/0\/20$/, "10") }, at);
        origins.gcp.push({ name: `${name}-node-0`, address: ref(ip, "address") });
    }
    const awsPool = pool(s, "aws", z, { monitor: ref(monitor), origins: origins.aws, description: "AWS Frankfurt + Dublin" }, { parent: edge });
    const gcpPool = pool(s, "gcp", z, { monitor: ref(monitor), origins: origins.gcp, description: "GCP Belgium + Netherlands" }, { parent: edge });
    const lb = loadBalancer(s, "api", z, { name: host, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) }, { parent: edge });
    hostnameOriginPulls(s, z, [host], "api-origin-pull", { parent: edge });
    dnsRecord(s, "app", z, { name: `app.${z.domain}`, type: "CNAME", content: ref(lb, "name"), proxied: true });
    return s;
}

// S. Two hostnames, each its own load balancer; the AWS nodes serve both.
function twoLoadBalancers(): CorpusStack {
    const s = new CorpusStack("two-hosts");
    const z = zone("lanternfish.trade");
    const api = `api.${z.domain}`;
    const stream = `stream.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const google = s.provider("gcp", "gcp-euw3", { project: GCP_PROJECT, region: "europe-west3" });
    const net = awsNetwork(s, "euc1", "eu-central-1", "10.54.0.0/16", ["eu-central-1a", "eu-central-1b"], { provider: euc1 });
    const sg = awsInlineSg(s, "euc1-nodes", net, 443, { provider: euc1 });
    const awsOrigins = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-central-1", privateIp: `10.54.${i + 1}.10` }, { provider: euc1 });
        const eip = awsEip(s, `euc1-ip-${i}`, `${A}.${40 + i}`, { instance: ref(node) }, { provider: euc1 }, [net.gateway]);
        return { name: `euc1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const gnet = gcpNetwork(s, "euw3", "europe-west3", "10.55.0.0/20", { provider: google });
    gcpFirewall(s, "euw3-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["europe-west3-a", "europe-west3-b"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw3-ip-${i}`, "europe-west3", `${B}.${40 + i}`, { provider: google });
        gcpNode(s, `euw3-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${40 + i}`, internalIp: `10.55.0.${10 + i}` }, { provider: google });
        return { name: `euw3-node-${i}`, address: ref(address, "address") };
    });
    const hz = hetznerBase(s, "hz", "eu-central", "10.56.0.0/16");
    const hzOrigins = ["fsn1", "nbg1"].map((location, i) => {
        const ip = hetznerPrimaryIp(s, `hz-ip-${i}`, location, `${C}.${40 + i}`);
        hetznerServer(s, `stream-hz-${i}`, { base: hz, location, serverType: "ccx43", ipv4: `${C}.${40 + i}`, ipv6: `2001:db8:e9:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        return { name: `stream-hz-${i}`, address: ref(ip, "ipAddress") };
    });
    const apiMonitor = httpsMonitor(s, "api-health", z, api, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const streamMonitor = httpsMonitor(s, "stream-health", z, stream, { interval: 10, timeout: 3, retries: 2, consecutiveDown: 3, consecutiveUp: 2 }, { path: "/stream/healthz" });
    const apiAws = pool(s, "api-aws", z, { monitor: ref(apiMonitor), origins: awsOrigins });
    const apiGcp = pool(s, "api-gcp", z, { monitor: ref(apiMonitor), origins: gcpOrigins });
    const streamHz = pool(s, "stream-hetzner", z, { monitor: ref(streamMonitor), origins: hzOrigins });
    const streamAws = pool(s, "stream-aws", z, { monitor: ref(streamMonitor), origins: awsOrigins.map((origin) => ({ ...origin, name: `stream-${origin.name}` })) });
    loadBalancer(s, "api", z, { name: api, defaultPools: [ref(apiAws), ref(apiGcp)], fallbackPool: ref(apiGcp), description: "REST API" });
    loadBalancer(s, "stream", z, { name: stream, defaultPools: [ref(streamHz), ref(streamAws)], fallbackPool: ref(streamAws), sessionAffinity: "ip_cookie", sessionAffinityTtl: 7200, description: "market-data websockets" });
    hostnameOriginPulls(s, z, [api, stream]);
    return s;
}

// T. Proximity steering, one monitor per pool (one of them TCP), DigitalOcean droplets on their own addresses.
function monitorPerPool(): CorpusStack {
    const s = new CorpusStack("us-west");
    const z = zone("cascadia-exchange.com");
    const host = `api.${z.domain}`;
    const usw2 = s.provider("aws", "aws-usw2", { region: "us-west-2" });
    const google = s.provider("gcp", "gcp-usw1", { project: GCP_PROJECT, region: "us-west1" });
    const digitalocean = s.provider("digitalocean", "do", {});
    const net = awsNetwork(s, "usw2", "us-west-2", "10.57.0.0/16", ["us-west-2a", "us-west-2b"], { provider: usw2 });
    const sg = awsInlineSg(s, "usw2-nodes", net, 443, { provider: usw2 });
    const awsOrigins = ["us-west-2a", "us-west-2b"].map((az, i) => {
        const node = awsNode(s, `usw2-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "us-west-2", privateIp: `10.57.${i + 1}.10` }, { provider: usw2 });
        const eip = awsEip(s, `usw2-ip-${i}`, `${A}.${50 + i}`, { instance: ref(node) }, { provider: usw2 }, [net.gateway]);
        return { name: `usw2-node-${i}`, address: ref(eip, "publicIp") };
    });
    const gnet = gcpNetwork(s, "usw1", "us-west1", "10.58.0.0/20", { provider: google });
    gcpFirewall(s, "usw1-https-cloudflare", gnet, {}, { provider: google });
    const gcpOrigins = ["us-west1-a", "us-west1-b"].map((zoneName, i) => {
        const address = gcpAddress(s, `usw1-ip-${i}`, "us-west1", `${B}.${50 + i}`, { provider: google });
        gcpNode(s, `usw1-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${50 + i}`, internalIp: `10.58.0.${10 + i}` }, { provider: google });
        return { name: `usw1-node-${i}`, address: ref(address, "address") };
    });
    const vpc = s.resource("digitalocean:index/vpc:Vpc", "sfo3", { name: "cascadia-sfo3", region: "sfo3", ipRange: "10.124.0.0/20" }, { provider: digitalocean, outputs: { id: uuid("cascadia:vpc") } });
    const droplets = [0, 1].map((i) => doDroplet(s, `sfo3-node-${i}`, "sfo3", { vpc, ipv4: `${C}.${50 + i}`, ipv6: `2001:db8:d2:${i}::1`, privateIp: `10.124.0.${2 + i}`, tags: ["exchange-node", "sfo3"] }, { provider: digitalocean }));
    s.resource("digitalocean:index/firewall:Firewall", "sfo3-nodes", {
        name: "cascadia-nodes", tags: ["exchange-node"],
        inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] }],
        outboundRules: [{ protocol: "tcp", portRange: "1-65535", destinationAddresses: ["0.0.0.0/0", "::/0"] }, { protocol: "udp", portRange: "1-65535", destinationAddresses: ["0.0.0.0/0", "::/0"] }],
    }, { provider: digitalocean, outputs: { id: uuid("cascadia:fw"), status: "succeeded" } });
    const awsMonitor = httpsMonitor(s, "aws-health", z, host, { interval: 10, timeout: 3, retries: 1, consecutiveDown: 3, consecutiveUp: 2 });
    const gcpMonitor = httpsMonitor(s, "gcp-health", z, host, { interval: 20, timeout: 4, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const doMonitor = s.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "do-tcp", {
        accountId: z.accountId, type: "tcp", port: 443, interval: 60, timeout: 5, retries: 0, consecutiveDown: 1, consecutiveUp: 2, description: "TLS port open on the droplets",
    }, { outputs: { id: hex("cascadia:do-tcp") } });
    const pools = [
        pool(s, "aws-usw2", z, { monitor: ref(awsMonitor), origins: awsOrigins, latitude: 45.84, longitude: -119.7, description: "AWS Oregon" }),
        pool(s, "gcp-usw1", z, { monitor: ref(gcpMonitor), origins: gcpOrigins, latitude: 45.6, longitude: -121.18, description: "GCP The Dalles" }),
        pool(s, "do-sfo3", z, { monitor: ref(doMonitor), origins: droplets.map((droplet, i) => ({ name: `sfo3-node-${i}`, address: ref(droplet, "ipv4Address") })), latitude: 37.77, longitude: -122.42, description: "DigitalOcean San Francisco" }),
    ];
    loadBalancer(s, "api", z, { name: host, steeringPolicy: "proximity", locationStrategy: { mode: "resolver_ip", preferEcs: "proximity" }, defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[2]) });
    zoneOriginPulls(s, z);
    return s;
}

// U. IPv6 origins: EC2 instances' IPv6 addresses and IPv6-only Hetzner servers.
function ipv6Origins(): CorpusStack {
    const s = new CorpusStack("v6");
    const z = zone("sixfold-exchange.net");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const vpc = s.resource("aws:ec2/vpc:Vpc", "euc1-vpc", { cidrBlock: "10.59.0.0/16", assignGeneratedIpv6CidrBlock: true, enableDnsHostnames: true, tags: { Name: "euc1-vpc" } }, { provider: euc1, outputs: { id: `vpc-${hex("v6:vpc", 17)}`, ipv6CidrBlock: "2001:db8:1400::/56", ipv6AssociationId: `vpc-cidr-assoc-${hex("v6:assoc", 17)}` } });
    const gateway = s.resource("aws:ec2/internetGateway:InternetGateway", "euc1-igw", { vpcId: ref(vpc) }, { provider: euc1, outputs: { id: `igw-${hex("v6:igw", 17)}` } });
    const routes = s.resource("aws:ec2/routeTable:RouteTable", "euc1-public", { vpcId: ref(vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(gateway) }, { ipv6CidrBlock: "::/0", gatewayId: ref(gateway) }] }, { provider: euc1, outputs: { id: `rtb-${hex("v6:rtb", 17)}` } });
    const subnets = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const subnet = s.resource("aws:ec2/subnet:Subnet", `euc1-public-${az.slice(-1)}`, {
            vpcId: ref(vpc), availabilityZone: az, cidrBlock: `10.59.${i + 1}.0/24`, ipv6CidrBlock: ref(vpc, "ipv6CidrBlock", (block) => String(block).replace("::/56", `:${i + 1}::/64`)), assignIpv6AddressOnCreation: true,
        }, { provider: euc1, outputs: { id: `subnet-${hex(`v6:${az}`, 17)}` } });
        s.resource("aws:ec2/routeTableAssociation:RouteTableAssociation", `euc1-public-${az.slice(-1)}`, { subnetId: ref(subnet), routeTableId: ref(routes) }, { provider: euc1, outputs: { id: `rtbassoc-${hex(`v6:${az}`, 17)}` } });
        return subnet;
    });
    const sg = awsRuleSg(s, "euc1-nodes", { vpc, subnets, gateway, cidr: "10.59.0.0/16" }, 443, { provider: euc1 }, ["v6"]);
    const awsOrigins = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: subnets[i], securityGroups: [sg], az, region: "eu-central-1", privateIp: `10.59.${i + 1}.10`, ipv6: `2001:db8:1400:${i + 1}::a${i}`, extra: { ipv6AddressCount: 1, enablePrimaryIpv6: true } }, { provider: euc1 }, [gateway]);
        return { name: `euc1-node-${i}`, address: ref(node, "ipv6Addresses", firstOf) };
    });
    const hz = hetznerBase(s, "hz", "eu-central", "10.60.0.0/16", {}, [{ description: "HTTPS from Cloudflare (IPv6)", direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_IPV6 }]);
    const hzOrigins = ["fsn1", "hel1"].map((location, i) => {
        const server = hetznerServer(s, `hz-node-${i}`, { base: hz, location, ipv4: "", ipv6: `2001:db8:ea:${i}::1`, publicNets: [{ ipv4Enabled: false, ipv6Enabled: true }] });
        return { name: `hz-node-${i}`, address: ref(server, "ipv6Address") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const hzPool = pool(s, "hetzner-v6", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner, IPv6 only" });
    const awsPool = pool(s, "aws-v6", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS, IPv6" });
    loadBalancer(s, "api", z, { name: host, defaultPools: [ref(hzPool), ref(awsPool)], fallbackPool: ref(awsPool), description: "IPv6 origins on two clouds" });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// V. Hetzner floating IPs assigned with FloatingIpAssignment and a firewall attached separately; an EIP on an ENI.
function floatingIps(): CorpusStack {
    const s = new CorpusStack("floating");
    const z = zone("millrace.exchange");
    const host = `api.${z.domain}`;
    const hz = hetznerBase(s, "hz", "eu-central", "10.61.0.0/16");
    const servers = ["nbg1", "fsn1"].map((location, i) => hetznerServer(s, `hz-node-${i}`, { base: hz, location, ipv4: `${C}.${60 + i}`, ipv6: `2001:db8:eb:${i}::1`, firewallIds: false }));
    s.resource("hcloud:index/firewallAttachment:FirewallAttachment", "hz-fw", { firewallId: ref(hz.firewall, "id", toNumber), serverIds: servers.map((server) => ref(server, "id", toNumber)) }, { outputs: { id: digits("floating:fwa", 7) } });
    const hzOrigins = servers.map((server, i) => {
        const ip = s.resource("hcloud:index/floatingIp:FloatingIp", `hz-fip-${i}`, { type: "ipv4", homeLocation: ["nbg1", "fsn1"][i], description: `api origin ${i}`, labels: { role: "exchange-origin" } }, { outputs: { id: digits(`floating:fip:${i}`, 7), ipAddress: `${C}.${70 + i}` } });
        s.resource("hcloud:index/floatingIpAssignment:FloatingIpAssignment", `hz-fip-${i}`, { floatingIpId: ref(ip, "id", toNumber), serverId: ref(server, "id", toNumber) }, { outputs: { id: digits(`floating:fip:${i}`, 7) } });
        return { name: `hz-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const google = s.provider("gcp", "gcp-euw3", { project: GCP_PROJECT, region: "europe-west3" });
    const gnet = gcpNetwork(s, "euw3", "europe-west3", "10.62.0.0/20", { provider: google });
    gcpFirewall(s, "euw3-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["europe-west3-b", "europe-west3-c"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw3-ip-${i}`, "europe-west3", `${B}.${60 + i}`, { provider: google });
        gcpNode(s, `euw3-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${60 + i}`, internalIp: `10.62.0.${10 + i}` }, { provider: google });
        return { name: `euw3-node-${i}`, address: ref(address, "address") };
    });
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const net = awsNetwork(s, "euc1", "eu-central-1", "10.63.0.0/16", ["eu-central-1a", "eu-central-1b"], { provider: euc1 });
    const sg = awsRuleSg(s, "euc1-nodes", net, 443, { provider: euc1 });
    const awsOrigins = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-central-1", privateIp: `10.63.${i + 1}.10` }, { provider: euc1 });
        const eip = awsEip(s, `euc1-ip-${i}`, `${A}.${60 + i}`, { networkInterface: ref(node, "primaryNetworkInterfaceId"), associateWithPrivateIp: `10.63.${i + 1}.10` }, { provider: euc1 }, [net.gateway]);
        return { name: `euc1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const pools = [
        pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner floating IPs" }),
        pool(s, "gcp", z, { monitor: ref(monitor), origins: gcpOrigins, description: "GCP Frankfurt" }),
        pool(s, "aws", z, { monitor: ref(monitor), origins: awsOrigins, description: "AWS Frankfurt" }),
    ];
    loadBalancer(s, "api", z, { name: host, defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[2]) });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// X. Pools that mix clouds; the fallback runs on a cloud that neither of the primary pool's clouds is.
function mixedCloudPools(): CorpusStack {
    const s = new CorpusStack("mixed");
    const z = zone("basalt-exchange.com");
    const host = `api.${z.domain}`;
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const google = s.provider("gcp", "gcp-usc1", { project: GCP_PROJECT, region: "us-central1" });
    const net = awsNetwork(s, "euc1", "eu-central-1", "10.64.0.0/16", ["eu-central-1a", "eu-central-1b"], { provider: euc1 });
    const sg = awsInlineSg(s, "euc1-nodes", net, 443, { provider: euc1 });
    const awsOrigins = ["eu-central-1a", "eu-central-1b"].map((az, i) => {
        const node = awsNode(s, `euc1-node-${i}`, { subnet: net.subnets[i], securityGroups: [sg], az, region: "eu-central-1", privateIp: `10.64.${i + 1}.10` }, { provider: euc1 });
        const eip = awsEip(s, `euc1-ip-${i}`, `${A}.${70 + i}`, { instance: ref(node) }, { provider: euc1 }, [net.gateway]);
        return { name: `euc1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const hz = hetznerBase(s, "hz", "eu-central", "10.65.0.0/16");
    const hzOrigins = ["fsn1", "nbg1"].map((location, i) => {
        const ip = hetznerPrimaryIp(s, `hz-ip-${i}`, location, `${C}.${70 + i}`);
        hetznerServer(s, `hz-node-${i}`, { base: hz, location, ipv4: `${C}.${70 + i}`, ipv6: `2001:db8:ec:${i}::1`, publicNets: [{ ipv4Enabled: true, ipv4: ref(ip, "id", toNumber), ipv6Enabled: true }] });
        return { name: `hz-node-${i}`, address: ref(ip, "ipAddress") };
    });
    const gnet = gcpNetwork(s, "usc1", "us-central1", "10.66.0.0/20", { provider: google });
    gcpFirewall(s, "usc1-https-cloudflare", gnet, { targetTags: ["exchange-node"] }, { provider: google });
    const gcpOrigins = ["us-central1-a", "us-central1-c"].map((zoneName, i) => {
        const address = gcpAddress(s, `usc1-ip-${i}`, "us-central1", `${B}.${70 + i}`, { provider: google });
        gcpNode(s, `usc1-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${70 + i}`, internalIp: `10.66.0.${10 + i}` }, { provider: google });
        return { name: `usc1-node-${i}`, address: ref(address, "address") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const euEdge = pool(s, "eu-edge", z, { monitor: ref(monitor), origins: [...awsOrigins, ...hzOrigins], minimumOrigins: 2, description: "Frankfurt: AWS and Hetzner side by side" });
    const usCore = pool(s, "us-core", z, { monitor: ref(monitor), origins: gcpOrigins, description: "Iowa: GCP" });
    loadBalancer(s, "api", z, { name: host, defaultPools: [ref(euEdge), ref(usCore)], fallbackPool: ref(usCore) });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// Y. Nodes listen on 8443 (opened to Cloudflare only), origins carry a Host header; a bastion takes SSH from the office.
function nodePortAndBastion(): CorpusStack {
    const s = new CorpusStack("port-8443");
    const z = zone("ironbark-exchange.com");
    const host = `api.${z.domain}`;
    const region = "eu-west-1";
    // The stack's default AWS provider; every AWS resource names its region (AWS provider v7 per-resource region).
    const vpc = s.resource("aws:ec2/vpc:Vpc", "euw1-vpc", { region, cidrBlock: "10.67.0.0/16", enableDnsHostnames: true }, { outputs: { id: `vpc-${hex("y:vpc", 17)}` } });
    const gateway = s.resource("aws:ec2/internetGateway:InternetGateway", "euw1-igw", { region, vpcId: ref(vpc) }, { outputs: { id: `igw-${hex("y:igw", 17)}` } });
    const routes = s.resource("aws:ec2/routeTable:RouteTable", "euw1-public", { region, vpcId: ref(vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(gateway) }] }, { outputs: { id: `rtb-${hex("y:rtb", 17)}` } });
    const subnets = ["eu-west-1a", "eu-west-1b"].map((az, i) => {
        const subnet = s.resource("aws:ec2/subnet:Subnet", `euw1-public-${az.slice(-1)}`, { region, vpcId: ref(vpc), availabilityZone: az, cidrBlock: `10.67.${i + 1}.0/24` }, { outputs: { id: `subnet-${hex(`y:${az}`, 17)}` } });
        s.resource("aws:ec2/routeTableAssociation:RouteTableAssociation", `euw1-public-${az.slice(-1)}`, { region, subnetId: ref(subnet), routeTableId: ref(routes) }, { outputs: { id: `rtbassoc-${hex(`y:${az}`, 17)}` } });
        return subnet;
    });
    const net = { vpc, subnets, gateway, cidr: "10.67.0.0/16" };
    const nodeSg = s.resource("aws:ec2/securityGroup:SecurityGroup", "euw1-nodes", {
        region, vpcId: ref(vpc), description: "exchange nodes: 8443 from Cloudflare",
        ingress: [{ description: "node port from Cloudflare", protocol: "tcp", fromPort: 8443, toPort: 8443, cidrBlocks: CLOUDFLARE_IPV4, ipv6CidrBlocks: CLOUDFLARE_IPV6 }],
        egress: [EGRESS_ALL],
    }, { outputs: { id: `sg-${hex("y:nodes", 17)}` } });
    const bastionSg = s.resource("aws:ec2/securityGroup:SecurityGroup", "euw1-bastion", {
        region, vpcId: ref(vpc), description: "bastion: SSH from the office",
        ingress: [{ description: "SSH from the office", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [OFFICE] }],
        egress: [EGRESS_ALL],
    }, { outputs: { id: `sg-${hex("y:bastion", 17)}` } });
    s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euw1-nodes-ssh-from-bastion", { region, securityGroupId: ref(nodeSg), referencedSecurityGroupId: ref(bastionSg), ipProtocol: "tcp", fromPort: 22, toPort: 22 }, { outputs: { id: `sgr-${hex("y:ssh", 17)}` } });
    awsNode(s, "euw1-bastion", { subnet: subnets[0], securityGroups: [bastionSg], az: "eu-west-1a", region, instanceType: "t3.micro", privateIp: "10.67.1.5", publicIp: `${A}.99`, extra: { region, associatePublicIpAddress: true } }, {}, [gateway]);
    const awsOrigins = ["eu-west-1a", "eu-west-1b"].map((az, i) => {
        const node = awsNode(s, `euw1-node-${i}`, { subnet: subnets[i], securityGroups: [nodeSg], az, region, privateIp: `10.67.${i + 1}.10`, extra: { region } }, {}, [gateway]);
        const eip = awsEip(s, `euw1-ip-${i}`, `${A}.${80 + i}`, { region, instance: ref(node) }, {}, [net.gateway]);
        return { name: `euw1-node-${i}`, address: ref(eip, "publicIp") };
    });
    const google = s.provider("gcp", "gcp-euw2", { project: GCP_PROJECT, region: "europe-west2" });
    const gnet = gcpNetwork(s, "euw2", "europe-west2", "10.68.0.0/20", { provider: google });
    gcpFirewall(s, "euw2-node-port-cloudflare", gnet, { ports: ["8443"], targetTags: ["exchange-node"], description: "node port from Cloudflare" }, { provider: google });
    const gcpOrigins = ["europe-west2-a", "europe-west2-b"].map((zoneName, i) => {
        const address = gcpAddress(s, `euw2-ip-${i}`, "europe-west2", `${B}.${80 + i}`, { provider: google });
        gcpNode(s, `euw2-node-${i}`, { net: gnet, zone: zoneName, natIp: ref(address, "address"), assignedIp: `${B}.${80 + i}`, internalIp: `10.68.0.${10 + i}` }, { provider: google });
        return { name: `euw2-node-${i}`, address: ref(address, "address") };
    });
    const hz = hetznerBase(s, "hel", "eu-central", "10.69.0.0/16", {}, [
        { description: "node port from Cloudflare", direction: "in", protocol: "tcp", port: "8443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] },
        { description: "SSH from the office", direction: "in", protocol: "tcp", port: "22", sourceIps: [OFFICE] },
    ]);
    const hzOrigins = [0, 1].map((i) => {
        const server = hetznerServer(s, `hel-node-${i}`, { base: hz, location: "hel1", ipv4: `${C}.${80 + i}`, ipv6: `2001:db8:ed:${i}::1` });
        return { name: `hel-node-${i}`, address: ref(server, "ipv4Address") };
    });
    const withPort = (origins: OriginSpec[]) => origins.map((origin) => ({ ...origin, port: 8443, header: { hosts: [host] } }));
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 }, { port: 8443 });
    const pools = [
        pool(s, "hetzner", z, { monitor: ref(monitor), origins: withPort(hzOrigins) }),
        pool(s, "aws", z, { monitor: ref(monitor), origins: withPort(awsOrigins) }),
        pool(s, "gcp", z, { monitor: ref(monitor), origins: withPort(gcpOrigins) }),
    ];
    loadBalancer(s, "api", z, { name: host, defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[1]) });
    hostnameOriginPulls(s, z, [host]);
    return s;
}

// AB. Azure and Hetzner: the NSG sits on the subnet with its rules as separate resources; Hetzner's firewall applies by label.
function azureAndHetzner(): CorpusStack {
    const s = new CorpusStack("azure-hetzner");
    const z = zone("polder-exchange.nl");
    const host = `api.${z.domain}`;
    const azure = s.provider("azure-native", "azure-weu", { location: "westeurope", subscriptionId: SUBSCRIPTION });
    const groupName = "rg-exchange-weu";
    const base = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${groupName}`;
    let nsg: CorpusResource | undefined;
    const site = azureSite(s, "weu", "westeurope", "10.70.0.0/16", { provider: azure }, (group) => {
        nsg = s.resource("azure-native:network:NetworkSecurityGroup", "nsg-weu-nodes", { resourceGroupName: ref(group, "name"), networkSecurityGroupName: "nsg-weu-nodes", location: "westeurope" }, { provider: azure, outputs: { id: `${base}/providers/Microsoft.Network/networkSecurityGroups/nsg-weu-nodes`, name: "nsg-weu-nodes" } });
        return nsg;
    });
    const rules: [string, number, string | string[], string][] = [
        ["allow-https-cloudflare-v4", 100, CLOUDFLARE_IPV4, "443"],
        ["allow-https-cloudflare-v6", 110, CLOUDFLARE_IPV6, "443"],
        ["allow-ssh-office", 200, OFFICE, "22"],
    ];
    for (const [name, priority, sources, port] of rules) {
        s.resource("azure-native:network:SecurityRule", name, {
            resourceGroupName: ref(site.group, "name"), networkSecurityGroupName: ref(nsg!, "name"), securityRuleName: name,
            priority, direction: "Inbound", access: "Allow", protocol: "Tcp", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: port,
            ...(Array.isArray(sources) ? { sourceAddressPrefixes: sources } : { sourceAddressPrefix: sources }),
        }, { provider: azure, outputs: { id: `${base}/providers/Microsoft.Network/networkSecurityGroups/nsg-weu-nodes/securityRules/${name}`, name, provisioningState: "Succeeded" } });
    }
    const azureOrigins = ["1", "3"].map((zoneName, i) => {
        const pip = azureVm(s, `exchange-weu-${i}`, site, { zone: zoneName, address: `${A}.${90 + i}`, privateIp: `10.70.1.${4 + i}`, size: "Standard_D8s_v5" });
        return { name: `exchange-weu-${i}`, address: ref(pip, "ipAddress") };
    });
    s.resource("hcloud:index/firewall:Firewall", "hz-nodes", {
        rules: [{ description: "HTTPS from Cloudflare", direction: "in", protocol: "tcp", port: "443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] }],
        applyTos: [{ labelSelector: "role=exchange-node" }],
        labels: { role: "exchange" },
    }, { outputs: { id: digits("ab:fw", 7) } });
    const hzOrigins = ["fsn1", "nbg1"].map((location, i) => {
        const server = s.resource("hcloud:index/server:Server", `hz-node-${i}`, {
            serverType: "ccx33", image: "ubuntu-24.04", location, publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }], labels: { role: "exchange-node" }, shutdownBeforeDeletion: true,
        }, { outputs: { id: digits(`ab:server:${i}`, 8), ipv4Address: `${C}.${90 + i}`, ipv6Address: `2001:db8:ee:${i}::1`, status: "running" } });
        return { name: `hz-node-${i}`, address: ref(server, "ipv4Address") };
    });
    const monitor = httpsMonitor(s, "api-health", z, host, { interval: 30, timeout: 5, retries: 2, consecutiveDown: 2, consecutiveUp: 2 });
    const azurePool = pool(s, "azure", z, { monitor: ref(monitor), origins: azureOrigins, description: "Azure West Europe" });
    const hzPool = pool(s, "hetzner", z, { monitor: ref(monitor), origins: hzOrigins, description: "Hetzner Germany" });
    loadBalancer(s, "api", z, { name: host, defaultPools: [ref(azurePool), ref(hzPool)], fallbackPool: ref(hzPool) });
    zoneOriginPulls(s, z);
    return s;
}

const honest = (name: string, description: string, stack: () => CorpusStack): CorpusCase => ({ name, description, kind: "honest", stack });

export const cases: CorpusCase[] = [
    honest("honest-aws-hetzner-eip-primary-ip", "Two EC2 nodes behind Elastic IPs and two Hetzner servers on primary IPs, one pool per cloud, Hetzner as fallback, per-hostname AOP. Each cloud holds exactly half the weight and either survives alone with two origins.", euTwoClouds),
    honest("honest-three-clouds-eip-association-static-gcp-address", "AWS (EIP attached by EipAssociation), GCP (static address as the NIC's natIp) and Hetzner (primary IPs) in Virginia, one pool each, GCP fallback, zone-level AOP and separate security-group rule resources.", usThreeClouds),
    honest("honest-aws-own-ip-and-gcp-ephemeral-ip", "Origins are an EC2 instance's own public IP and a GCP instance's ephemeral natIp (both instance outputs); legacy SecurityGroupRule resources open 443 to Cloudflare and SSH to the office only. Two clouds at 50% each, fallback on the other cloud.", ownAndEphemeralIps),
    honest("honest-adopted-literal-addresses-and-pool-ids", "An imported stack written as `pulumi import` writes it: pools list origins by literal addresses equal to the EIP/GCP address/Hetzner server outputs, and the load balancer (random steering) lists pools and pool weights by literal IDs equal to the pools' IDs. Three clouds, two nodes each.", adoptedLiterals),
    honest("honest-adopted-lb-literal-pool-ids", "Pools reference DigitalOcean reserved IPs (assigned through `dropletId`) and EC2 public IPs, but the adopted load balancer lists both pools by literal IDs. Two clouds, two origins each, fallback on the cloud the first pool is not on.", adoptedLoadBalancer),
    honest("honest-aws-nlb-asg-and-hetzner", "AWS origins are the DNS names of two NLBs (Frankfurt, Virginia), each in front of an Auto Scaling group of three encrypted IMDSv2 nodes via a target group; Hetzner servers in Falkenstein and Ashburn form the other pool and the fallback.", nlbAndHetzner),
    honest("honest-gcp-forwarding-rules-and-aws-albs", "GCP passthrough forwarding rules in front of regional managed instance groups (Shielded VM templates), and AWS ALBs in front of Auto Scaling groups attached with aws.autoscaling.Attachment, two regions per cloud; nodes admit Cloudflare or the ALB only.", managedGroupsBehindLoadBalancers),
    honest("honest-four-clouds-with-azure", "AWS, Azure (azure-native VM + NIC + static public IP, Trusted Launch, NSG with a deny-all rule), GCP and Hetzner, two nodes each, random steering with equal pool weights; no cloud holds more than a quarter.", fourCloudsAzure),
    honest("honest-four-clouds-with-digitalocean", "DigitalOcean droplets behind reserved IPs (ReservedIpAssignment) with a tag-scoped DO firewall, plus AWS, GCP and Hetzner Ashburn, dynamic-latency steering and a GCP fallback.", fourCloudsDigitalOcean),
    honest("honest-singapore-aws-linode-vultr", "Singapore on AWS, Linode (firewall with DROP policy, HTTPS from Cloudflare) and Vultr (firewall group whose rules use `source: cloudflare` on 443), one pool per cloud.", singaporeThreeClouds),
    honest("honest-random-steering-unequal-weights", "Random steering with pool weights 0.35/0.35/0.3 over AWS (three nodes, Cloudflare admitted through a managed prefix list), GCP and Hetzner (two each): AWS has at most 45% of the weight however it is counted, and losing it leaves four origins.", weightedRandom),
    honest("honest-least-outstanding-requests", "Least-outstanding-requests steering across an AWS pool and a GCP pool of three nodes each (EIPs by association, static GCP addresses), origin steering by outstanding requests, minimum two healthy origins per pool.", leastOutstandingRequests),
    honest("honest-geo-region-pools-span-clouds", "Geo steering with region pools for WNAM, ENAM, WEU and EEU: every region's failover order spans two clouds (AWS, Hetzner, GCP) and ends in a GCP fallback whose cloud no region starts with.", regionPools),
    honest("honest-geo-country-and-pop-pools", "Country pools (US, CA, DE) and PoP pools (FRA, IAD) each pair AWS with GCP; the default pair does too, and Hetzner is the fallback, so every traffic class spans three clouds.", countryAndPopPools),
    honest("honest-rules-overrides-span-clouds", "Load-balancer rules override pools for websockets (GCP + Hetzner, AWS fallback) and for Asia (region pools pairing GCP and AWS); a disabled canary rule that would send traffic to AWS alone does not count.", rulesWithOverrides),
    honest("honest-gcp-hetzner-fixed-response-and-dns", "GCP and Hetzner only; rules answer a retired API path with a fixed 410 (and a disabled maintenance 503), while DNS records are a CNAME to the load-balancer hostname, mail and a status page, none pointing at a node.", maintenanceAndDns),
    honest("honest-zero-weight-canary-and-drained-pool", "Serving pools span AWS, GCP and Hetzner; a weight-0 canary, an origin disabled for draining, and a disabled pool of stopped legacy EC2 nodes add capacity that does not serve.", drainedAndCanary),
    honest("honest-components-and-regional-providers", "Sites wrapped in component resources with an explicit provider per region (AWS Frankfurt and Dublin, GCP Belgium and Netherlands), the edge component and its monitor declared before the sites, and a proxied CNAME to the load-balancer hostname.", componentsAndRegionalProviders),
    honest("honest-two-load-balancers", "Two hostnames, each its own load balancer: api on AWS + GCP, stream on Hetzner + AWS (the same AWS nodes serve both), per-hostname AOP for both hostnames and a monitor per hostname.", twoLoadBalancers),
    honest("honest-monitor-per-pool-proximity", "Proximity steering over AWS Oregon, GCP The Dalles and DigitalOcean San Francisco (droplets on their own IPv4), each pool with its own monitor (one TCP) detecting within 36–65 s; zone-level AOP.", monitorPerPool),
    honest("honest-ipv6-origins", "IPv6 origins: EC2 instances' IPv6 addresses (security group admits Cloudflare's IPv6 ranges only) and IPv6-only Hetzner servers, one pool per cloud.", ipv6Origins),
    honest("honest-hetzner-floating-ips", "Hetzner floating IPs assigned with FloatingIpAssignment to servers whose firewall is attached with FirewallAttachment, GCP static addresses, and EIPs attached to the EC2 instances' network interfaces; three clouds.", floatingIps),
    honest("honest-mixed-cloud-pools", "The primary pool mixes AWS and Hetzner nodes (minimum two healthy), the fallback pool runs on GCP, a cloud the primary pool has none of; losing any one cloud leaves at least four origins.", mixedCloudPools),
    honest("honest-node-port-8443-and-bastion", "Nodes listen on 8443, opened to Cloudflare's ranges only (origins carry port 8443 and a Host header); an AWS bastion takes SSH from the office range only; AWS resources use the default provider with per-resource region.", nodePortAndBastion),
    honest("honest-azure-and-hetzner", "Azure VMs behind static public IPs in a subnet whose NSG rules are separate SecurityRule resources (HTTPS from Cloudflare, SSH from the office), and Hetzner servers under a firewall applied by label selector; zone-level AOP.", azureAndHetzner),
];
