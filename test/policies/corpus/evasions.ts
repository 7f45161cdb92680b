/**
 * Evasions: hand-written stacks that look multi-cloud (nodes on two or three clouds, a pool for each, a proxied
 * Cloudflare load balancer) but put traffic, or one class of it, back on one cloud, or break another mandatory rule
 * the way a hurried team would. Each names in `expect` the rule(s) that should catch it.
 *
 * The stacks are written as programs would register them: refs where a program passes one resource's output to
 * another (so that a first preview resolves through dependencies), and a few "imported" ones that carry literal
 * IDs and addresses. Apart from the one flaw a stack is about, it keeps the other rules: IMDSv2 and encrypted disks
 * on AWS, Shielded VMs on GCP, HTTPS from Cloudflare only, a fast monitor on every pool, a proxied load balancer with
 * Authenticated Origin Pulls for its hostname.
 */
import { createHash } from "crypto";
import { CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CorpusStack, GOOGLE_HEALTH_CHECKERS, ref, type CorpusCase, type CorpusResource } from "./builder";

type Inputs = Record<string, unknown>;

/** Drops properties given as undefined: a program that leaves a property out does not send it. */
const compact = (inputs: Inputs): Inputs => Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined));

/** A stable hex ID of the given length for a seed: Cloudflare IDs are 32 hex characters. */
const hex = (seed: string, length = 32) => createHash("sha256").update(seed).digest("hex").slice(0, length);

const AWS_ACCOUNT = "123456789012";
const GCP_PROJECT = "acme-exchange-prod";
const CF_ACCOUNT = hex("acme exchange cloudflare account");
const zoneIdOf = (zone: string) => hex(`cloudflare zone ${zone}`);


const UBUNTU_AMI = "ami-0e872aee57663ae2d";
const UBUNTU_GCE = "ubuntu-os-cloud/ubuntu-2404-lts-amd64";
const CLOUD_INIT = "#cloud-config\npackage_update: true\npackages: [docker.io, nftables]\nruncmd:\n  - systemctl enable --now exchange-node\n";
const HOSTNAME_CERT_PEM = "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIUY2xvdWRmbGFyZS1vcmlnaW4tcHVsbDAKBggqhkjOPQQDAjAh\n-----END CERTIFICATE-----\n";
const HOSTNAME_KEY_PEM = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIGV4Y2hhbmdlLW9yaWdpbi1wdWxsLWNsaWVudC1rZXkKoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n";

interface Placement {
    provider?: CorpusResource;
    parent?: CorpusResource;
}

/** An origin as a pool lists it. */
interface Origin {
    name: string;
    address: unknown;
    weight?: number;
    enabled?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// AWS: a VPC with a public subnet per zone, a security group that admits HTTPS from Cloudflare, and per node an
// EC2 instance (IMDSv2, encrypted root), an encrypted data volume and an Elastic IP.
// ---------------------------------------------------------------------------------------------------------------

const HTTPS_FROM_CLOUDFLARE_SG = {
    description: "HTTPS from Cloudflare",
    protocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrBlocks: CLOUDFLARE_IPV4,
    ipv6CidrBlocks: CLOUDFLARE_IPV6,
};
const ALL_EGRESS_SG = { description: "packages and images", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] };

interface AwsSiteArgs extends Placement {
    key: string;
    region: string;
    zones: string[];
    /** The Elastic IP of each node. */
    addresses: string[];
    instanceType?: string;
    vpcCidr?: string;
    ingress?: Inputs[];
    /** Extra or replaced inputs of node `index`. */
    node?: (index: number) => Inputs;
    /** Extra or replaced outputs of node `index`, as the provider reports them. */
    nodeOutputs?: (index: number) => Inputs;
    /** Each node's data volume: encrypted (the default), unencrypted (no `encrypted`), or none. */
    dataVolume?: "encrypted" | "unencrypted" | "none";
}

interface AwsSite {
    vpc: CorpusResource;
    subnets: CorpusResource[];
    securityGroup: CorpusResource;
    instances: CorpusResource[];
    eips: CorpusResource[];
    origins: Origin[];
}

function awsSite(s: CorpusStack, a: AwsSiteArgs): AwsSite {
    const place = { provider: a.provider, parent: a.parent };
    const tags = (role: string) => ({ Name: `${a.key}-${role}`, service: "exchange", role });
    const cidr = a.vpcCidr ?? "10.20.0.0/16";
    const prefix = cidr.split(".").slice(0, 2).join(".");
    const vpcId = `vpc-0${hex(`${a.key} vpc`, 16)}`;
    const vpc = s.resource("aws:ec2/vpc:Vpc", `${a.key}-vpc`, { cidrBlock: cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tags("network") }, {
        ...place, outputs: { id: vpcId, arn: `arn:aws:ec2:${a.region}:${AWS_ACCOUNT}:vpc/${vpcId}`, defaultSecurityGroupId: `sg-0${hex(`${a.key} default sg`, 16)}` },
    });
    const igw = s.resource("aws:ec2/internetGateway:InternetGateway", `${a.key}-igw`, { vpcId: ref(vpc), tags: tags("network") }, {
        ...place, outputs: { id: `igw-0${hex(`${a.key} igw`, 16)}` },
    });
    const routes = s.resource("aws:ec2/routeTable:RouteTable", `${a.key}-routes`, {
        vpcId: ref(vpc),
        routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(igw) }],
        tags: tags("network"),
    }, { ...place, outputs: { id: `rtb-0${hex(`${a.key} rtb`, 16)}` } });
    const subnets = a.zones.map((zone, index) => {
        const subnet = s.resource("aws:ec2/subnet:Subnet", `${a.key}-subnet-${zone}`, {
            vpcId: ref(vpc),
            availabilityZone: zone,
            cidrBlock: `${prefix}.${index}.0/24`,
            mapPublicIpOnLaunch: true,
            tags: tags("network"),
        }, { ...place, outputs: { id: `subnet-0${hex(`${a.key} subnet ${zone}`, 16)}` } });
        s.resource("aws:ec2/routeTableAssociation:RouteTableAssociation", `${a.key}-routes-${zone}`, { subnetId: ref(subnet), routeTableId: ref(routes) }, {
            ...place, outputs: { id: `rtbassoc-0${hex(`${a.key} rtbassoc ${zone}`, 16)}` },
        });
        return subnet;
    });
    const sgId = `sg-0${hex(`${a.key} sg`, 16)}`;
    const securityGroup = s.resource("aws:ec2/securityGroup:SecurityGroup", `${a.key}-nodes`, {
        vpcId: ref(vpc),
        description: "exchange nodes: HTTPS from Cloudflare only",
        ingress: a.ingress ?? [HTTPS_FROM_CLOUDFLARE_SG],
        egress: [ALL_EGRESS_SG],
        tags: tags("firewall"),
    }, { ...place, outputs: { id: sgId, arn: `arn:aws:ec2:${a.region}:${AWS_ACCOUNT}:security-group/${sgId}`, ownerId: AWS_ACCOUNT } });

    const instances: CorpusResource[] = [];
    const eips: CorpusResource[] = [];
    a.addresses.forEach((address, index) => {
        const zoneIndex = index % a.zones.length;
        const zone = a.zones[zoneIndex];
        const instanceId = `i-0${hex(`${a.key} node ${index}`, 16)}`;
        const instance = s.resource("aws:ec2/instance:Instance", `${a.key}-node-${index}`, compact({
            ami: UBUNTU_AMI,
            instanceType: a.instanceType ?? "m6i.large",
            subnetId: ref(subnets[zoneIndex]),
            vpcSecurityGroupIds: [ref(securityGroup)],
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
            userData: CLOUD_INIT,
            userDataReplaceOnChange: true,
            tags: tags("node"),
            ...a.node?.(index),
        }), {
            ...place,
            dependsOn: [igw],
            outputs: {
                id: instanceId,
                arn: `arn:aws:ec2:${a.region}:${AWS_ACCOUNT}:instance/${instanceId}`,
                availabilityZone: zone,
                privateIp: `${prefix}.${zoneIndex}.${10 + index}`,
                instanceState: "running",
                primaryNetworkInterfaceId: `eni-0${hex(`${a.key} eni ${index}`, 16)}`,
                ...a.nodeOutputs?.(index),
            },
        });
        const dataVolume = a.dataVolume ?? "encrypted";
        if (dataVolume !== "none") {
            const volumeId = `vol-0${hex(`${a.key} data ${index}`, 16)}`;
            const volume = s.resource("aws:ebs/volume:Volume", `${a.key}-data-${index}`, {
                availabilityZone: zone,
                size: 200,
                type: "gp3",
                ...(dataVolume === "encrypted" ? { encrypted: true } : {}),
                tags: tags("data"),
            }, { ...place, protect: true, outputs: { id: volumeId, arn: `arn:aws:ec2:${a.region}:${AWS_ACCOUNT}:volume/${volumeId}` } });
            s.resource("aws:ec2/volumeAttachment:VolumeAttachment", `${a.key}-data-attach-${index}`, {
                deviceName: "/dev/sdf",
                volumeId: ref(volume),
                instanceId: ref(instance),
                stopInstanceBeforeDetaching: true,
            }, { ...place, outputs: { id: `vai-${hex(`${a.key} vai ${index}`, 10)}` } });
        }
        const allocationId = `eipalloc-0${hex(`${a.key} eip ${index}`, 16)}`;
        const eip = s.resource("aws:ec2/eip:Eip", `${a.key}-ip-${index}`, { domain: "vpc", instance: ref(instance), tags: tags("address") }, {
            ...place,
            dependsOn: [igw],
            outputs: {
                id: allocationId,
                allocationId,
                associationId: `eipassoc-0${hex(`${a.key} eipassoc ${index}`, 16)}`,
                publicIp: address,
                publicDns: `ec2-${address.replace(/\./g, "-")}.${a.region}.compute.amazonaws.com`,
                arn: `arn:aws:ec2:${a.region}:${AWS_ACCOUNT}:elastic-ip/${allocationId}`,
            },
        });
        instances.push(instance);
        eips.push(eip);
    });
    const origins = eips.map((eip, index) => ({ name: `${a.key}-${index}`, address: ref(eip, "publicIp") }));
    return { vpc, subnets, securityGroup, instances, eips, origins };
}

// ---------------------------------------------------------------------------------------------------------------
// GCP: a VPC network and subnetwork, a firewall rule that admits HTTPS from Cloudflare, and per node a Shielded VM
// with a static external address.
// ---------------------------------------------------------------------------------------------------------------

const NODE_TAG = "exchange-node";

interface GcpSiteArgs extends Placement {
    key: string;
    region: string;
    zones: string[];
    addresses: string[];
    machineType?: string;
    subnetCidr?: string;
    /** Replaced or extra inputs of the HTTPS firewall rule. */
    firewall?: Inputs;
    node?: (index: number) => Inputs;
}

interface GcpSite {
    network: CorpusResource;
    subnet: CorpusResource;
    firewall: CorpusResource;
    addresses: CorpusResource[];
    instances: CorpusResource[];
    origins: Origin[];
}

