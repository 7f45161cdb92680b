/**
 * Building blocks for the review's stacks. Written from the providers' schemas (node_modules/@pulumi/*), not from
 * the policy pack, and deliberately independent of test/policies/corpus/honest.ts so that the review's stacks are
 * not shaped by the authors' helpers. Only CorpusStack/ref (the engine-shape emitter) are shared.
 */
import { createHash } from "crypto";
import { CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CorpusStack, ref, type CorpusResource, type Ref } from "./builder";

export { CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CorpusStack, ref };
export type { CorpusResource, Ref };

export const hex = (seed: string, n = 32) => createHash("sha256").update(seed).digest("hex").slice(0, n);
export const num = (seed: string, n = 8) => String(parseInt(hex(seed, 10), 16) % 10 ** (n - 1) + 10 ** (n - 1));
export const toNumber = (value: unknown) => Number(value);
const uuid = (seed: string) => { const h = hex(seed); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`; };

export const GOOGLE_FRONTENDS = ["130.211.0.0/22", "35.191.0.0/16"];
export const IAP_RANGE = "35.235.240.0/20";
export const VPN = "192.0.2.16/28";
export const PROJECT = "kraken-like-prod";

// ----------------------------------------------------------------------------------------------------------------
// Cloudflare
// ----------------------------------------------------------------------------------------------------------------

export interface Zone { domain: string; zoneId: string; accountId: string }
export const zone = (domain: string): Zone => ({ domain, zoneId: hex(`z:${domain}`), accountId: hex(`a:${domain}`) });

export interface At { parent?: CorpusResource; provider?: CorpusResource; dependsOn?: CorpusResource[] }

export function zoneAop(s: CorpusStack, z: Zone, at: At = {}) {
    const cert = s.resource("cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate", "aop-zone-cert", {
        zoneId: z.zoneId, certificate: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", privateKey: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
    }, { ...at, outputs: { id: uuid(`${s.name}:aopcert`), certificateId: uuid(`${s.name}:aopcert`), status: "active" } });
    return s.resource("cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings", "aop-zone", { zoneId: z.zoneId, enabled: true }, { ...at, dependsOn: [cert], outputs: { id: z.zoneId } });
}

export function hostAop(s: CorpusStack, z: Zone, hostnames: string[], name = "aop-hosts", at: At = {}, enabled = true) {
    const cert = s.resource("cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate", `${name}-cert`, {
        zoneId: z.zoneId, certificate: "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n", privateKey: "-----BEGIN PRIVATE KEY-----\nMIIF\n-----END PRIVATE KEY-----\n",
    }, { ...at, outputs: { id: uuid(`${s.name}:${name}:cert`), status: "active" } });
    return s.resource("cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls", name, {
        zoneId: z.zoneId, configs: hostnames.map((hostname) => ({ hostname, certId: ref(cert), enabled })),
    }, { ...at, outputs: { id: hex(`${s.name}:${name}:aop`) } });
}

export function strictTls(s: CorpusStack, z: Zone, at: At = {}) {
    return s.resource("cloudflare:index/zoneSetting:ZoneSetting", "ssl", { zoneId: z.zoneId, settingId: "ssl", value: "strict" }, { ...at, outputs: { id: "ssl" } });
}

export function monitor(s: CorpusStack, name: string, z: Zone, host: string, extra: Record<string, unknown> = {}, at: At = {}, id = hex(`${s.name}:${name}:mon`)) {
    return s.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", name, {
        accountId: z.accountId, type: "https", method: "GET", path: "/api/health", port: 443, expectedCodes: "2xx", header: { Host: [host] },
        interval: 15, timeout: 5, retries: 1, consecutiveDown: 2, consecutiveUp: 2, allowInsecure: false, followRedirects: false, description: `${host} health`, ...extra,
    }, { ...at, outputs: { id, createdOn: "2025-10-01T00:00:00Z", modifiedOn: "2025-10-01T00:00:00Z" } });
}

export interface Origin { name: string; address: string | Ref; weight?: number; enabled?: boolean; port?: number; virtualNetworkId?: string | Ref; header?: { host: string[] } }

export function pool(s: CorpusStack, name: string, z: Zone, origins: Origin[], args: Record<string, unknown> = {}, at: At = {}, id = hex(`${s.name}:${name}:pool`)) {
    return s.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", name, {
        accountId: z.accountId, name: name.replace(/[^A-Za-z0-9_-]/g, "-"), enabled: true, minimumOrigins: 1,
        origins: origins.map((o) => ({ weight: 1, enabled: true, port: 443, ...o })),
        ...args,
    }, { ...at, outputs: { id, createdOn: "2025-10-01T00:00:00Z", modifiedOn: "2025-10-01T00:00:00Z" } });
}

export function lb(s: CorpusStack, name: string, z: Zone, hostname: string, args: Record<string, unknown>, at: At = {}) {
    return s.resource("cloudflare:index/loadBalancer:LoadBalancer", name, {
        zoneId: z.zoneId, name: hostname, proxied: true, enabled: true, steeringPolicy: "off", sessionAffinity: "none", ...args,
    }, { ...at, outputs: { id: hex(`${s.name}:${name}:lb`), zoneName: z.domain, createdOn: "2025-10-01T00:00:00Z", modifiedOn: "2025-10-01T00:00:00Z" } });
}

export function record(s: CorpusStack, name: string, z: Zone, args: { name: string; type: string; content: string | Ref; proxied?: boolean; ttl?: number; priority?: number; comment?: string }, legacy = false, at: At = {}) {
    const type = legacy ? "cloudflare:index/record:Record" : "cloudflare:index/dnsRecord:DnsRecord";
    return s.resource(type, name, { zoneId: z.zoneId, ttl: 1, ...args }, { ...at, outputs: { id: hex(`${s.name}:${name}:rec`), proxiable: !["MX", "TXT"].includes(args.type), createdOn: "2025-10-01T00:00:00Z" } });
}

/** Mail, verification and third-party records every real zone has; none of them serves the exchange. */
export function zoneHousekeeping(s: CorpusStack, z: Zone, legacy = false) {
    record(s, "mx-1", z, { name: z.domain, type: "MX", content: "aspmx.l.google.com", priority: 1 }, legacy);
    record(s, "spf", z, { name: z.domain, type: "TXT", content: "\"v=spf1 include:_spf.google.com ~all\"" }, legacy);
    record(s, "dmarc", z, { name: `_dmarc.${z.domain}`, type: "TXT", content: "\"v=DMARC1; p=reject\"" }, legacy);
    record(s, "status", z, { name: `status.${z.domain}`, type: "CNAME", content: "stspg-customer.statuspage.io", proxied: false }, legacy);
    record(s, "docs", z, { name: `docs.${z.domain}`, type: "CNAME", content: "hosting.gitbook.io", proxied: false }, legacy);
}

// ----------------------------------------------------------------------------------------------------------------
// AWS
// ----------------------------------------------------------------------------------------------------------------

export const AMI: Record<string, string> = { "eu-central-1": "ami-0084a47cc718c111a", "us-east-1": "ami-04b70fa74e45c3917", "eu-west-1": "ami-0776c814353b4814d", "ap-northeast-1": "ami-0a0b7b240264a48d7", "us-west-2": "ami-0cf2b4e024cdb6960" };
export interface AwsNet { vpc: CorpusResource; subnets: CorpusResource[]; region: string }

export function awsNet(s: CorpusStack, name: string, region: string, cidr = "10.20.0.0/16", at: At = {}, ipv6 = false): AwsNet {
    const p = cidr.split(".").slice(0, 2).join(".");
    const vpc = s.resource("aws:ec2/vpc:Vpc", `${name}-vpc`, { cidrBlock: cidr, enableDnsHostnames: true, assignGeneratedIpv6CidrBlock: ipv6, tags: { Name: name } }, { ...at, outputs: { id: `vpc-${hex(`${s.name}${name}vpc`, 17)}`, ...(ipv6 ? { ipv6CidrBlock: "2a05:d014:1f2:ab00::/56" } : {}) } });
    const igw = s.resource("aws:ec2/internetGateway:InternetGateway", `${name}-igw`, { vpcId: ref(vpc) }, { ...at, outputs: { id: `igw-${hex(`${s.name}${name}igw`, 17)}` } });
    const rt = s.resource("aws:ec2/routeTable:RouteTable", `${name}-rt`, { vpcId: ref(vpc), routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: ref(igw) }, ...(ipv6 ? [{ ipv6CidrBlock: "::/0", gatewayId: ref(igw) }] : [])] }, { ...at, outputs: { id: `rtb-${hex(`${s.name}${name}rt`, 17)}` } });
    const subnets = ["a", "b"].map((suffix, i) => {
        const sub = s.resource("aws:ec2/subnet:Subnet", `${name}-${suffix}`, {
            vpcId: ref(vpc), availabilityZone: `${region}${suffix}`, cidrBlock: `${p}.${i + 1}.0/24`,
            ...(ipv6 ? { ipv6CidrBlock: `2a05:d014:1f2:ab0${i}::/64`, assignIpv6AddressOnCreation: true } : {}),
        }, { ...at, outputs: { id: `subnet-${hex(`${s.name}${name}${suffix}`, 17)}` } });
        s.resource("aws:ec2/routeTableAssociation:RouteTableAssociation", `${name}-${suffix}`, { subnetId: ref(sub), routeTableId: ref(rt) }, { ...at, outputs: { id: `rtbassoc-${hex(`${s.name}${name}${suffix}a`, 17)}` } });
        return sub;
    });
    return { vpc, subnets, region };
}

/** Security group admitting HTTPS from Cloudflare only (inline rules), SSH from the VPN. */
export function awsSg(s: CorpusStack, name: string, net: AwsNet, extraIngress: Record<string, unknown>[] = [], at: At = {}) {
    return s.resource("aws:ec2/securityGroup:SecurityGroup", name, {
        vpcId: ref(net.vpc), description: "exchange origin",
        ingress: [
            { description: "https from cloudflare", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: CLOUDFLARE_IPV4, ipv6CidrBlocks: CLOUDFLARE_IPV6 },
            { description: "ssh from vpn", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [VPN] },
            ...extraIngress,
        ],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] }],
    }, { ...at, outputs: { id: `sg-${hex(`${s.name}${name}sg`, 17)}`, arn: `arn:aws:ec2:${net.region}:111122223333:security-group/sg-${hex(`${s.name}${name}sg`, 17)}` } });
}

export interface AwsNodeOpts { net: AwsNet; sg: CorpusResource; subnet?: number; publicIp?: string; autoPublic?: boolean; privateIp: string; ipv6?: string; state?: string; extra?: Record<string, unknown>; instanceType?: string }
export function awsInstance(s: CorpusStack, name: string, o: AwsNodeOpts, at: At = {}) {
    const id = `i-${hex(`${s.name}:${name}`, 17)}`;
    return s.resource("aws:ec2/instance:Instance", name, {
        ami: AMI[o.net.region], instanceType: o.instanceType ?? "c7i.xlarge", subnetId: ref(o.net.subnets[o.subnet ?? 0]), vpcSecurityGroupIds: [ref(o.sg)],
        associatePublicIpAddress: o.autoPublic ?? false,
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 },
        rootBlockDevice: { encrypted: true, volumeSize: 50, volumeType: "gp3" },
        ...(o.ipv6 ? { ipv6AddressCount: 1 } : {}),
        tags: { Name: name, service: "matching-engine-gw" },
        ...(o.extra ?? {}),
    }, {
        ...at,
        outputs: {
            id, arn: `arn:aws:ec2:${o.net.region}:111122223333:instance/${id}`, instanceState: o.state ?? "running", privateIp: o.privateIp,
            publicIp: o.publicIp ?? "", publicDns: o.publicIp ? `ec2-${o.publicIp.replace(/\./g, "-")}.${o.net.region}.compute.amazonaws.com` : "",
            primaryNetworkInterfaceId: `eni-${hex(`${s.name}:${name}:eni`, 17)}`, availabilityZone: `${o.net.region}${o.subnet === 1 ? "b" : "a"}`,
            ...(o.ipv6 ? { ipv6Addresses: [o.ipv6] } : {}),
        },
    });
}

export function awsEip(s: CorpusStack, name: string, address: string, inputs: Record<string, unknown> = {}, at: At = {}) {
    const alloc = `eipalloc-${hex(`${s.name}:${name}`, 17)}`;
    return s.resource("aws:ec2/eip:Eip", name, { domain: "vpc", tags: { Name: name }, ...inputs }, { ...at, outputs: { id: alloc, allocationId: alloc, publicIp: address, publicDns: `ec2-${address.replace(/\./g, "-")}.compute.amazonaws.com` } });
}
export function awsEipAssoc(s: CorpusStack, name: string, eip: CorpusResource, target: { instance?: CorpusResource; eni?: CorpusResource }, at: At = {}) {
    return s.resource("aws:ec2/eipAssociation:EipAssociation", name, {
        allocationId: ref(eip, "allocationId"),
        ...(target.instance ? { instanceId: ref(target.instance) } : {}),
        ...(target.eni ? { networkInterfaceId: ref(target.eni) } : {}),
    }, { ...at, outputs: { id: `eipassoc-${hex(`${s.name}:${name}`, 17)}`, publicIp: eip.deployed("publicIp") } });
}

export function awsLaunchTemplate(s: CorpusStack, name: string, net: AwsNet, sg: CorpusResource, over: Record<string, unknown> = {}, at: At = {}) {
    return s.resource("aws:ec2/launchTemplate:LaunchTemplate", name, {
        namePrefix: `${name}-`, imageId: AMI[net.region], instanceType: "c7i.xlarge", vpcSecurityGroupIds: [ref(sg)],
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2 },
        blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { encrypted: "true", volumeSize: 50, volumeType: "gp3", deleteOnTermination: "true" } }],
        userData: Buffer.from("#!/bin/bash\nsystemctl start exchange-gw\n").toString("base64"),
        ...over,
    }, { ...at, outputs: { id: `lt-${hex(`${s.name}:${name}`, 17)}`, arn: `arn:aws:ec2:${net.region}:111122223333:launch-template/lt-${hex(`${s.name}:${name}`, 17)}`, latestVersion: 3 } });
}

export interface AwsLbChain { lb: CorpusResource; tg: CorpusResource; dnsName: string }
/** Internet-facing ALB/NLB → listener → target group, targets attached by instance or by an ASG. */
export function awsLb(s: CorpusStack, name: string, net: AwsNet, type: "application" | "network", lbSg: CorpusResource | undefined, targets: { instances?: CorpusResource[]; asg?: { min: number; max: number; desired: number; lt: CorpusResource } }, at: At = {}): AwsLbChain {
    const dnsName = `${name}-${num(name, 9)}.${net.region}.elb.amazonaws.com`;
    const arn = `arn:aws:elasticloadbalancing:${net.region}:111122223333:loadbalancer/${type === "application" ? "app" : "net"}/${name}/${hex(name, 16)}`;
    const lbr = s.resource("aws:lb/loadBalancer:LoadBalancer", name, {
        name, loadBalancerType: type, internal: false, ipAddressType: "ipv4", subnets: net.subnets.map((x) => ref(x)),
        ...(lbSg ? { securityGroups: [ref(lbSg)] } : {}), enableDeletionProtection: true, dropInvalidHeaderFields: type === "application",
    }, { ...at, outputs: { id: arn, arn, dnsName, zoneId: "Z215JYRZR1TBD5", arnSuffix: arn.split("loadbalancer/")[1] } });
    const tgArn = `arn:aws:elasticloadbalancing:${net.region}:111122223333:targetgroup/${name}-tg/${hex(`${name}tg`, 16)}`;
    const tg = s.resource("aws:lb/targetGroup:TargetGroup", `${name}-tg`, {
        name: `${name}-tg`, port: 443, protocol: type === "application" ? "HTTPS" : "TCP", vpcId: ref(net.vpc), targetType: "instance",
        healthCheck: { enabled: true, ...(type === "application" ? { path: "/api/health", protocol: "HTTPS" } : { protocol: "TCP" }), interval: 10, healthyThreshold: 2, unhealthyThreshold: 2 },
    }, { ...at, outputs: { id: tgArn, arn: tgArn, arnSuffix: tgArn.split(":").pop() } });
    s.resource("aws:lb/listener:Listener", `${name}-https`, {
        loadBalancerArn: ref(lbr, "arn"), port: 443, protocol: type === "application" ? "HTTPS" : "TCP",
        ...(type === "application" ? { certificateArn: `arn:aws:acm:${net.region}:111122223333:certificate/${uuid(name)}`, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" } : {}),
        defaultActions: [{ type: "forward", targetGroupArn: ref(tg, "arn") }],
    }, { ...at, outputs: { id: `${arn.replace("loadbalancer", "listener")}/${hex(`${name}l`, 16)}`, arn: `${arn.replace("loadbalancer", "listener")}/${hex(`${name}l`, 16)}` } });
    (targets.instances ?? []).forEach((instance, i) => {
        s.resource("aws:lb/targetGroupAttachment:TargetGroupAttachment", `${name}-t${i}`, { targetGroupArn: ref(tg, "arn"), targetId: ref(instance), port: 443 }, { ...at, outputs: { id: `${tgArn}-${i}` } });
    });
    if (targets.asg) {
        s.resource("aws:autoscaling/group:Group", `${name}-asg`, {
            name: `${name}-asg`, minSize: targets.asg.min, maxSize: targets.asg.max, desiredCapacity: targets.asg.desired,
            vpcZoneIdentifiers: net.subnets.map((x) => ref(x)), launchTemplate: { id: ref(targets.asg.lt), version: "$Latest" },
            targetGroupArns: [ref(tg, "arn")], healthCheckType: "ELB", healthCheckGracePeriod: 120,
        }, { ...at, outputs: { id: `${name}-asg`, arn: `arn:aws:autoscaling:${net.region}:111122223333:autoScalingGroup:${uuid(name)}:autoScalingGroupName/${name}-asg` } });
    }
    return { lb: lbr, tg, dnsName };
}

// ----------------------------------------------------------------------------------------------------------------
// Google Cloud
// ----------------------------------------------------------------------------------------------------------------

const gself = (path: string) => `https://www.googleapis.com/compute/v1/projects/${PROJECT}/${path}`;
export interface GcpNet { network: CorpusResource; subnet: CorpusResource; region: string }
export function gcpNet(s: CorpusStack, name: string, region: string, cidr = "10.40.0.0/20", at: At = {}): GcpNet {
    const network = s.resource("gcp:compute/network:Network", `${name}-vpc`, { autoCreateSubnetworks: false, routingMode: "GLOBAL" }, { ...at, outputs: { id: `projects/${PROJECT}/global/networks/${name}-vpc`, selfLink: gself(`global/networks/${name}-vpc`) } });
    const subnet = s.resource("gcp:compute/subnetwork:Subnetwork", `${name}-${region}`, { network: ref(network, "selfLink"), region, ipCidrRange: cidr }, { ...at, outputs: { id: `projects/${PROJECT}/regions/${region}/subnetworks/${name}-${region}`, selfLink: gself(`regions/${region}/subnetworks/${name}-${region}`) } });
    return { network, subnet, region };
}
export function gcpFirewall(s: CorpusStack, name: string, net: GcpNet, inputs: Record<string, unknown>, at: At = {}) {
    return s.resource("gcp:compute/firewall:Firewall", name, { network: ref(net.network, "selfLink"), direction: "INGRESS", priority: 1000, ...inputs }, { ...at, outputs: { id: `projects/${PROJECT}/global/firewalls/${name}`, selfLink: gself(`global/firewalls/${name}`) } });
}
/** HTTPS from Cloudflare to tagged nodes, SSH only through IAP. */
export function gcpBaseFirewalls(s: CorpusStack, prefix: string, net: GcpNet, at: At = {}) {
    gcpFirewall(s, `${prefix}-https-cf`, net, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV4, targetTags: ["exchange-gw"] }, at);
    gcpFirewall(s, `${prefix}-ssh-iap`, net, { allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: [IAP_RANGE], targetTags: ["exchange-gw"] }, at);
}
export const SHIELDED = { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true };
export interface GcpNodeOpts { net: GcpNet; zone: string; natIp?: string | Ref; assigned?: string; internal: string; desiredStatus?: string; extra?: Record<string, unknown>; ipv6?: string }
export function gcpInstance(s: CorpusStack, name: string, o: GcpNodeOpts, at: At = {}) {
    const access = o.assigned || o.natIp ? [{ ...(o.natIp ? { natIp: o.natIp } : {}), networkTier: "PREMIUM" }] : [];
    return s.resource("gcp:compute/instance:Instance", name, {
        zone: o.zone, machineType: "c3-standard-4",
        bootDisk: { initializeParams: { image: "debian-cloud/debian-12", size: 50 } },
        networkInterfaces: [{ subnetwork: ref(o.net.subnet, "selfLink"), accessConfigs: access, ...(o.ipv6 ? { stackType: "IPV4_IPV6", ipv6AccessConfigs: [{ networkTier: "PREMIUM" }] } : {}) }],
        shieldedInstanceConfig: SHIELDED, tags: ["exchange-gw"], metadata: { "enable-oslogin": "TRUE" },
        ...(o.desiredStatus ? { desiredStatus: o.desiredStatus } : {}),
        ...(o.extra ?? {}),
    }, {
        ...at,
        outputs: {
            id: `projects/${PROJECT}/zones/${o.zone}/instances/${name}`, selfLink: gself(`zones/${o.zone}/instances/${name}`), instanceId: num(`${s.name}${name}`, 19),
            currentStatus: o.desiredStatus ?? "RUNNING",
            networkInterfaces: [{ name: "nic0", networkIp: o.internal, subnetwork: o.net.subnet.deployed("selfLink"), accessConfigs: o.assigned ? [{ natIp: o.assigned, networkTier: "PREMIUM" }] : [], ...(o.ipv6 ? { ipv6AccessConfigs: [{ externalIpv6: o.ipv6, externalIpv6PrefixLength: "96", networkTier: "PREMIUM" }] } : {}) }],
        },
    });
}
export function gcpAddress(s: CorpusStack, name: string, region: string, address: string, at: At = {}) {
    return s.resource("gcp:compute/address:Address", name, { region, addressType: "EXTERNAL", networkTier: "PREMIUM" }, { ...at, outputs: { id: `projects/${PROJECT}/regions/${region}/addresses/${name}`, address, selfLink: gself(`regions/${region}/addresses/${name}`) } });
}
export function gcpTemplate(s: CorpusStack, name: string, net: GcpNet, over: Record<string, unknown> = {}, at: At = {}) {
    return s.resource("gcp:compute/instanceTemplate:InstanceTemplate", name, {
        namePrefix: `${name}-`, machineType: "c3-standard-4", disks: [{ sourceImage: "debian-cloud/debian-12", autoDelete: true, boot: true, diskSizeGb: 50 }],
        networkInterfaces: [{ subnetwork: ref(net.subnet, "selfLink") }], shieldedInstanceConfig: SHIELDED, tags: ["exchange-gw"], metadata: { "enable-oslogin": "TRUE" }, ...over,
    }, { ...at, outputs: { id: `projects/${PROJECT}/global/instanceTemplates/${name}-x`, selfLink: gself(`global/instanceTemplates/${name}-x`), selfLinkUnique: gself(`global/instanceTemplates/${name}-x?uniqueId=${num(name, 18)}`) } });
}
export function gcpRegionalMig(s: CorpusStack, name: string, net: GcpNet, template: CorpusResource, targetSize: number, healthCheck?: CorpusResource, at: At = {}) {
    return s.resource("gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager", name, {
        name, region: net.region, baseInstanceName: name, versions: [{ instanceTemplate: ref(template, "selfLinkUnique"), name: "primary" }], targetSize,
        namedPorts: [{ name: "https", port: 443 }],
        ...(healthCheck ? { autoHealingPolicies: { healthCheck: ref(healthCheck, "selfLink"), initialDelaySec: 180 } } : {}),
    }, { ...at, outputs: { id: `projects/${PROJECT}/regions/${net.region}/instanceGroupManagers/${name}`, selfLink: gself(`regions/${net.region}/instanceGroupManagers/${name}`), instanceGroup: gself(`regions/${net.region}/instanceGroups/${name}`) } });
}
export function gcpHealthCheck(s: CorpusStack, name: string, at: At = {}) {
    return s.resource("gcp:compute/healthCheck:HealthCheck", name, { checkIntervalSec: 5, timeoutSec: 5, healthyThreshold: 2, unhealthyThreshold: 2, httpsHealthCheck: { port: 443, requestPath: "/api/health" } }, { ...at, outputs: { id: `projects/${PROJECT}/global/healthChecks/${name}`, selfLink: gself(`global/healthChecks/${name}`) } });
}
/** Global external Application Load Balancer: forwarding rule → HTTPS proxy → URL map → backend service → instance group. */
export function gcpGlobalLb(s: CorpusStack, name: string, groups: Ref[], address: string, at: At = {}) {
    const hc = gcpHealthCheck(s, `${name}-hc`, at);
    const bs = s.resource("gcp:compute/backendService:BackendService", `${name}-bs`, {
        protocol: "HTTPS", portName: "https", loadBalancingScheme: "EXTERNAL_MANAGED", timeoutSec: 30, healthChecks: ref(hc, "selfLink"),
        backends: groups.map((group) => ({ group, balancingMode: "UTILIZATION", capacityScaler: 1, maxUtilization: 0.8 })),
    }, { ...at, outputs: { id: `projects/${PROJECT}/global/backendServices/${name}-bs`, selfLink: gself(`global/backendServices/${name}-bs`) } });
    const map = s.resource("gcp:compute/uRLMap:URLMap", `${name}-map`, { defaultService: ref(bs, "selfLink") }, { ...at, outputs: { id: `projects/${PROJECT}/global/urlMaps/${name}-map`, selfLink: gself(`global/urlMaps/${name}-map`) } });
    const proxy = s.resource("gcp:compute/targetHttpsProxy:TargetHttpsProxy", `${name}-proxy`, { urlMap: ref(map, "selfLink"), sslCertificates: [`projects/${PROJECT}/global/sslCertificates/cf-origin`] }, { ...at, outputs: { id: `projects/${PROJECT}/global/targetHttpsProxies/${name}-proxy`, selfLink: gself(`global/targetHttpsProxies/${name}-proxy`) } });
    const ip = s.resource("gcp:compute/globalAddress:GlobalAddress", `${name}-ip`, { ipVersion: "IPV4", addressType: "EXTERNAL" }, { ...at, outputs: { id: `projects/${PROJECT}/global/addresses/${name}-ip`, address, selfLink: gself(`global/addresses/${name}-ip`) } });
    const rule = s.resource("gcp:compute/globalForwardingRule:GlobalForwardingRule", `${name}-fr`, {
        target: ref(proxy, "selfLink"), ipAddress: ref(ip, "address"), portRange: "443", ipProtocol: "TCP", loadBalancingScheme: "EXTERNAL_MANAGED",
    }, { ...at, outputs: { id: `projects/${PROJECT}/global/forwardingRules/${name}-fr`, selfLink: gself(`global/forwardingRules/${name}-fr`) } });
    return { hc, bs, ip, rule };
}
/** Regional passthrough NLB: address → forwarding rule → target pool of instances. */
export function gcpTargetPoolLb(s: CorpusStack, name: string, region: string, instances: CorpusResource[], address: string, at: At = {}) {
    const hc = s.resource("gcp:compute/httpHealthCheck:HttpHealthCheck", `${name}-hc`, { port: 8080, requestPath: "/api/health", checkIntervalSec: 5, timeoutSec: 5, unhealthyThreshold: 2 }, { ...at, outputs: { id: `projects/${PROJECT}/global/httpHealthChecks/${name}-hc`, selfLink: gself(`global/httpHealthChecks/${name}-hc`) } });
    const tp = s.resource("gcp:compute/targetPool:TargetPool", `${name}-tp`, { region, instances: instances.map((i) => ref(i, "selfLink")), healthChecks: ref(hc, "name", () => `${name}-hc`), sessionAffinity: "NONE" }, { ...at, outputs: { id: `projects/${PROJECT}/regions/${region}/targetPools/${name}-tp`, selfLink: gself(`regions/${region}/targetPools/${name}-tp`) } });
    const ip = gcpAddress(s, `${name}-ip`, region, address, at);
    const rule = s.resource("gcp:compute/forwardingRule:ForwardingRule", `${name}-fr`, { region, target: ref(tp, "selfLink"), ipAddress: ref(ip, "address"), ipProtocol: "TCP", portRange: "443", loadBalancingScheme: "EXTERNAL", networkTier: "PREMIUM" }, { ...at, outputs: { id: `projects/${PROJECT}/regions/${region}/forwardingRules/${name}-fr`, selfLink: gself(`regions/${region}/forwardingRules/${name}-fr`) } });
    return { tp, ip, rule };
}