function gcpSite(s: CorpusStack, g: GcpSiteArgs): GcpSite {
    const place = { provider: g.provider, parent: g.parent };
    const labels = (role: string) => ({ service: "exchange", role });
    const network = s.resource("gcp:compute/network:Network", `${g.key}-network`, { autoCreateSubnetworks: false, routingMode: "REGIONAL", description: "exchange nodes" }, {
        ...place, outputs: { id: `projects/${GCP_PROJECT}/global/networks/${g.key}-network`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/networks/${g.key}-network` },
    });
    const subnet = s.resource("gcp:compute/subnetwork:Subnetwork", `${g.key}-subnet`, {
        network: ref(network),
        region: g.region,
        ipCidrRange: g.subnetCidr ?? "10.30.0.0/20",
        privateIpGoogleAccess: true,
    }, { ...place, outputs: { id: `projects/${GCP_PROJECT}/regions/${g.region}/subnetworks/${g.key}-subnet`, gatewayAddress: (g.subnetCidr ?? "10.30.0.0/20").replace(/\.0\/\d+$/, ".1") } });
    const firewall = s.resource("gcp:compute/firewall:Firewall", `${g.key}-https`, {
        network: ref(network),
        direction: "INGRESS",
        description: "exchange nodes: HTTPS from Cloudflare only",
        allows: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: CLOUDFLARE_IPV4,
        targetTags: [NODE_TAG],
        ...g.firewall,
    }, { ...place, outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/${g.key}-https`, creationTimestamp: "2026-02-03T10:12:44.112-08:00" } });

    const addresses: CorpusResource[] = [];
    const instances: CorpusResource[] = [];
    g.addresses.forEach((ip, index) => {
        const zone = g.zones[index % g.zones.length];
        const address = s.resource("gcp:compute/address:Address", `${g.key}-ip-${index}`, {
            region: g.region,
            addressType: "EXTERNAL",
            networkTier: "PREMIUM",
            labels: labels("address"),
        }, { ...place, outputs: { id: `projects/${GCP_PROJECT}/regions/${g.region}/addresses/${g.key}-ip-${index}`, address: ip, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/regions/${g.region}/addresses/${g.key}-ip-${index}` } });
        const instance = s.resource("gcp:compute/instance:Instance", `${g.key}-node-${index}`, compact({
            zone,
            machineType: g.machineType ?? "e2-standard-4",
            bootDisk: { initializeParams: { image: UBUNTU_GCE, size: 20, type: "pd-balanced" } },
            networkInterfaces: [{ subnetwork: ref(subnet), accessConfigs: [{ natIp: ref(address, "address") }] }],
            shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
            metadata: { "user-data": CLOUD_INIT, "block-project-ssh-keys": "true" },
            tags: [NODE_TAG],
            labels: labels("node"),
            allowStoppingForUpdate: true,
            ...g.node?.(index),
        }), {
            ...place,
            outputs: {
                id: `projects/${GCP_PROJECT}/zones/${zone}/instances/${g.key}-node-${index}`,
                instanceId: String(4000000000000000000n + BigInt(parseInt(hex(`${g.key} ${index}`, 8), 16))),
                selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/zones/${zone}/instances/${g.key}-node-${index}`,
                currentStatus: "RUNNING",
                cpuPlatform: "Intel Broadwell",
            },
        });
        addresses.push(address);
        instances.push(instance);
    });
    const origins = addresses.map((address, index) => ({ name: `${g.key}-${index}`, address: ref(address, "address") }));
    return { network, subnet, firewall, addresses, instances, origins };
}

// ---------------------------------------------------------------------------------------------------------------
// Hetzner: a private network, a firewall that admits HTTPS from Cloudflare, and per node a server with a primary IPv4.
// ---------------------------------------------------------------------------------------------------------------

const toNumber = (id: unknown) => Number(id);

interface HetznerSiteArgs extends Placement {
    key: string;
    networkZone: string;
    locations: string[];
    addresses: string[];
    serverType?: string;
    rules?: Inputs[];
}

interface HetznerSite {
    firewall: CorpusResource;
    primaryIps: CorpusResource[];
    servers: CorpusResource[];
    origins: Origin[];
}

function hetznerSite(s: CorpusStack, h: HetznerSiteArgs): HetznerSite {
    const place = { provider: h.provider, parent: h.parent };
    const labels = (role: string) => ({ service: "exchange", role });
    const numeric = (seed: string) => String(1000000 + parseInt(hex(seed, 6), 16));
    const network = s.resource("hcloud:index/network:Network", `${h.key}-network`, { ipRange: "10.40.0.0/16", labels: labels("network") }, {
        ...place, outputs: { id: numeric(`${h.key} network`) },
    });
    const subnet = s.resource("hcloud:index/networkSubnet:NetworkSubnet", `${h.key}-subnet`, {
        networkId: ref(network, "id", toNumber),
        type: "cloud",
        networkZone: h.networkZone,
        ipRange: "10.40.0.0/24",
    }, { ...place, outputs: { id: `${numeric(`${h.key} network`)}-10.40.0.0/24`, gateway: "10.40.0.1" } });
    const firewall = s.resource("hcloud:index/firewall:Firewall", `${h.key}-firewall`, {
        rules: h.rules ?? [{ description: "HTTPS from Cloudflare", direction: "in", protocol: "tcp", port: "443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] }],
        labels: labels("firewall"),
    }, { ...place, outputs: { id: numeric(`${h.key} firewall`) } });
    const primaryIps: CorpusResource[] = [];
    const servers: CorpusResource[] = [];
    h.addresses.forEach((ip, index) => {
        const location = h.locations[index % h.locations.length];
        const primaryIp = s.resource("hcloud:index/primaryIp:PrimaryIp", `${h.key}-ip-${index}`, {
            type: "ipv4",
            assigneeType: "server",
            location,
            autoDelete: false,
            labels: labels("address"),
        }, { ...place, outputs: { id: numeric(`${h.key} ip ${index}`), ipAddress: ip } });
        const server = s.resource("hcloud:index/server:Server", `${h.key}-node-${index}`, {
            serverType: h.serverType ?? "ccx23",
            image: "ubuntu-24.04",
            location,
            firewallIds: [ref(firewall, "id", toNumber)],
            publicNets: [{ ipv4Enabled: true, ipv4: ref(primaryIp, "id", toNumber), ipv6Enabled: false }],
            networks: [{ networkId: ref(network, "id", toNumber) }],
            userData: CLOUD_INIT,
            shutdownBeforeDeletion: true,
            labels: labels("node"),
        }, { ...place, dependsOn: [subnet], outputs: { id: numeric(`${h.key} server ${index}`), ipv4Address: ip, status: "running" } });
        primaryIps.push(primaryIp);
        servers.push(server);
    });
    const origins = primaryIps.map((primaryIp, index) => ({ name: `${h.key}-${index}`, address: ref(primaryIp, "ipAddress") }));
    return { firewall, primaryIps, servers, origins };
}

// ---------------------------------------------------------------------------------------------------------------
// Cloudflare: monitor, pools, load balancer, Authenticated Origin Pulls.
// ---------------------------------------------------------------------------------------------------------------

function cfMonitor(s: CorpusStack, key: string, hostname: string, overrides: Inputs = {}, place: Placement = {}): CorpusResource {
    return s.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", key, {
        accountId: CF_ACCOUNT,
        type: "https",
        method: "GET",
        path: "/healthz",
        port: 443,
        expectedCodes: "200",
        header: { Host: [hostname] },
        allowInsecure: false,
        followRedirects: false,
        interval: 30,
        timeout: 5,
        retries: 1,
        consecutiveDown: 2,
        consecutiveUp: 2,
        description: `${hostname} /healthz`,
        ...overrides,
    }, { ...place, outputs: { id: hex(`monitor ${key} ${hostname}`), createdOn: "2026-01-14T08:02:11Z", modifiedOn: "2026-01-14T08:02:11Z" } });
}

interface PoolArgs {
    name: string;
    origins: Origin[];
    monitor?: CorpusResource;
    minimumOrigins?: number;
    enabled?: boolean;
    description?: string;
    checkRegions?: string[];
}

function cfPool(s: CorpusStack, key: string, p: PoolArgs, place: Placement = {}): CorpusResource {
    return s.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", key, {
        accountId: CF_ACCOUNT,
        name: p.name,
        description: p.description ?? p.name,
        ...(p.monitor ? { monitor: ref(p.monitor) } : {}),
        minimumOrigins: p.minimumOrigins ?? 1,
        enabled: p.enabled ?? true,
        checkRegions: p.checkRegions ?? ["WEU", "ENAM"],
        origins: p.origins.map((origin) => ({
            name: origin.name,
            address: origin.address,
            port: 443,
            weight: origin.weight ?? 1,
            enabled: origin.enabled ?? true,
        })),
    }, { ...place, outputs: { id: hex(`pool ${key} ${p.name}`), createdOn: "2026-01-14T08:02:13Z", modifiedOn: "2026-01-14T08:02:13Z" } });
}

function cfLoadBalancer(s: CorpusStack, key: string, inputs: Inputs, place: Placement = {}): CorpusResource {
    const merged = compact({ proxied: true, steeringPolicy: "off", sessionAffinity: "none", adaptiveRouting: { failoverAcrossPools: true }, ...inputs });
    return s.resource("cloudflare:index/loadBalancer:LoadBalancer", key, merged, { ...place, outputs: { id: hex(`lb ${key} ${String(inputs.name)}`), createdOn: "2026-01-14T08:02:20Z", modifiedOn: "2026-01-14T08:02:20Z", zoneName: String(inputs.name).split(".").slice(-2).join(".") } });
}

/** Per-hostname Authenticated Origin Pulls: the client certificate Cloudflare presents, and its association with the hostname. */
function cfHostnameAop(s: CorpusStack, key: string, zoneId: string, hostname: string, place: Placement = {}, enabled = true): CorpusResource {
    const certificate = s.resource("cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate", `${key}-pull-cert`, {
        zoneId,
        certificate: HOSTNAME_CERT_PEM,
        privateKey: HOSTNAME_KEY_PEM,
    }, { ...place, outputs: { id: `${hex(`aop cert ${key}`, 8)}-${hex(`aop cert ${key} a`, 4)}-${hex(`aop cert ${key} b`, 4)}-${hex(`aop cert ${key} c`, 4)}-${hex(`aop cert ${key} d`, 12)}`, status: "active", expiresOn: "2027-01-14T08:00:00Z" } });
    return s.resource("cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls", `${key}-pull`, {
        zoneId,
        configs: [{ hostname, certId: ref(certificate), enabled }],
    }, { ...place, outputs: { id: hostname, status: "active" } });
}

/** The usual front door: one monitor, one pool per site, a proxied load balancer failing over between them, AOP. */
function frontDoor(s: CorpusStack, hostname: string, sites: { key: string; name: string; origins: Origin[] }[], lb: Inputs = {}, place: Placement = {}) {
    const zoneId = zoneIdOf(hostname.split(".").slice(-2).join("."));
    const monitor = cfMonitor(s, `${hostname.split(".")[0]}-monitor`, hostname, {}, place);
    const pools = sites.map((site) => cfPool(s, site.key, { name: site.name, origins: site.origins, monitor }, place));
    const loadBalancer = cfLoadBalancer(s, `${hostname.split(".")[0]}-lb`, {
        zoneId,
        name: hostname,
        defaultPools: pools.map((pool) => ref(pool)),
        fallbackPool: ref(pools[pools.length - 1]),
        description: `${hostname} failover`,
        ...lb,
    }, place);
    cfHostnameAop(s, hostname.split(".")[0], zoneId, hostname, place);
    return { zoneId, monitor, pools, loadBalancer };
}

const awsEu = (s: CorpusStack, addresses: string[], more: Partial<AwsSiteArgs> = {}) =>
    awsSite(s, { key: "aws-euc1", region: "eu-central-1", zones: ["eu-central-1a", "eu-central-1b"], addresses, ...more });
const gcpEu = (s: CorpusStack, addresses: string[], more: Partial<GcpSiteArgs> = {}) =>
    gcpSite(s, { key: "gcp-euw1", region: "europe-west1", zones: ["europe-west1-b", "europe-west1-c"], addresses, ...more });
const hetznerEu = (s: CorpusStack, addresses: string[], more: Partial<HetznerSiteArgs> = {}) =>
    hetznerSite(s, { key: "hetzner-fsn", networkZone: "eu-central", locations: ["fsn1", "nbg1"], addresses, ...more });

// =================================================================================================================
// Traffic classes: region, PoP and country pools; rule overrides.
// =================================================================================================================

function regionPoolsPinnedToAws(): CorpusStack {
    const s = new CorpusStack("prod-eu");
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"], { provider: euc1 });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const awsPool = cfPool(s, "pool-aws-euc1", { name: "api-aws-eu-central-1", origins: aws.origins, monitor });
    const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-europe-west1", origins: gcp.origins, monitor });
    cfLoadBalancer(s, "api-lb", {
        zoneId,
        name: hostname,
        steeringPolicy: "geo",
        defaultPools: [ref(gcpPool), ref(awsPool)],
        fallbackPool: ref(awsPool),
        // European users stay in Frankfurt for latency; the rest of the world gets both clouds.
        regionPools: { WEU: [ref(awsPool)], EEU: [ref(awsPool)] },
        description: "api: geo steering, EU pinned to Frankfurt",
    });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

function popPoolsAwsMajority(): CorpusStack {
    const s = new CorpusStack("prod", "edge-exchange");
    const fra = awsSite(s, { key: "aws-fra", region: "eu-central-1", zones: ["eu-central-1a", "eu-central-1b"], addresses: ["203.0.113.10", "203.0.113.11"], provider: s.provider("aws", "aws-fra", { region: "eu-central-1" }) });
    const dub = awsSite(s, { key: "aws-dub", region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], addresses: ["203.0.113.12", "203.0.113.13"], vpcCidr: "10.21.0.0/16", provider: s.provider("aws", "aws-dub", { region: "eu-west-1" }) });
    const gcp = gcpSite(s, { key: "gcp-ams", region: "europe-west4", zones: ["europe-west4-a", "europe-west4-b"], addresses: ["198.51.100.20", "198.51.100.21"] });
    const hetzner = hetznerEu(s, ["192.0.2.30", "192.0.2.31"]);
    const hostname = "trade.example.net";
    const zoneId = zoneIdOf("example.net");
    const monitor = cfMonitor(s, "trade-monitor", hostname);
    const fraPool = cfPool(s, "pool-aws-fra", { name: "trade-aws-fra", origins: fra.origins, monitor });
    const dubPool = cfPool(s, "pool-aws-dub", { name: "trade-aws-dub", origins: dub.origins, monitor });
    const gcpPool = cfPool(s, "pool-gcp-ams", { name: "trade-gcp-ams", origins: gcp.origins, monitor });
    const hetznerPool = cfPool(s, "pool-hetzner-fsn", { name: "trade-hetzner-fsn", origins: hetzner.origins, monitor });
    cfLoadBalancer(s, "trade-lb", {
        zoneId,
        name: hostname,
        steeringPolicy: "geo",
        defaultPools: [ref(gcpPool), ref(fraPool), ref(hetznerPool)],
        fallbackPool: ref(hetznerPool),
        // The busiest PoPs go to the two AWS regions, with Hetzner as the pool of last resort.
        popPools: {
            FRA: [ref(fraPool), ref(dubPool)],
            MUC: [ref(fraPool), ref(dubPool)],
            DUB: [ref(dubPool), ref(fraPool)],
            AMS: [ref(dubPool), ref(fraPool)],
        },
    });
    cfHostnameAop(s, "trade", zoneId, hostname);
    return s;
}

function countryPoolsOnGcp(): CorpusStack {
    const s = new CorpusStack("global");
    const use1 = awsSite(s, { key: "aws-use1", region: "us-east-1", zones: ["us-east-1a"], addresses: ["203.0.113.10"], provider: s.provider("aws", "aws-use1", { region: "us-east-1" }) });
    const euc1 = awsSite(s, { key: "aws-euc1", region: "eu-central-1", zones: ["eu-central-1a"], addresses: ["203.0.113.11"], vpcCidr: "10.21.0.0/16", provider: s.provider("aws", "aws-euc1", { region: "eu-central-1" }) });
    const usc1 = gcpSite(s, { key: "gcp-usc1", region: "us-central1", zones: ["us-central1-a"], addresses: ["198.51.100.20"] });
    const euw1 = gcpSite(s, { key: "gcp-euw1", region: "europe-west1", zones: ["europe-west1-b"], addresses: ["198.51.100.21"], subnetCidr: "10.31.0.0/20" });
    const hostname = "api.example.org";
    const zoneId = zoneIdOf("example.org");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const use1Pool = cfPool(s, "pool-aws-use1", { name: "api-aws-us-east-1", origins: use1.origins, monitor });
    const euc1Pool = cfPool(s, "pool-aws-euc1", { name: "api-aws-eu-central-1", origins: euc1.origins, monitor });
    const usc1Pool = cfPool(s, "pool-gcp-usc1", { name: "api-gcp-us-central1", origins: usc1.origins, monitor });
    const euw1Pool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-europe-west1", origins: euw1.origins, monitor });
    cfLoadBalancer(s, "api-lb", {
        zoneId,
        name: hostname,
        steeringPolicy: "geo",
        defaultPools: [ref(use1Pool), ref(usc1Pool), ref(euc1Pool)],
        fallbackPool: ref(euw1Pool),
        // North American customers are served from Iowa (data residency review pending).
        countryPools: { US: [ref(usc1Pool)], CA: [ref(usc1Pool)], MX: [ref(usc1Pool)] },
    });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

function headerRuleOverridesToAws(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13"], {
        node: (index) => (index >= 2 ? { instanceType: "c6i.2xlarge" } : {}),
    });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const standard = cfPool(s, "pool-aws-standard", { name: "api-aws-standard", origins: aws.origins.slice(0, 2), monitor });
    const premium = cfPool(s, "pool-aws-premium", { name: "api-aws-premium", origins: aws.origins.slice(2), monitor, description: "c6i.2xlarge for market makers" });
    const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-europe-west1", origins: gcp.origins, monitor });
    cfLoadBalancer(s, "api-lb", {
        zoneId,
        name: hostname,
        defaultPools: [ref(standard), ref(gcpPool)],
        fallbackPool: ref(gcpPool),
        rules: [
            {
                name: "maintenance-page",
                priority: 1,
                condition: "http.request.uri.path eq \"/maintenance\"",
                fixedResponse: { statusCode: 503, contentType: "text/plain", messageBody: "scheduled maintenance" },
                terminates: true,
            },
            {
                name: "premium-market-makers",
                priority: 10,
                condition: "http.request.headers[\"x-client-tier\"][0] eq \"premium\"",
                overrides: { defaultPools: [ref(premium)], fallbackPool: ref(standard), sessionAffinity: "cookie" },
                terminates: true,
            },
            {
                name: "premium-by-source-ip",
                priority: 20,
                disabled: true,
                condition: "ip.src in {198.51.100.0/24}",
                overrides: { defaultPools: [ref(premium)] },
            },
        ],
    });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

function pathRuleRegionOverridesToAws(): CorpusStack {
    const s = new CorpusStack("prod-multi");
    const site = s.component("acme:exchange:Sites", "sites");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"], { parent: site });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"], { parent: site });
    const hetzner = hetznerEu(s, ["192.0.2.30", "192.0.2.31"], { parent: site });
    const edge = s.component("acme:exchange:Edge", "edge");
    const hostname = "api.example.io";
    const zoneId = zoneIdOf("example.io");
    const monitor = cfMonitor(s, "api-monitor", hostname, {}, { parent: edge });
    const awsPool = cfPool(s, "pool-aws", { name: "api-aws", origins: aws.origins, monitor }, { parent: edge });
    const gcpPool = cfPool(s, "pool-gcp", { name: "api-gcp", origins: gcp.origins, monitor }, { parent: edge });
    const hetznerPool = cfPool(s, "pool-hetzner", { name: "api-hetzner", origins: hetzner.origins, monitor }, { parent: edge });
    cfLoadBalancer(s, "api-lb", {
        zoneId,
        name: hostname,
        defaultPools: [ref(hetznerPool), ref(gcpPool), ref(awsPool)],
        fallbackPool: ref(gcpPool),
        rules: [{
            name: "order-entry-low-latency",
            priority: 5,
            condition: "starts_with(http.request.uri.path, \"/v2/orders\")",
            // Order entry from Europe and the US east coast goes to the Frankfurt matching engine.
            overrides: {
                steeringPolicy: "geo",
                regionPools: { WEU: [ref(awsPool)], EEU: [ref(awsPool)], ENAM: [ref(awsPool)] },
                fallbackPool: ref(awsPool),
            },
        }],
    }, { parent: edge });
    cfHostnameAop(s, "api", zoneId, hostname, { parent: edge });
    return s;
}

// =================================================================================================================
// DNS records that serve a hostname around (or without) the load balancer.
// =================================================================================================================

function disabledLbCloudflareRecord(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const { zoneId } = frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ], { enabled: false });
    s.resource("cloudflare:index/dnsRecord:DnsRecord", "api-direct", {
        zoneId,
        name: "api.example.com",
        type: "A",
        content: ref(aws.eips[0], "publicIp"),
        proxied: true,
        ttl: 1,
        comment: "INC-2291: LB off, straight to Frankfurt node 0",
    }, { outputs: { id: hex("dns api-direct"), proxiable: true, createdOn: "2026-02-01T03:14:00Z", modifiedOn: "2026-02-01T03:14:00Z" } });
    return s;
}

function disabledLbRoute53Record(): CorpusStack {
    const s = new CorpusStack("prod-us", "exchange-api");
    const aws = awsSite(s, { key: "aws-use2", region: "us-east-2", zones: ["us-east-2a", "us-east-2b"], addresses: ["203.0.113.10", "203.0.113.11"] });
    const gcp = gcpSite(s, { key: "gcp-use4", region: "us-east4", zones: ["us-east4-a", "us-east4-b"], addresses: ["198.51.100.20", "198.51.100.21"] });
    frontDoor(s, "trade.example.net", [
        { key: "pool-aws-use2", name: "trade-aws-use2", origins: aws.origins },
        { key: "pool-gcp-use4", name: "trade-gcp-use4", origins: gcp.origins },
    ], { enabled: false });
    // The zone's authoritative DNS is Route 53 (Cloudflare partial setup).
    const zone = s.resource("aws:route53/zone:Zone", "example-net", { name: "example.net", comment: "public zone, Cloudflare partial setup" }, {
        outputs: { id: "Z04817263QXJ7K2EXAMPLE", zoneId: "Z04817263QXJ7K2EXAMPLE", arn: "arn:aws:route53:::hostedzone/Z04817263QXJ7K2EXAMPLE", nameServers: ["ns-1203.awsdns-22.org", "ns-387.awsdns-48.com"] },
    });
    s.resource("aws:route53/record:Record", "trade-a", {
        zoneId: ref(zone, "zoneId"),
        name: "trade.example.net",
        type: "A",
        ttl: 60,
        records: [ref(gcp.addresses[0], "address")],
    }, { outputs: { id: "Z04817263QXJ7K2EXAMPLE_trade.example.net_A", fqdn: "trade.example.net" } });
    return s;
}

function disabledLbCloudDnsRecord(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    frontDoor(s, "ws.example.org", [
        { key: "pool-aws-euc1", name: "ws-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "ws-gcp-euw1", origins: gcp.origins },
    ], { enabled: false });
    const zone = s.resource("gcp:dns/managedZone:ManagedZone", "example-org", {
        name: "example-org",
        dnsName: "example.org.",
        visibility: "public",
        description: "example.org public zone",
    }, { outputs: { id: `projects/${GCP_PROJECT}/managedZones/example-org`, managedZoneId: "5402981763354092011", nameServers: ["ns-cloud-a1.googledomains.com.", "ns-cloud-a2.googledomains.com."] } });
    s.resource("gcp:dns/recordSet:RecordSet", "ws-a", {
        managedZone: ref(zone, "name"),
        name: "ws.example.org.",
        type: "A",
        ttl: 300,
        rrdatas: [ref(aws.eips[1], "publicIp")],
    }, { outputs: { id: `projects/${GCP_PROJECT}/managedZones/example-org/rrsets/ws.example.org./A` } });
    return s;
}

function plainRecordNoLoadBalancer(): CorpusStack {
    const s = new CorpusStack("prod", "exchange-lite");
    awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const hetzner = hetznerEu(s, ["192.0.2.30", "192.0.2.31"]);
    s.resource("cloudflare:index/dnsRecord:DnsRecord", "api", {
        zoneId: zoneIdOf("example.io"),
        name: "api.example.io",
        type: "A",
        content: ref(hetzner.primaryIps[0], "ipAddress"),
        proxied: true,
        ttl: 1,
    }, { outputs: { id: hex("dns api example.io"), proxiable: true } });
    return s;
}

function roundRobinRecordsNoHealthChecks(): CorpusStack {
    const s = new CorpusStack("prod", "exchange-lite");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const hetzner = hetznerEu(s, ["192.0.2.30", "192.0.2.31"]);
    const zoneId = zoneIdOf("example.io");
    [...aws.eips.map((eip) => ref(eip, "publicIp")), ...hetzner.primaryIps.map((ip) => ref(ip, "ipAddress"))].forEach((content, index) => {
        s.resource("cloudflare:index/dnsRecord:DnsRecord", `api-${index}`, {
            zoneId,
            name: "api.example.io",
            type: "A",
            content,
            proxied: true,
            ttl: 1,
            comment: "round robin across AWS and Hetzner",
        }, { outputs: { id: hex(`dns api ${index}`), proxiable: true } });
    });
    return s;
}

function sideHostnameDirectRecord(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const { zoneId } = frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ]);
    // The market-data websocket skips the load balancer: long-lived connections "do not need failover".
    s.resource("cloudflare:index/dnsRecord:DnsRecord", "stream", {
        zoneId,
        name: "stream.example.com",
        type: "A",
        content: ref(aws.eips[0], "publicIp"),
        proxied: true,
        ttl: 1,
    }, { outputs: { id: hex("dns stream"), proxiable: true } });
    return s;
}

// =================================================================================================================
// Exists is not serves.
// =================================================================================================================