// ----------------------------------------------------------------------------------------------------------------
// Hetzner
// ----------------------------------------------------------------------------------------------------------------

export function hzFirewall(s: CorpusStack, name: string, rules?: Record<string, unknown>[], at: At = {}) {
    return s.resource("hcloud:index/firewall:Firewall", name, {
        name, rules: rules ?? [
            { direction: "in", protocol: "tcp", port: "443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6], description: "https from cloudflare" },
            { direction: "in", protocol: "tcp", port: "22", sourceIps: [VPN], description: "ssh from vpn" },
            { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"], description: "ping" },
        ],
    }, { ...at, outputs: { id: num(`${s.name}:${name}:fw`, 7) } });
}
export interface HzOpts { firewall?: CorpusResource; location?: string; ipv4?: string; ipv6?: string; ipv4Enabled?: boolean; primaryIpv4?: CorpusResource; extra?: Record<string, unknown>; labels?: Record<string, string> }
export function hzServer(s: CorpusStack, name: string, o: HzOpts, at: At = {}) {
    const v4 = o.ipv4Enabled ?? true;
    return s.resource("hcloud:index/server:Server", name, {
        name, serverType: "ccx23", image: "ubuntu-24.04", location: o.location ?? "fsn1",
        ...(o.firewall ? { firewallIds: [ref(o.firewall, "id", toNumber)] } : {}),
        publicNets: [{ ipv4Enabled: v4, ipv6Enabled: true, ...(o.primaryIpv4 ? { ipv4: ref(o.primaryIpv4, "id", toNumber) } : {}) }],
        labels: o.labels ?? { role: "exchange-gw" }, deleteProtection: true, rebuildProtection: true,
        ...(o.extra ?? {}),
    }, { ...at, outputs: { id: num(`${s.name}:${name}:srv`, 8), ipv4Address: v4 ? o.ipv4 ?? "" : "", ipv6Address: o.ipv6 ?? "", ipv6Network: o.ipv6 ? `${o.ipv6.replace(/::1$/, "::")}/64` : "", status: "running" } });
}
export function hzLb(s: CorpusStack, name: string, servers: CorpusResource[], ipv4: string, opts: { privateNet?: { network: CorpusResource; subnetId: Ref | string }; withService?: boolean } = {}, at: At = {}) {
    const lbr = s.resource("hcloud:index/loadBalancer:LoadBalancer", name, { name, loadBalancerType: "lb21", location: "nbg1", algorithm: { type: "least_connections" }, deleteProtection: true }, { ...at, outputs: { id: num(`${s.name}:${name}:lb`, 7), ipv4, ipv6: "2a01:4f8:1c1c:aaaa::1", networkIp: opts.privateNet ? "10.60.1.254" : "" } });
    if (opts.privateNet) {
        s.resource("hcloud:index/loadBalancerNetwork:LoadBalancerNetwork", `${name}-net`, { loadBalancerId: ref(lbr, "id", toNumber), networkId: ref(opts.privateNet.network, "id", toNumber), ip: "10.60.1.254", enablePublicInterface: true }, { ...at, outputs: { id: `${num(name, 7)}-net` } });
    }
    if (opts.withService ?? true) {
        s.resource("hcloud:index/loadBalancerService:LoadBalancerService", `${name}-https`, {
            loadBalancerId: ref(lbr), protocol: "tcp", listenPort: 443, destinationPort: 443, proxyprotocol: false,
            healthCheck: { protocol: "http", port: 8080, interval: 5, timeout: 3, retries: 2, http: { path: "/api/health", statusCodes: ["200"], tls: false } },
        }, { ...at, outputs: { id: `${num(name, 7)}__443` } });
    }
    servers.forEach((server, i) => {
        s.resource("hcloud:index/loadBalancerTarget:LoadBalancerTarget", `${name}-t${i}`, { type: "server", loadBalancerId: ref(lbr, "id", toNumber), serverId: ref(server, "id", toNumber), usePrivateIp: !!opts.privateNet }, { ...at, outputs: { id: `lb-target-${num(`${name}${i}`, 6)}` } });
    });
    return lbr;
}

// ----------------------------------------------------------------------------------------------------------------
// Whole sites: the machines of one cloud in one region, with the addresses Cloudflare would use as origins.
// ----------------------------------------------------------------------------------------------------------------

export interface Site { nodes: CorpusResource[]; origins: Origin[]; cloud: string }

export type AwsHow = "eip-instance" | "eip-assoc" | "eip-eni" | "auto";
export function awsSite(s: CorpusStack, name: string, region: string, addresses: string[], how: AwsHow = "eip-assoc", at: At = {}, cidr = "10.20.0.0/16"): Site & { net: AwsNet; sg: CorpusResource; eips: CorpusResource[] } {
    const net = awsNet(s, name, region, cidr, at);
    const sg = awsSg(s, `${name}-sg`, net, [], at);
    const p = cidr.split(".").slice(0, 2).join(".");
    const eips: CorpusResource[] = [];
    const origins: Origin[] = [];
    const nodes = addresses.map((address, i) => {
        const node = awsInstance(s, `${name}-${i + 1}`, { net, sg, subnet: i % 2, privateIp: `${p}.${(i % 2) + 1}.${10 + i}`, publicIp: address, autoPublic: how === "auto" }, at);
        if (how === "auto") {
            origins.push({ name: `${name}-${i + 1}`, address: ref(node, "publicIp") });
        } else {
            const eip = awsEip(s, `${name}-${i + 1}-eip`, address, how === "eip-instance" ? { instance: ref(node) } : {}, at);
            eips.push(eip);
            if (how === "eip-assoc") awsEipAssoc(s, `${name}-${i + 1}-assoc`, eip, { instance: node }, at);
            if (how === "eip-eni") {
                s.resource("aws:ec2/eipAssociation:EipAssociation", `${name}-${i + 1}-assoc`, { allocationId: ref(eip, "allocationId"), networkInterfaceId: ref(node, "primaryNetworkInterfaceId") }, { ...at, outputs: { id: `eipassoc-${hex(`${s.name}${name}${i}`, 17)}`, publicIp: address } });
            }
            origins.push({ name: `${name}-${i + 1}`, address: ref(eip, "publicIp") });
        }
        return node;
    });
    return { nodes, origins, cloud: "aws", net, sg, eips };
}

export type GcpHow = "static" | "ephemeral";
export function gcpSite(s: CorpusStack, name: string, region: string, addresses: string[], how: GcpHow = "static", at: At = {}, cidr = "10.40.0.0/20"): Site & { net: GcpNet } {
    const net = gcpNet(s, name, region, cidr, at);
    gcpBaseFirewalls(s, name, net, at);
    const p = cidr.split(".").slice(0, 3).join(".");
    const origins: Origin[] = [];
    const nodes = addresses.map((address, i) => {
        const zoneName = `${region}-${"abc"[i % 3]}`;
        if (how === "static") {
            const ip = gcpAddress(s, `${name}-${i + 1}-ip`, region, address, at);
            const node = gcpInstance(s, `${name}-${i + 1}`, { net, zone: zoneName, natIp: ref(ip, "address"), assigned: address, internal: `${p}.${10 + i}` }, at);
            origins.push({ name: `${name}-${i + 1}`, address: ref(ip, "address") });
            return node;
        }
        const node = gcpInstance(s, `${name}-${i + 1}`, { net, zone: zoneName, assigned: address, internal: `${p}.${10 + i}` }, at);
        origins.push({ name: `${name}-${i + 1}`, address: ref(node, "networkInterfaces", (v) => (v as { accessConfigs: { natIp: string }[] }[])[0].accessConfigs[0].natIp) });
        return node;
    });
    return { nodes, origins, cloud: "gcp", net };
}

export type HzHow = "server" | "primary" | "floating";
export function hzSite(s: CorpusStack, name: string, location: string, addresses: string[], how: HzHow = "server", at: At = {}, firewallRules?: Record<string, unknown>[]): Site & { firewall: CorpusResource } {
    const firewall = hzFirewall(s, `${name}-fw`, firewallRules, at);
    const origins: Origin[] = [];
    const nodes = addresses.map((address, i) => {
        const v6 = `2a01:4f8:c01${i}:${hex(`${name}${i}`, 4)}::1`;
        if (how === "primary") {
            const pip = s.resource("hcloud:index/primaryIp:PrimaryIp", `${name}-${i + 1}-ip`, { name: `${name}-${i + 1}-ip`, type: "ipv4", assigneeType: "server", location, autoDelete: false, deleteProtection: true }, { ...at, outputs: { id: num(`${s.name}${name}${i}pip`, 8), ipAddress: address } });
            const node = hzServer(s, `${name}-${i + 1}`, { firewall, location, ipv4: address, ipv6: v6, primaryIpv4: pip }, at);
            origins.push({ name: `${name}-${i + 1}`, address: ref(pip, "ipAddress") });
            return node;
        }
        if (how === "floating") {
            const node = hzServer(s, `${name}-${i + 1}`, { firewall, location, ipv4: `78.47.${100 + i}.${20 + i}`, ipv6: v6 }, at);
            const fip = s.resource("hcloud:index/floatingIp:FloatingIp", `${name}-${i + 1}-fip`, { type: "ipv4", homeLocation: location, description: "exchange origin", deleteProtection: true }, { ...at, outputs: { id: num(`${s.name}${name}${i}fip`, 8), ipAddress: address, ipNetwork: `${address}/32` } });
            s.resource("hcloud:index/floatingIpAssignment:FloatingIpAssignment", `${name}-${i + 1}-fipa`, { floatingIpId: ref(fip, "id", toNumber), serverId: ref(node, "id", toNumber) }, { ...at, outputs: { id: num(`${s.name}${name}${i}fipa`, 8) } });
            origins.push({ name: `${name}-${i + 1}`, address: ref(fip, "ipAddress") });
            return node;
        }
        const node = hzServer(s, `${name}-${i + 1}`, { firewall, location, ipv4: address, ipv6: v6 }, at);
        origins.push({ name: `${name}-${i + 1}`, address: ref(node, "ipv4Address") });
        return node;
    });
    return { nodes, origins, cloud: "hetzner", firewall };
}

/** Zone-wide AOP and Full (strict) TLS: what every stack here has unless a case is about them. */
export function edgeBasics(s: CorpusStack, z: Zone, at: At = {}) {
    strictTls(s, z, at);
    zoneAop(s, z, at);
}