const twoCloudFrontDoor = (s: CorpusStack, aws: AwsSite, gcp: GcpSite, hostname = "api.example.com") => frontDoor(s, hostname, [
    { key: "pool-aws-euc1", name: `${hostname.split(".")[0]}-aws-euc1`, origins: aws.origins },
    { key: "pool-gcp-euw1", name: `${hostname.split(".")[0]}-gcp-euw1`, origins: gcp.origins },
]);

function awsNodesStopped(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"], { nodeOutputs: () => ({ instanceState: "stopped" }) });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function awsInstanceStateStopped(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    // "Warm standby": the AWS nodes are kept stopped to save cost and started by hand in an incident.
    aws.instances.forEach((instance, index) => {
        s.resource("aws:ec2transitgateway/instanceState:InstanceState", `aws-euc1-node-${index}-state`, { instanceId: ref(instance), state: "stopped" }, {
            outputs: { id: instance.id },
        });
    });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function gcpNodesTerminated(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"], { node: () => ({ desiredStatus: "TERMINATED" }) });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

/** AWS nodes as an autoscaling group behind a network load balancer with an Elastic IP per zone. */
function awsAutoscaled(s: CorpusStack, o: { capacity: number; ebs: Inputs; addresses: string[] }) {
    const region = "eu-central-1";
    const zones = ["eu-central-1a", "eu-central-1b"];
    const base = awsSite(s, { key: "aws-euc1", region, zones, addresses: [] });
    const template = s.resource("aws:ec2/launchTemplate:LaunchTemplate", "aws-euc1-node", {
        namePrefix: "exchange-node-",
        imageId: UBUNTU_AMI,
        instanceType: "m6i.large",
        vpcSecurityGroupIds: [ref(base.securityGroup)],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: o.ebs }],
        userData: Buffer.from(CLOUD_INIT).toString("base64"),
        updateDefaultVersion: true,
    }, { outputs: { id: `lt-0${hex("aws-euc1 lt", 16)}`, arn: `arn:aws:ec2:${region}:${AWS_ACCOUNT}:launch-template/lt-0${hex("aws-euc1 lt", 16)}`, latestVersion: 3 } });
    const targetGroup = s.resource("aws:lb/targetGroup:TargetGroup", "aws-euc1-https", {
        port: 443,
        protocol: "TCP",
        vpcId: ref(base.vpc),
        targetType: "instance",
        healthCheck: { protocol: "HTTPS", path: "/healthz", port: "443", interval: 10, healthyThreshold: 2, unhealthyThreshold: 2 },
    }, { outputs: { id: `arn:aws:elasticloadbalancing:${region}:${AWS_ACCOUNT}:targetgroup/aws-euc1-https/${hex("tg", 16)}`, arn: `arn:aws:elasticloadbalancing:${region}:${AWS_ACCOUNT}:targetgroup/aws-euc1-https/${hex("tg", 16)}` } });
    const eips = o.addresses.map((address, index) => s.resource("aws:ec2/eip:Eip", `aws-euc1-nlb-ip-${index}`, { domain: "vpc", tags: { Name: `aws-euc1-nlb-${index}` } }, {
        outputs: { id: `eipalloc-0${hex(`nlb eip ${index}`, 16)}`, allocationId: `eipalloc-0${hex(`nlb eip ${index}`, 16)}`, publicIp: address },
    }));
    const nlbArn = `arn:aws:elasticloadbalancing:${region}:${AWS_ACCOUNT}:loadbalancer/net/aws-euc1-nlb/${hex("nlb", 16)}`;
    const nlb = s.resource("aws:lb/loadBalancer:LoadBalancer", "aws-euc1-nlb", {
        loadBalancerType: "network",
        internal: false,
        subnetMappings: base.subnets.map((subnet, index) => ({ subnetId: ref(subnet), allocationId: ref(eips[index], "allocationId") })),
        securityGroups: [ref(base.securityGroup)],
        enableCrossZoneLoadBalancing: true,
    }, { outputs: { id: nlbArn, arn: nlbArn, dnsName: `aws-euc1-nlb-${hex("nlb dns", 10)}.elb.${region}.amazonaws.com`, zoneId: "Z3F0SRJ5LGBH90" } });
    s.resource("aws:lb/listener:Listener", "aws-euc1-https", {
        loadBalancerArn: ref(nlb, "arn"),
        port: 443,
        protocol: "TCP",
        defaultActions: [{ type: "forward", targetGroupArn: ref(targetGroup, "arn") }],
    }, { outputs: { id: `${nlbArn.replace(":loadbalancer/", ":listener/")}/${hex("listener", 16)}`, arn: `${nlbArn.replace(":loadbalancer/", ":listener/")}/${hex("listener", 16)}` } });
    s.resource("aws:autoscaling/group:Group", "aws-euc1-nodes", {
        vpcZoneIdentifiers: base.subnets.map((subnet) => ref(subnet)),
        desiredCapacity: o.capacity,
        minSize: o.capacity,
        maxSize: o.capacity,
        launchTemplate: { id: ref(template), version: "$Latest" },
        targetGroupArns: [ref(targetGroup, "arn")],
        healthCheckType: "ELB",
        healthCheckGracePeriod: 120,
        tags: [{ key: "Name", value: "exchange-node", propagateAtLaunch: true }],
    }, { outputs: { id: "aws-euc1-nodes-20260114080211", arn: `arn:aws:autoscaling:${region}:${AWS_ACCOUNT}:autoScalingGroup:${hex("asg", 8)}:autoScalingGroupName/aws-euc1-nodes` } });
    return eips.map((eip, index) => ({ name: `aws-euc1-nlb-${index}`, address: ref(eip, "publicIp") }));
}

function awsAutoscalingGroupAtZero(): CorpusStack {
    const s = new CorpusStack("prod");
    const awsOrigins = awsAutoscaled(s, { capacity: 0, ebs: { encrypted: "true", volumeSize: 20, volumeType: "gp3", deleteOnTermination: "true" }, addresses: ["203.0.113.10", "203.0.113.11"] });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: awsOrigins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ]);
    return s;
}

function gcpManagedGroupAtZero(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const region = "europe-west1";
    const zone = "europe-west1-b";
    const network = s.resource("gcp:compute/network:Network", "gcp-euw1-network", { autoCreateSubnetworks: false }, {
        outputs: { id: `projects/${GCP_PROJECT}/global/networks/gcp-euw1-network`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/networks/gcp-euw1-network` },
    });
    const subnet = s.resource("gcp:compute/subnetwork:Subnetwork", "gcp-euw1-subnet", { network: ref(network), region, ipCidrRange: "10.30.0.0/20" }, {
        outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/subnetworks/gcp-euw1-subnet` },
    });
    s.resource("gcp:compute/firewall:Firewall", "gcp-euw1-https", {
        network: ref(network),
        direction: "INGRESS",
        allows: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: [...CLOUDFLARE_IPV4, ...GOOGLE_HEALTH_CHECKERS],
        targetTags: [NODE_TAG],
    }, { outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/gcp-euw1-https` } });
    const template = s.resource("gcp:compute/instanceTemplate:InstanceTemplate", "gcp-euw1-node", {
        namePrefix: "exchange-node-",
        machineType: "e2-standard-4",
        disks: [{ sourceImage: UBUNTU_GCE, boot: true, autoDelete: true, diskSizeGb: 20, diskType: "pd-balanced" }],
        networkInterfaces: [{ subnetwork: ref(subnet), accessConfigs: [{ networkTier: "PREMIUM" }] }],
        shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
        metadata: { "user-data": CLOUD_INIT, "block-project-ssh-keys": "true" },
        tags: [NODE_TAG],
    }, { outputs: { id: `projects/${GCP_PROJECT}/global/instanceTemplates/exchange-node-20260114`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/instanceTemplates/exchange-node-20260114`, selfLinkUnique: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/instanceTemplates/exchange-node-20260114?uniqueId=7712093` } });
    const healthCheck = s.resource("gcp:compute/regionHealthCheck:RegionHealthCheck", "gcp-euw1-health", {
        region,
        checkIntervalSec: 5,
        timeoutSec: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
        httpsHealthCheck: { port: 443, requestPath: "/healthz" },
    }, { outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/healthChecks/gcp-euw1-health` } });
    const group = s.resource("gcp:compute/instanceGroupManager:InstanceGroupManager", "gcp-euw1-nodes", {
        zone,
        baseInstanceName: "exchange-node",
        versions: [{ name: "primary", instanceTemplate: ref(template, "selfLinkUnique") }],
        // Scaled in "until the GCP capacity reservation is approved".
        targetSize: 0,
        namedPorts: [{ name: "https", port: 443 }],
        autoHealingPolicies: { healthCheck: ref(healthCheck), initialDelaySec: 120 },
    }, { outputs: { id: `projects/${GCP_PROJECT}/zones/${zone}/instanceGroupManagers/gcp-euw1-nodes`, instanceGroup: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/zones/${zone}/instanceGroups/gcp-euw1-nodes`, selfLink: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/zones/${zone}/instanceGroupManagers/gcp-euw1-nodes` } });
    const backend = s.resource("gcp:compute/regionBackendService:RegionBackendService", "gcp-euw1-backend", {
        region,
        loadBalancingScheme: "EXTERNAL",
        protocol: "TCP",
        backends: [{ group: ref(group, "instanceGroup"), balancingMode: "CONNECTION" }],
        healthChecks: ref(healthCheck),
    }, { outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/backendServices/gcp-euw1-backend` } });
    const origins = ["198.51.100.20", "198.51.100.21"].map((ip, index) => {
        const address = s.resource("gcp:compute/address:Address", `gcp-euw1-lb-ip-${index}`, { region, addressType: "EXTERNAL", networkTier: "PREMIUM" }, {
            outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/addresses/gcp-euw1-lb-ip-${index}`, address: ip },
        });
        s.resource("gcp:compute/forwardingRule:ForwardingRule", `gcp-euw1-https-${index}`, {
            region,
            ipAddress: ref(address, "address"),
            ipProtocol: "TCP",
            portRange: "443",
            loadBalancingScheme: "EXTERNAL",
            backendService: ref(backend),
        }, { outputs: { id: `projects/${GCP_PROJECT}/regions/${region}/forwardingRules/gcp-euw1-https-${index}` } });
        return { name: `gcp-euw1-lb-${index}`, address: ref(address, "address") };
    });
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins },
    ]);
    return s;
}

function gcpOriginsDisabled(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        // "Disabled until the GCP nodes pass the soak test" — the nodes run, the pool is listed, nothing goes there.
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins.map((origin) => ({ ...origin, enabled: false })) },
    ]);
    return s;
}

function gcpOriginsWeightZero(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hetzner = hetznerEu(s, ["192.0.2.30", "192.0.2.31"]);
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        // Drained: weight 0 takes no traffic while the pools still report healthy.
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins.map((origin) => ({ ...origin, weight: 0 })) },
        { key: "pool-hetzner-fsn", name: "api-hetzner-fsn", origins: hetzner.origins.map((origin) => ({ ...origin, weight: 0 })) },
    ], { steeringPolicy: "random", randomSteering: { defaultWeight: 1 } });
    return s;
}

function gcpPoolDisabled(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const awsPool = cfPool(s, "pool-aws-euc1", { name: "api-aws-euc1", origins: aws.origins, monitor });
    const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-euw1", origins: gcp.origins, monitor, enabled: false, description: "disabled: GCP egress costs under review" });
    cfLoadBalancer(s, "api-lb", { zoneId, name: hostname, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

/** An imported stack: the machines were adopted with `pulumi import`, so IDs and addresses are literal. */
function importedPrivateGcpOrigins(): CorpusStack {
    const s = new CorpusStack("prod-imported");
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    ["203.0.113.40", "203.0.113.41"].forEach((ip, index) => {
        const instanceId = `i-0${hex(`imported aws ${index}`, 16)}`;
        s.resource("aws:ec2/instance:Instance", `aws-node-${index}`, {
            ami: UBUNTU_AMI,
            instanceType: "m6i.large",
            subnetId: index === 0 ? "subnet-0a1b2c3d4e5f60718" : "subnet-0b2c3d4e5f6071829",
            vpcSecurityGroupIds: ["sg-0c3d4e5f60718293a"],
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
            tags: { Name: `exchange-node-${index}` },
        }, { provider: euc1, protect: true, outputs: { id: instanceId, instanceState: "running", privateIp: `10.20.${index}.10`, publicIp: ip } });
        // BYOIP: the exchange's own range is advertised from AWS, so the addresses are known before the EIPs are read.
        s.resource("aws:ec2/eip:Eip", `aws-ip-${index}`, { domain: "vpc", address: ip, publicIpv4Pool: "ipv4pool-ec2-0123456789abcdef0", instance: instanceId }, {
            provider: euc1, protect: true, outputs: { id: `eipalloc-0${hex(`imported eip ${index}`, 16)}`, publicIp: ip },
        });
    });
    s.resource("aws:ec2/securityGroup:SecurityGroup", "aws-nodes", {
        vpcId: "vpc-0d4e5f60718293a4b",
        description: "exchange nodes: HTTPS from Cloudflare only",
        ingress: [HTTPS_FROM_CLOUDFLARE_SG],
        egress: [ALL_EGRESS_SG],
    }, { provider: euc1, protect: true, outputs: { id: "sg-0c3d4e5f60718293a" } });
    s.resource("gcp:compute/firewall:Firewall", "gcp-https", {
        network: `projects/${GCP_PROJECT}/global/networks/exchange`,
        direction: "INGRESS",
        allows: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: CLOUDFLARE_IPV4,
        targetTags: [NODE_TAG],
    }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/gcp-https` } });
    const gcpPrivate = ["10.30.0.11", "10.30.0.12"];
    ["198.51.100.21", "198.51.100.22"].forEach((ip, index) => {
        s.resource("gcp:compute/instance:Instance", `gcp-node-${index}`, {
            zone: "europe-west1-b",
            machineType: "e2-standard-4",
            bootDisk: { initializeParams: { image: UBUNTU_GCE, size: 20, type: "pd-balanced" } },
            networkInterfaces: [{
                subnetwork: `projects/${GCP_PROJECT}/regions/europe-west1/subnetworks/exchange`,
                networkIp: gcpPrivate[index],
                accessConfigs: [{ natIp: ip }],
            }],
            shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
            tags: [NODE_TAG],
        }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/zones/europe-west1-b/instances/gcp-node-${index}`, currentStatus: "RUNNING" } });
    });
    // The pools are new code; someone pasted the nodes' internal addresses from the console.
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const awsPool = cfPool(s, "pool-aws", { name: "api-aws", origins: [{ name: "aws-0", address: "203.0.113.40" }, { name: "aws-1", address: "203.0.113.41" }], monitor });
    const gcpPool = cfPool(s, "pool-gcp", { name: "api-gcp", origins: gcpPrivate.map((address, index) => ({ name: `gcp-${index}`, address })), monitor });
    cfLoadBalancer(s, "api-lb", { zoneId, name: hostname, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

function gcpOriginsAtInternalAddresses(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    // Internal addresses reserved "for the future Cloudflare Tunnel", used as origins without a virtual network.
    const internal = gcp.instances.map((instance, index) => s.resource("gcp:compute/address:Address", `gcp-euw1-internal-${index}`, {
        region: "europe-west1",
        addressType: "INTERNAL",
        subnetwork: ref(gcp.subnet),
        purpose: "GCE_ENDPOINT",
        description: `internal address of ${instance.name}`,
    }, { outputs: { id: `projects/${GCP_PROJECT}/regions/europe-west1/addresses/gcp-euw1-internal-${index}`, address: `10.30.0.${21 + index}` } }));
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: internal.map((address, index) => ({ name: `gcp-euw1-${index}`, address: ref(address, "address") })) },
    ]);
    return s;
}

// =================================================================================================================
// Fallback, majority, capacity.
// =================================================================================================================

function fallbackOnPrimaryCloud(): CorpusStack {
    const s = new CorpusStack("prod");
    const euc1 = awsSite(s, { key: "aws-euc1", region: "eu-central-1", zones: ["eu-central-1a"], addresses: ["203.0.113.10"], provider: s.provider("aws", "aws-euc1", { region: "eu-central-1" }) });
    const euw1 = awsSite(s, { key: "aws-euw1", region: "eu-west-1", zones: ["eu-west-1a"], addresses: ["203.0.113.11"], vpcCidr: "10.21.0.0/16", provider: s.provider("aws", "aws-euw1", { region: "eu-west-1" }) });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    // Regions of one cloud are one cloud: the fallback is "another region", not another provider.
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: euc1.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
        { key: "pool-aws-euw1", name: "api-aws-euw1", origins: euw1.origins },
    ]);
    return s;
}

function awsHoldsWeightMajority(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"], { instanceType: "c6i.4xlarge" });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"], { machineType: "e2-standard-2" });
    // "The GCP boxes are smaller, so they get half the weight."
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins.map((origin) => ({ ...origin, weight: 1 })) },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins.map((origin) => ({ ...origin, weight: 0.5 })) },
    ], { steeringPolicy: "random", randomSteering: { defaultWeight: 1 } });
    return s;
}

function fourAwsOneGcp(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13"]);
    const gcp = gcpEu(s, ["198.51.100.20"]);
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ]);
    return s;
}

function oneNodePerCloud(): CorpusStack {
    const s = new CorpusStack("prod", "exchange-mvp");
    const aws = awsEu(s, ["203.0.113.10"], { zones: ["eu-central-1a"] });
    const gcp = gcpEu(s, ["198.51.100.20"], { zones: ["europe-west1-b"] });
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ]);
    return s;
}

function mixedPoolsMinimumOrigins(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpSite(s, { key: "gcp-euw3", region: "europe-west3", zones: ["europe-west3-a", "europe-west3-b"], addresses: ["198.51.100.20", "198.51.100.21"] });
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    // One pool per availability zone pair, each with an AWS and a GCP node; a pool with a single node left is drained.
    const poolA = cfPool(s, "pool-fra-a", { name: "api-fra-a", origins: [aws.origins[0], gcp.origins[0]], monitor, minimumOrigins: 2 });
    const poolB = cfPool(s, "pool-fra-b", { name: "api-fra-b", origins: [aws.origins[1], gcp.origins[1]], monitor, minimumOrigins: 2 });
    cfLoadBalancer(s, "api-lb", { zoneId, name: hostname, defaultPools: [ref(poolA), ref(poolB)], fallbackPool: ref(poolB) });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

function fallbackMinimumOriginsUnmeetable(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const awsPool = cfPool(s, "pool-aws-euc1", { name: "api-aws-euc1", origins: aws.origins, monitor, minimumOrigins: 2 });
    // minimumOrigins copied from the three-node staging config: this pool of two is never healthy.
    const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-euw1", origins: gcp.origins, monitor, minimumOrigins: 3 });
    cfLoadBalancer(s, "api-lb", { zoneId, name: hostname, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

// =================================================================================================================
// Health checks and proxying.
// =================================================================================================================

function gcpPoolWithoutMonitor(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const awsPool = cfPool(s, "pool-aws-euc1", { name: "api-aws-euc1", origins: aws.origins, monitor });
    const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-euw1", origins: gcp.origins });
    cfLoadBalancer(s, "api-lb", { zoneId, name: hostname, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) });
    cfHostnameAop(s, "api", zoneId, hostname);
    return s;
}

function slowMonitor(overrides: Inputs, name: string): () => CorpusStack {
    return () => {
        const s = new CorpusStack(name);
        const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
        const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
        const hostname = "api.example.com";
        const zoneId = zoneIdOf("example.com");
        const monitor = cfMonitor(s, "api-monitor", hostname, overrides);
        const awsPool = cfPool(s, "pool-aws-euc1", { name: "api-aws-euc1", origins: aws.origins, monitor });
        const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-euw1", origins: gcp.origins, monitor });
        cfLoadBalancer(s, "api-lb", { zoneId, name: hostname, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) });
        cfHostnameAop(s, "api", zoneId, hostname);
        return s;
    };
}

function dnsOnlyLoadBalancer(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    // "Grey cloud" so that the websocket clients see the origin's own TLS certificate.
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ], { proxied: false, ttl: 30, adaptiveRouting: undefined });
    return s;
}

// =================================================================================================================
// Origin lockdown and reachability.
// =================================================================================================================

function digitalOceanSshOpen(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const provider = s.provider("digitalocean", "do-fra1", { version: "4.56.0" });
    const vpc = s.resource("digitalocean:index/vpc:Vpc", "do-fra1-vpc", { name: "exchange-fra1", region: "fra1", ipRange: "10.60.0.0/20" }, {
        provider, outputs: { id: "5b1a7c2e-43d8-4f7a-9c61-0d2e8f4a7b13", vpcUrn: "do:vpc:5b1a7c2e-43d8-4f7a-9c61-0d2e8f4a7b13" },
    });
    const droplets = ["192.0.2.50", "192.0.2.51"].map((ip, index) => s.resource("digitalocean:index/droplet:Droplet", `do-fra1-node-${index}`, {
        name: `exchange-fra1-${index}`,
        image: "ubuntu-24-04-x64",
        region: "fra1",
        size: "s-4vcpu-8gb",
        vpcUuid: ref(vpc),
        monitoring: true,
        ipv6: false,
        sshKeys: ["3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"],
        tags: [NODE_TAG],
        userData: CLOUD_INIT,
    }, { provider, outputs: { id: String(412345670 + index), dropletUrn: `do:droplet:${412345670 + index}`, ipv4Address: ip, ipv4AddressPrivate: `10.60.0.${5 + index}`, status: "active" } }));
    s.resource("digitalocean:index/firewall:Firewall", "do-fra1-nodes", {
        name: "exchange-nodes",
        dropletIds: droplets.map((droplet) => ref(droplet, "id", toNumber)),
        inboundRules: [
            { protocol: "tcp", portRange: "443", sourceAddresses: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] },
            // "Temporary" for the on-call engineers working from home.
            { protocol: "tcp", portRange: "22", sourceAddresses: ["0.0.0.0/0", "::/0"] },
        ],
        outboundRules: [
            { protocol: "tcp", portRange: "1-65535", destinationAddresses: ["0.0.0.0/0", "::/0"] },
            { protocol: "udp", portRange: "53", destinationAddresses: ["0.0.0.0/0", "::/0"] },
        ],
    }, { provider, outputs: { id: "b7e2c1d4-58a9-4e3f-8d10-6c2f9a4b1e77", status: "succeeded" } });
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins },
        { key: "pool-do-fra1", name: "api-do-fra1", origins: droplets.map((droplet, index) => ({ name: `do-fra1-${index}`, address: ref(droplet, "ipv4Address") })) },
    ]);
    return s;
}

function azureNsgRuleSshOpen(): CorpusStack {
    const s = new CorpusStack("prod");
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const provider = s.provider("azure-native", "azure-weu", { location: "westeurope", version: "3.13.0" });
    const subscription = "/subscriptions/8f2c4a6e-1b3d-4c5e-9f70-2a4b6c8d0e1f";
    const group = `${subscription}/resourceGroups/exchange-weu`;
    const rg = s.resource("azure-native:resources:ResourceGroup", "exchange-weu", { resourceGroupName: "exchange-weu", location: "westeurope" }, {
        provider, outputs: { id: group, name: "exchange-weu" },
    });
    const vnet = s.resource("azure-native:network:VirtualNetwork", "exchange-weu-vnet", {
        resourceGroupName: ref(rg, "resourceGroupName"),
        virtualNetworkName: "exchange-weu-vnet",
        location: "westeurope",
        addressSpace: { addressPrefixes: ["10.50.0.0/16"] },
    }, { provider, outputs: { id: `${group}/providers/Microsoft.Network/virtualNetworks/exchange-weu-vnet`, name: "exchange-weu-vnet" } });
    const nsg = s.resource("azure-native:network:NetworkSecurityGroup", "exchange-weu-nodes", {
        resourceGroupName: ref(rg, "resourceGroupName"),
        networkSecurityGroupName: "exchange-weu-nodes",
        location: "westeurope",
    }, { provider, outputs: { id: `${group}/providers/Microsoft.Network/networkSecurityGroups/exchange-weu-nodes`, name: "exchange-weu-nodes" } });
    const rule = (name: string, priority: number, inputs: Inputs) => s.resource("azure-native:network:SecurityRule", name, {
        resourceGroupName: ref(rg, "resourceGroupName"),
        networkSecurityGroupName: ref(nsg, "networkSecurityGroupName"),
        securityRuleName: name,
        priority,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        ...inputs,
    }, { provider, outputs: { id: `${group}/providers/Microsoft.Network/networkSecurityGroups/exchange-weu-nodes/securityRules/${name}`, provisioningState: "Succeeded" } });
    rule("allow-https-cloudflare", 100, { destinationPortRange: "443", sourceAddressPrefixes: CLOUDFLARE_IPV4, description: "HTTPS from Cloudflare" });
    rule("allow-ssh-ops", 110, { destinationPortRange: "22", sourceAddressPrefix: "0.0.0.0/0", description: "ops access, key-only" });
    const subnet = s.resource("azure-native:network:Subnet", "exchange-weu-nodes", {
        resourceGroupName: ref(rg, "resourceGroupName"),
        virtualNetworkName: ref(vnet, "virtualNetworkName"),
        subnetName: "nodes",
        addressPrefix: "10.50.1.0/24",
        networkSecurityGroup: { id: ref(nsg) },
    }, { provider, outputs: { id: `${group}/providers/Microsoft.Network/virtualNetworks/exchange-weu-vnet/subnets/nodes` } });
    const publicIps = ["198.51.100.60", "198.51.100.61"].map((ip, index) => {
        const publicIp = s.resource("azure-native:network:PublicIPAddress", `exchange-weu-ip-${index}`, {
            resourceGroupName: ref(rg, "resourceGroupName"),
            publicIpAddressName: `exchange-weu-ip-${index}`,
            location: "westeurope",
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            sku: { name: "Standard", tier: "Regional" },
        }, { provider, outputs: { id: `${group}/providers/Microsoft.Network/publicIPAddresses/exchange-weu-ip-${index}`, ipAddress: ip } });
        const nic = s.resource("azure-native:network:NetworkInterface", `exchange-weu-nic-${index}`, {
            resourceGroupName: ref(rg, "resourceGroupName"),
            networkInterfaceName: `exchange-weu-nic-${index}`,
            location: "westeurope",
            ipConfigurations: [{ name: "ipconfig1", subnet: { id: ref(subnet) }, publicIPAddress: { id: ref(publicIp) }, privateIPAllocationMethod: "Dynamic" }],
        }, { provider, outputs: { id: `${group}/providers/Microsoft.Network/networkInterfaces/exchange-weu-nic-${index}` } });
        s.resource("azure-native:compute:VirtualMachine", `exchange-weu-node-${index}`, {
            resourceGroupName: ref(rg, "resourceGroupName"),
            vmName: `exchange-weu-node-${index}`,
            location: "westeurope",
            zones: [String(index + 1)],
            hardwareProfile: { vmSize: "Standard_D4s_v5" },
            networkProfile: { networkInterfaces: [{ id: ref(nic), primary: true }] },
            osProfile: {
                computerName: `exchange-weu-node-${index}`,
                adminUsername: "exchange",
                customData: Buffer.from(CLOUD_INIT).toString("base64"),
                linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/exchange/.ssh/authorized_keys", keyData: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4Y2hhbmdlLW9wcy1rZXk ops@example.com" }] } },
            },
            storageProfile: {
                imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
                osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Premium_LRS" }, deleteOption: "Delete" },
            },
            securityProfile: { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
        }, { provider, outputs: { id: `${group}/providers/Microsoft.Compute/virtualMachines/exchange-weu-node-${index}`, vmId: `${hex(`vm ${index}`, 8)}-4b1e-4c3a-9d2f-${hex(`vm ${index} tail`, 12)}`, provisioningState: "Succeeded" } });
        return publicIp;
    });
    frontDoor(s, "api.example.com", [
        { key: "pool-azure-weu", name: "api-azure-westeurope", origins: publicIps.map((publicIp, index) => ({ name: `azure-weu-${index}`, address: ref(publicIp, "ipAddress") })) },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ]);
    return s;
}

function awsSecurityGroupRuleSshOpen(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    s.resource("aws:ec2/securityGroupRule:SecurityGroupRule", "aws-euc1-ssh", {
        type: "ingress",
        securityGroupId: ref(aws.securityGroup),
        protocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrBlocks: ["0.0.0.0/0"],
        description: "SSH for the deploy runner (dynamic IPs)",
    }, { outputs: { id: `sgrule-${parseInt(hex("sgrule ssh", 8), 16)}`, securityGroupRuleId: `sgr-0${hex("sgr ssh", 16)}` } });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function awsVpcIngressRuleMetricsOpenV6(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws-euc1-node-exporter", {
        securityGroupId: ref(aws.securityGroup),
        ipProtocol: "tcp",
        fromPort: 9100,
        toPort: 9100,
        cidrIpv6: "::/0",
        description: "node_exporter for the hosted Prometheus (scrapes over IPv6)",
    }, { outputs: { id: `sgr-0${hex("sgr node exporter", 16)}`, securityGroupRuleId: `sgr-0${hex("sgr node exporter", 16)}`, arn: `arn:aws:ec2:eu-central-1:${AWS_ACCOUNT}:security-group-rule/sgr-0${hex("sgr node exporter", 16)}` } });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function gcpFirewallPortRangeOpen(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    s.resource("gcp:compute/firewall:Firewall", "gcp-euw1-legacy-transfer", {
        network: ref(gcp.network),
        direction: "INGRESS",
        description: "legacy settlement file transfer (FTP/SFTP)",
        allows: [{ protocol: "tcp", ports: ["20-30"] }],
        sourceRanges: ["0.0.0.0/0"],
        targetTags: [NODE_TAG],
        priority: 900,
    }, { outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/gcp-euw1-legacy-transfer` } });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

/** Imported: servers, firewall and addresses adopted with their numeric IDs; only the Cloudflare side is new code. */
function importedHetznerSshOpen(): CorpusStack {
    const s = new CorpusStack("prod-imported");
    s.resource("hcloud:index/firewall:Firewall", "hetzner-nodes", {
        name: "exchange-nodes",
        rules: [
            { description: "HTTPS from Cloudflare", direction: "in", protocol: "tcp", port: "443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] },
            { description: "ssh", direction: "in", protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0", "::/0"] },
            { description: "ping", direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] },
        ],
    }, { protect: true, outputs: { id: "1480321" } });
    const hetznerIps = ["192.0.2.30", "192.0.2.31"];
    hetznerIps.forEach((ip, index) => {
        s.resource("hcloud:index/server:Server", `hetzner-node-${index}`, {
            name: `exchange-fsn1-${index}`,
            serverType: "ccx23",
            image: "ubuntu-24.04",
            location: "fsn1",
            firewallIds: [1480321],
            publicNets: [{ ipv4Enabled: true, ipv4: 58012340 + index, ipv6Enabled: false }],
        }, { protect: true, outputs: { id: String(61234560 + index), ipv4Address: ip, status: "running" } });
    });
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    s.resource("aws:ec2/securityGroup:SecurityGroup", "aws-nodes", {
        vpcId: "vpc-0d4e5f60718293a4b",
        description: "exchange nodes: HTTPS from Cloudflare only",
        ingress: [HTTPS_FROM_CLOUDFLARE_SG],
        egress: [ALL_EGRESS_SG],
    }, { provider: euc1, protect: true, outputs: { id: "sg-0c3d4e5f60718293a" } });
    const awsIps = ["203.0.113.40", "203.0.113.41"];
    awsIps.forEach((ip, index) => {
        const instanceId = `i-0${hex(`imported hz aws ${index}`, 16)}`;
        s.resource("aws:ec2/instance:Instance", `aws-node-${index}`, {
            ami: UBUNTU_AMI,
            instanceType: "m6i.large",
            subnetId: "subnet-0a1b2c3d4e5f60718",
            vpcSecurityGroupIds: ["sg-0c3d4e5f60718293a"],
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
        }, { provider: euc1, protect: true, outputs: { id: instanceId, instanceState: "running", publicIp: ip } });
        s.resource("aws:ec2/eip:Eip", `aws-ip-${index}`, { domain: "vpc", address: ip, publicIpv4Pool: "ipv4pool-ec2-0123456789abcdef0", instance: instanceId }, {
            provider: euc1, protect: true, outputs: { id: `eipalloc-0${hex(`imported hz eip ${index}`, 16)}`, publicIp: ip },
        });
    });
    frontDoor(s, "api.example.com", [
        { key: "pool-hetzner-fsn1", name: "api-hetzner-fsn1", origins: hetznerIps.map((address, index) => ({ name: `hetzner-${index}`, address })) },
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: awsIps.map((address, index) => ({ name: `aws-${index}`, address })) },
    ]);
    return s;
}

function awsSecurityGroupIsolated(): CorpusStack {
    const s = new CorpusStack("prod");
    // The ingress list was emptied during an incident drill ("isolate the AWS site") and never restored.
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"], { ingress: [] });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function gcpFirewallDisabled(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    // The only rule that admits anything to the GCP nodes is disabled; GCP's implied rule denies all ingress.
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"], { firewall: { disabled: true } });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

// =================================================================================================================
// Authenticated Origin Pulls.
// =================================================================================================================

function noAuthenticatedOriginPulls(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hostname = "api.example.com";
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const awsPool = cfPool(s, "pool-aws-euc1", { name: "api-aws-euc1", origins: aws.origins, monitor });
    const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-euw1", origins: gcp.origins, monitor });
    cfLoadBalancer(s, "api-lb", { zoneId: zoneIdOf("example.com"), name: hostname, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) });
    return s;
}

function authenticatedOriginPullsOtherHostname(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    const hostname = "api.example.com";
    const zoneId = zoneIdOf("example.com");
    const monitor = cfMonitor(s, "api-monitor", hostname);
    const awsPool = cfPool(s, "pool-aws-euc1", { name: "api-aws-euc1", origins: aws.origins, monitor });
    const gcpPool = cfPool(s, "pool-gcp-euw1", { name: "api-gcp-euw1", origins: gcp.origins, monitor });
    cfLoadBalancer(s, "api-lb", { zoneId, name: hostname, defaultPools: [ref(awsPool), ref(gcpPool)], fallbackPool: ref(gcpPool) });
    // Copied from the staging stack: the association names the staging hostname, and the zone-wide setting is off.
    cfHostnameAop(s, "api", zoneId, "api.staging.example.com");
    s.resource("cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings", "zone-aop", { zoneId, enabled: false }, {
        outputs: { id: zoneId },
    });
    return s;
}

// =================================================================================================================
// Encryption and instance metadata.
// =================================================================================================================

function awsDataVolumeUnencrypted(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"], { dataVolume: "unencrypted" });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function awsImdsV1Allowed(): CorpusStack {
    const s = new CorpusStack("prod");
    // The vendor's market-data agent still reads IMDSv1.
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"], { node: () => ({ metadataOptions: { httpTokens: "optional", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 } }) });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function gcpSecureBootOff(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    // Secure boot off for an unsigned NIC-timestamping kernel module; vTPM and integrity monitoring left on.
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"], { node: () => ({ shieldedInstanceConfig: { enableSecureBoot: false, enableVtpm: true, enableIntegrityMonitoring: true } }) });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function gcpWithoutShieldedVm(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11"]);
    // Moved to n2 for the faster CPUs; the new instance block was written from a blog post, without shieldedInstanceConfig.
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"], { machineType: "n2-standard-4", node: () => ({ shieldedInstanceConfig: undefined, minCpuPlatform: "Intel Ice Lake" }) });
    twoCloudFrontDoor(s, aws, gcp);
    return s;
}

function launchTemplateUnencrypted(): CorpusStack {
    const s = new CorpusStack("prod");
    const awsOrigins = awsAutoscaled(s, { capacity: 2, ebs: { volumeSize: 50, volumeType: "gp3", deleteOnTermination: "true" }, addresses: ["203.0.113.10", "203.0.113.11"] });
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: awsOrigins },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: gcp.origins },
    ]);
    return s;
}

// =================================================================================================================
// Address crediting traps.
// =================================================================================================================

function elasticIpsNamedByGcpFirewall(): CorpusStack {
    const s = new CorpusStack("prod");
    const aws = awsEu(s, ["203.0.113.10", "203.0.113.11", "203.0.113.12", "203.0.113.13"]);
    const gcp = gcpEu(s, ["198.51.100.20", "198.51.100.21"]);
    // Replication from the AWS nodes to the GCP ones: a GCP resource that names the AWS addresses.
    s.resource("gcp:compute/firewall:Firewall", "gcp-euw1-replication-from-aws", {
        network: ref(gcp.network),
        direction: "INGRESS",
        description: "order-book replication from the AWS nodes",
        allows: [{ protocol: "tcp", ports: ["7400"] }],
        sourceRanges: aws.eips.slice(2).map((eip) => ref(eip, "publicIp", (ip) => `${String(ip)}/32`)),
        targetTags: [NODE_TAG],
    }, { outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/gcp-euw1-replication-from-aws` } });
    // The "GCP" pool was wired to the replication peers' addresses instead of the GCP nodes' own.
    frontDoor(s, "api.example.com", [
        { key: "pool-aws-euc1", name: "api-aws-euc1", origins: aws.origins.slice(0, 2) },
        { key: "pool-gcp-euw1", name: "api-gcp-euw1", origins: aws.eips.slice(2).map((eip, index) => ({ name: `gcp-euw1-${index}`, address: ref(eip, "publicIp") })) },
    ]);
    return s;
}

/** Imported machines with literal (BYOIP and static) addresses; an AWS address also appears in GCP's DNS and firewall. */
function importedElasticIpInCloudDns(): CorpusStack {
    const s = new CorpusStack("prod-imported");
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    s.resource("aws:ec2/securityGroup:SecurityGroup", "aws-nodes", {
        vpcId: "vpc-0d4e5f60718293a4b",
        description: "exchange nodes: HTTPS from Cloudflare only",
        ingress: [HTTPS_FROM_CLOUDFLARE_SG],
        egress: [ALL_EGRESS_SG],
    }, { provider: euc1, protect: true, outputs: { id: "sg-0c3d4e5f60718293a" } });
    const awsIps = ["203.0.113.38", "203.0.113.39", "203.0.113.40", "203.0.113.41"];
    awsIps.forEach((ip, index) => {
        const instanceId = `i-0${hex(`imported dns aws ${index}`, 16)}`;
        s.resource("aws:ec2/instance:Instance", `aws-node-${index}`, {
            ami: UBUNTU_AMI,
            instanceType: "m6i.large",
            subnetId: index % 2 === 0 ? "subnet-0a1b2c3d4e5f60718" : "subnet-0b2c3d4e5f6071829",
            vpcSecurityGroupIds: ["sg-0c3d4e5f60718293a"],
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
        }, { provider: euc1, protect: true, outputs: { id: instanceId, instanceState: "running", publicIp: ip } });
        s.resource("aws:ec2/eip:Eip", `aws-ip-${index}`, { domain: "vpc", address: ip, publicIpv4Pool: "ipv4pool-ec2-0123456789abcdef0", instance: instanceId }, {
            provider: euc1, protect: true, outputs: { id: `eipalloc-0${hex(`imported dns eip ${index}`, 16)}`, publicIp: ip },
        });
    });
    s.resource("gcp:compute/firewall:Firewall", "gcp-https", {
        network: `projects/${GCP_PROJECT}/global/networks/exchange`,
        direction: "INGRESS",
        allows: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: CLOUDFLARE_IPV4,
        targetTags: [NODE_TAG],
    }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/gcp-https` } });
    s.resource("gcp:compute/firewall:Firewall", "gcp-bridge-from-aws", {
        network: `projects/${GCP_PROJECT}/global/networks/exchange`,
        direction: "INGRESS",
        allows: [{ protocol: "tcp", ports: ["7400"] }],
        sourceRanges: ["203.0.113.40/32", "203.0.113.41/32"],
        targetTags: [NODE_TAG],
    }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/gcp-bridge-from-aws` } });
    ["198.51.100.21", "198.51.100.22"].forEach((ip, index) => {
        s.resource("gcp:compute/instance:Instance", `gcp-node-${index}`, {
            zone: "europe-west3-a",
            machineType: "e2-standard-4",
            bootDisk: { initializeParams: { image: UBUNTU_GCE, size: 20, type: "pd-balanced" } },
            networkInterfaces: [{ subnetwork: `projects/${GCP_PROJECT}/regions/europe-west3/subnetworks/exchange`, accessConfigs: [{ natIp: ip }] }],
            shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
            tags: [NODE_TAG],
        }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/zones/europe-west3-a/instances/gcp-node-${index}`, currentStatus: "RUNNING" } });
    });
    const zone = s.resource("gcp:dns/managedZone:ManagedZone", "bridge-internal", {
        name: "bridge-internal",
        dnsName: "bridge.internal.example.org.",
        visibility: "private",
        privateVisibilityConfig: { networks: [{ networkUrl: `https://www.googleapis.com/compute/v1/projects/${GCP_PROJECT}/global/networks/exchange` }] },
        description: "names of the AWS replication peers, seen from GCP",
    }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/managedZones/bridge-internal`, managedZoneId: "7312948012238871234" } });
    s.resource("gcp:dns/recordSet:RecordSet", "peers", {
        managedZone: ref(zone, "name"),
        name: "peers.bridge.internal.example.org.",
        type: "A",
        ttl: 60,
        rrdatas: ["203.0.113.40", "203.0.113.41"],
    }, { outputs: { id: `projects/${GCP_PROJECT}/managedZones/bridge-internal/rrsets/peers.bridge.internal.example.org./A` } });
    frontDoor(s, "api.example.com", [
        { key: "pool-aws", name: "api-aws", origins: [{ name: "aws-0", address: "203.0.113.38" }, { name: "aws-1", address: "203.0.113.39" }] },
        { key: "pool-gcp", name: "api-gcp", origins: [{ name: "gcp-0", address: "203.0.113.40" }, { name: "gcp-1", address: "203.0.113.41" }] },
    ]);
    return s;
}

/** Imported machines; the second pool points at addresses no machine of the stack holds. */
function importedOriginsOutsideStack(): CorpusStack {
    const s = new CorpusStack("prod-imported");
    const euc1 = s.provider("aws", "aws-euc1", { region: "eu-central-1" });
    s.resource("aws:ec2/securityGroup:SecurityGroup", "aws-nodes", {
        vpcId: "vpc-0d4e5f60718293a4b",
        description: "exchange nodes: HTTPS from Cloudflare only",
        ingress: [HTTPS_FROM_CLOUDFLARE_SG],
        egress: [ALL_EGRESS_SG],
    }, { provider: euc1, protect: true, outputs: { id: "sg-0c3d4e5f60718293a" } });
    const awsIps = ["203.0.113.40", "203.0.113.41"];
    awsIps.forEach((ip, index) => {
        const instanceId = `i-0${hex(`imported outside aws ${index}`, 16)}`;
        s.resource("aws:ec2/instance:Instance", `aws-node-${index}`, {
            ami: UBUNTU_AMI,
            instanceType: "m6i.large",
            subnetId: "subnet-0a1b2c3d4e5f60718",
            vpcSecurityGroupIds: ["sg-0c3d4e5f60718293a"],
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
            rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: 20 },
        }, { provider: euc1, protect: true, outputs: { id: instanceId, instanceState: "running", publicIp: ip } });
        s.resource("aws:ec2/eip:Eip", `aws-ip-${index}`, { domain: "vpc", address: ip, publicIpv4Pool: "ipv4pool-ec2-0123456789abcdef0", instance: instanceId }, {
            provider: euc1, protect: true, outputs: { id: `eipalloc-0${hex(`imported outside eip ${index}`, 16)}`, publicIp: ip },
        });
    });
    s.resource("gcp:compute/firewall:Firewall", "gcp-https", {
        network: `projects/${GCP_PROJECT}/global/networks/exchange`,
        direction: "INGRESS",
        allows: [{ protocol: "tcp", ports: ["443"] }],
        sourceRanges: CLOUDFLARE_IPV4,
        targetTags: [NODE_TAG],
    }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/global/firewalls/gcp-https` } });
    ["198.51.100.21", "198.51.100.22"].forEach((ip, index) => {
        s.resource("gcp:compute/instance:Instance", `gcp-node-${index}`, {
            zone: "europe-west1-b",
            machineType: "e2-standard-4",
            bootDisk: { initializeParams: { image: UBUNTU_GCE, size: 20, type: "pd-balanced" } },
            networkInterfaces: [{ subnetwork: `projects/${GCP_PROJECT}/regions/europe-west1/subnetworks/exchange`, accessConfigs: [{ natIp: ip }] }],
            shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
            tags: [NODE_TAG],
        }, { protect: true, outputs: { id: `projects/${GCP_PROJECT}/zones/europe-west1-b/instances/gcp-node-${index}`, currentStatus: "RUNNING" } });
    });
    // 198.51.100.200-201 are the old colo boxes, outside this stack; the GCP nodes above get no traffic.
    frontDoor(s, "api.example.com", [
        { key: "pool-aws", name: "api-aws", origins: awsIps.map((address, index) => ({ name: `aws-${index}`, address })) },
        { key: "pool-gcp", name: "api-gcp", origins: [{ name: "gcp-0", address: "198.51.100.200" }, { name: "gcp-1", address: "198.51.100.201" }] },
    ]);
    return s;
}

// =================================================================================================================
// The cases.
// =================================================================================================================

const FAILOVER = "failover-spans-providers";
const NODES = "exchange-nodes-span-providers";
const FALLBACK = "independent-fallback";
const MAJORITY = "no-provider-majority";
const CAPACITY = "capacity-after-provider-loss";
const HEALTH = "health-checked-failover";
const LOCKDOWN = "origin-lockdown";
const REACHABLE = "origins-reachable";
const PROXIED = "proxied-load-balancer";
const AOP = "authenticated-origin-pulls";
const ENCRYPTION = "encryption-and-metadata";

export const cases: CorpusCase[] = [
    {
        name: "evasion-region-pools-eu-pinned-to-aws",
        description: "AWS and GCP nodes, default pools [GCP, AWS]; regionPools send WEU and EEU to the AWS pool only, and the fallback is that same AWS pool, so European traffic has no other cloud to fail over to.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: regionPoolsPinnedToAws,
    },
    {
        name: "evasion-pop-pools-aws-majority",
        description: "Three clouds, default pools balanced; popPools send FRA/MUC/DUB/AMS to the two AWS regions with a two-node Hetzner fallback, so in that class AWS holds two thirds of the weight and losing AWS leaves a third.",
        kind: "evasion",
        expect: [MAJORITY, CAPACITY],
        stack: popPoolsAwsMajority,
    },
    {
        name: "evasion-country-pools-north-america-on-gcp",
        description: "Two AWS and two GCP regions in the default pools; countryPools send US/CA/MX to the Iowa GCP pool and the load balancer's fallback is the Belgian GCP pool, so North American traffic runs on GCP alone.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK, CAPACITY],
        stack: countryPoolsOnGcp,
    },
    {
        name: "evasion-header-rule-overrides-to-aws",
        description: "Default pools span AWS and GCP, but an enabled rule on the x-client-tier header overrides defaultPools to an AWS pool and fallbackPool to another AWS pool: premium traffic is AWS-only. A fixed-response rule and a disabled rule sit beside it.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: headerRuleOverridesToAws,
    },
    {
        name: "evasion-path-rule-region-overrides-to-aws",
        description: "Three clouds in the default pools; an enabled path rule for /v2/orders overrides regionPools (WEU, EEU, ENAM) and the fallback to the AWS pool, so order entry from those regions has only AWS.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: pathRuleRegionOverridesToAws,
    },
    {
        name: "evasion-disabled-lb-cloudflare-record-to-aws-node",
        description: "The multi-cloud load balancer is enabled: false, and a proxied Cloudflare A record for the same hostname points at one AWS node's Elastic IP, which now serves the hostname with no failover.",
        kind: "evasion",
        expect: [FAILOVER, HEALTH],
        stack: disabledLbCloudflareRecord,
    },
    {
        name: "evasion-disabled-lb-route53-record-to-gcp-node",
        description: "The load balancer for trade.example.net is disabled; a Route 53 A record for that hostname points at one GCP node's static address.",
        kind: "evasion",
        expect: [FAILOVER, HEALTH],
        stack: disabledLbRoute53Record,
    },
    {
        name: "evasion-disabled-lb-cloud-dns-record-to-aws-node",
        description: "The load balancer for ws.example.org is disabled; a Cloud DNS record set for ws.example.org. (trailing dot) points at one AWS node's Elastic IP.",
        kind: "evasion",
        expect: [FAILOVER, HEALTH],
        stack: disabledLbCloudDnsRecord,
    },
    {
        name: "evasion-plain-record-no-load-balancer",
        description: "Nodes on AWS and Hetzner but no load balancer at all: a proxied Cloudflare A record sends api.example.io to a single Hetzner node.",
        kind: "evasion",
        expect: [FAILOVER, HEALTH],
        stack: plainRecordNoLoadBalancer,
    },
    {
        name: "evasion-round-robin-records-without-health-checks",
        description: "Four proxied A records for one hostname, two to AWS and two to Hetzner: the addresses span clouds, but nothing health-checks them, so a dead cloud keeps receiving its share.",
        kind: "evasion",
        expect: [HEALTH],
        stack: roundRobinRecordsNoHealthChecks,
    },
    {
        name: "evasion-side-hostname-direct-to-aws-node",
        description: "An honest load balancer on api.example.com, plus stream.example.com as a proxied A record straight to one AWS node, bypassing failover.",
        kind: "evasion",
        expect: [FAILOVER, HEALTH],
        stack: sideHostnameDirectRecord,
    },
    {
        name: "evasion-aws-nodes-stopped",
        description: "Both AWS instances report instanceState stopped once deployed; their Elastic IPs stay in the pool, so only GCP serves. Only the deployed outputs show it.",
        kind: "evasion",
        expect: [NODES, FAILOVER],
        revealedOnlyDeployed: true,
        stack: awsNodesStopped,
    },
    {
        name: "evasion-aws-instance-state-resource-stopped",
        description: "The AWS instances are kept stopped by aws:ec2transitgateway/instanceState:InstanceState resources with state: stopped (a 'warm standby'); only GCP serves.",
        kind: "evasion",
        expect: [NODES, FAILOVER],
        stack: awsInstanceStateStopped,
    },
    {
        name: "evasion-gcp-nodes-terminated",
        description: "The GCP instances have desiredStatus TERMINATED, so their pool's origins are backed by stopped machines and only AWS serves.",
        kind: "evasion",
        expect: [NODES, FAILOVER],
        stack: gcpNodesTerminated,
    },
    {
        name: "evasion-aws-autoscaling-group-at-zero",
        description: "AWS nodes are an autoscaling group behind a network load balancer with an Elastic IP per zone, but desired/min/max capacity are 0: the NLB addresses in the pool lead to no instance.",
        kind: "evasion",
        expect: [NODES, FAILOVER],
        stack: awsAutoscalingGroupAtZero,
    },
    {
        name: "evasion-gcp-managed-instance-group-at-zero",
        description: "GCP nodes are a managed instance group behind two external forwarding rules, with targetSize 0: the GCP pool's addresses lead to an empty group.",
        kind: "evasion",
        expect: [NODES, FAILOVER],
        stack: gcpManagedGroupAtZero,
    },
    {
        name: "evasion-gcp-origins-disabled",
        description: "The GCP pool is listed and monitored, but every origin in it is enabled: false, so only the AWS origins serve.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: gcpOriginsDisabled,
    },
    {
        name: "evasion-other-clouds-weight-zero",
        description: "AWS, GCP and Hetzner pools under random steering, but every GCP and Hetzner origin has weight 0, so all traffic goes to AWS.",
        kind: "evasion",
        expect: [FAILOVER, MAJORITY],
        stack: gcpOriginsWeightZero,
    },
    {
        name: "evasion-gcp-pool-disabled",
        description: "The GCP pool, which is also the fallback, is enabled: false; traffic has only the AWS pool.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: gcpPoolDisabled,
    },
    {
        name: "evasion-imported-gcp-origins-private-addresses",
        description: "Imported machines with literal addresses; the GCP pool lists the GCP nodes' internal 10.30.0.x addresses with no virtualNetworkId, which Cloudflare cannot reach, so only AWS serves.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: importedPrivateGcpOrigins,
    },
    {
        name: "evasion-gcp-origins-internal-address-resources",
        description: "The GCP pool's origins are INTERNAL compute addresses (10.30.0.x once allocated) with no virtualNetworkId; only AWS is reachable from Cloudflare.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        revealedOnlyDeployed: true,
        stack: gcpOriginsAtInternalAddresses,
    },
    {
        name: "evasion-fallback-on-primary-cloud",
        description: "Default pools [AWS eu-central-1, GCP], fallback AWS eu-west-1: another region of the first pool's cloud, not another cloud.",
        kind: "evasion",
        expect: [FALLBACK],
        // Which default pool is first is the order of their IDs, all unknown in a first preview (dependencies are a set).
        revealedOnlyDeployed: true,
        stack: fallbackOnPrimaryCloud,
    },
    {
        name: "evasion-aws-weight-majority",
        description: "Two AWS and two GCP origins, but GCP origins have weight 0.5: AWS holds two thirds of the weight, and losing AWS leaves a third.",
        kind: "evasion",
        expect: [MAJORITY, CAPACITY],
        stack: awsHoldsWeightMajority,
    },
    {
        name: "evasion-four-aws-one-gcp",
        description: "Four AWS origins and one GCP origin: AWS holds 80%, and losing AWS leaves a single origin.",
        kind: "evasion",
        expect: [MAJORITY, CAPACITY],
        stack: fourAwsOneGcp,
    },
    {
        name: "evasion-one-node-per-cloud",
        description: "One AWS node and one GCP node, one pool each: the clouds are balanced, but losing either leaves a single origin.",
        kind: "evasion",
        expect: [CAPACITY],
        stack: oneNodePerCloud,
    },
    {
        name: "evasion-mixed-pools-minimum-origins",
        description: "Two pools, each with one AWS and one GCP node and minimumOrigins 2: losing either cloud leaves every pool below its minimum, so no pool is healthy.",
        kind: "evasion",
        expect: [CAPACITY, FALLBACK],
        stack: mixedPoolsMinimumOrigins,
    },
    {
        name: "evasion-fallback-minimum-origins-unmeetable",
        description: "The GCP fallback pool has two origins but minimumOrigins 3, so it is never healthy: after losing AWS no pool can serve.",
        kind: "evasion",
        expect: [CAPACITY, FAILOVER, FALLBACK],
        stack: fallbackMinimumOriginsUnmeetable,
    },
    {
        name: "evasion-gcp-pool-without-monitor",
        description: "The GCP pool has no monitor: Cloudflare never marks it down, so failover to or away from it is not health-checked.",
        kind: "evasion",
        expect: [HEALTH],
        stack: gcpPoolWithoutMonitor,
    },
    {
        name: "evasion-monitor-interval-300s",
        description: "The shared monitor probes every 300 s (\"to reduce probe load\"): detection takes 300 × 2 + 2 × 5 = 610 s.",
        kind: "evasion",
        expect: [HEALTH],
        stack: slowMonitor({ interval: 300 }, "prod"),
    },
    {
        name: "evasion-monitor-detection-135s",
        description: "A plausible monitor (interval 60, consecutiveDown 2, retries 2, timeout 5) whose worst-case detection is 60 × 2 + 3 × 5 = 135 s, over the 120 s bound.",
        kind: "evasion",
        expect: [HEALTH],
        stack: slowMonitor({ interval: 60, consecutiveDown: 2, retries: 2, timeout: 5 }, "prod-eu"),
    },
    {
        name: "evasion-dns-only-load-balancer",
        description: "A multi-cloud load balancer with proxied: false and TTL 30: DNS-only publishes the origins' addresses.",
        kind: "evasion",
        expect: [PROXIED],
        stack: dnsOnlyLoadBalancer,
    },
    {
        name: "evasion-digitalocean-firewall-ssh-open",
        description: "AWS and DigitalOcean nodes; the DigitalOcean firewall's inboundRules admit port 22 from 0.0.0.0/0 and ::/0 beside HTTPS from Cloudflare.",
        kind: "evasion",
        expect: [LOCKDOWN],
        stack: digitalOceanSshOpen,
    },
    {
        name: "evasion-azure-nsg-rule-ssh-open",
        description: "Azure and GCP nodes; a separate azure-native SecurityRule on the nodes' NSG allows inbound TCP 22 from 0.0.0.0/0.",
        kind: "evasion",
        expect: [LOCKDOWN],
        stack: azureNsgRuleSshOpen,
    },
    {
        name: "evasion-aws-security-group-rule-ssh-open",
        description: "The AWS nodes' security group is locked down inline, but a separate aws:ec2/securityGroupRule:SecurityGroupRule adds SSH from 0.0.0.0/0.",
        kind: "evasion",
        expect: [LOCKDOWN],
        stack: awsSecurityGroupRuleSshOpen,
    },
    {
        name: "evasion-aws-vpc-ingress-rule-metrics-open-ipv6",
        description: "An aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule opens node_exporter (9100) to ::/0 on the AWS nodes' security group.",
        kind: "evasion",
        expect: [LOCKDOWN],
        stack: awsVpcIngressRuleMetricsOpenV6,
    },
    {
        name: "evasion-gcp-firewall-port-range-open",
        description: "A GCP firewall rule on the node tag allows TCP 20-30 (which includes 22) from 0.0.0.0/0 for a legacy file transfer.",
        kind: "evasion",
        expect: [LOCKDOWN],
        stack: gcpFirewallPortRangeOpen,
    },
    {
        name: "evasion-imported-hetzner-firewall-ssh-open",
        description: "Imported Hetzner servers and firewall with literal numeric IDs; the firewall admits SSH (and ICMP) from 0.0.0.0/0 and ::/0.",
        kind: "evasion",
        expect: [LOCKDOWN],
        stack: importedHetznerSshOpen,
    },
    {
        name: "evasion-aws-security-group-isolated",
        description: "The AWS nodes' only security group has no ingress at all (left isolated after a drill): their Elastic IPs sit in the pool but Cloudflare cannot reach them, so only GCP serves.",
        kind: "evasion",
        expect: [REACHABLE, FAILOVER, NODES],
        stack: awsSecurityGroupIsolated,
    },
    {
        name: "evasion-gcp-firewall-disabled",
        description: "The only firewall rule admitting traffic to the GCP nodes is disabled: true, so GCP's implied deny drops everything and only AWS serves.",
        kind: "evasion",
        expect: [REACHABLE, FAILOVER, NODES],
        stack: gcpFirewallDisabled,
    },
    {
        name: "evasion-no-authenticated-origin-pulls",
        description: "An otherwise honest proxied multi-cloud load balancer with no Authenticated Origin Pulls of any kind: the origins cannot tell Cloudflare from anyone else.",
        kind: "evasion",
        expect: [AOP],
        stack: noAuthenticatedOriginPulls,
    },
    {
        name: "evasion-authenticated-origin-pulls-other-hostname",
        description: "The per-hostname AOP association names api.staging.example.com while the load balancer serves api.example.com, and the zone-wide AOP setting is enabled: false.",
        kind: "evasion",
        expect: [AOP],
        stack: authenticatedOriginPullsOtherHostname,
    },
    {
        name: "evasion-aws-data-volume-unencrypted",
        description: "The AWS nodes' attached EBS data volumes are created without encrypted: true.",
        kind: "evasion",
        expect: [ENCRYPTION],
        stack: awsDataVolumeUnencrypted,
    },
    {
        name: "evasion-aws-imdsv1-allowed",
        description: "The AWS instances set metadataOptions.httpTokens to optional, leaving IMDSv1 on.",
        kind: "evasion",
        expect: [ENCRYPTION],
        stack: awsImdsV1Allowed,
    },
    {
        name: "evasion-gcp-secure-boot-off",
        description: "The GCP instances carry a shieldedInstanceConfig but with enableSecureBoot: false.",
        kind: "evasion",
        expect: [ENCRYPTION],
        stack: gcpSecureBootOff,
    },
    {
        name: "evasion-gcp-instances-without-shielded-vm",
        description: "The GCP instances have no shieldedInstanceConfig at all, so secure boot is off (the Compute Engine default).",
        kind: "evasion",
        expect: [ENCRYPTION],
        stack: gcpWithoutShieldedVm,
    },
    {
        name: "evasion-launch-template-root-unencrypted",
        description: "AWS nodes come from an autoscaling group (capacity 2) whose launch template's root block device mapping does not set encrypted.",
        kind: "evasion",
        expect: [ENCRYPTION],
        stack: launchTemplateUnencrypted,
    },
    {
        name: "evasion-elastic-ips-named-by-gcp-firewall",
        description: "The pool meant for GCP lists two more AWS Elastic IPs, attached to AWS instances, whose addresses a GCP firewall also names in sourceRanges; the GCP nodes run but get no traffic, so every origin is on AWS.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: elasticIpsNamedByGcpFirewall,
    },
    {
        name: "evasion-imported-elastic-ips-in-cloud-dns",
        description: "Imported machines with literal BYOIP and static addresses; the 'GCP' pool lists 203.0.113.40-41, which are AWS Elastic IPs also named by a GCP firewall and a private Cloud DNS record, so every origin is on AWS.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        stack: importedElasticIpInCloudDns,
    },
    {
        name: "evasion-imported-origins-outside-stack",
        description: "Imported AWS and GCP machines with literal addresses; the second pool points at 198.51.100.200-201, which no machine of the stack holds, while the stack's GCP nodes get no traffic.",
        kind: "evasion",
        expect: [FAILOVER, FALLBACK],
        // In a first preview the AWS instances' own public addresses are unknown, so an unmatched literal could be theirs.
        revealedOnlyDeployed: true,
        stack: importedOriginsOutsideStack,
    },
];
