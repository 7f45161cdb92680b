/**
 * Honest multi-cloud stacks written for the review: patterns a platform team uses that the pack's own corpus does not
 * show. Each must get no mandatory violation in any variant.
 */
import type { CorpusCase } from "./builder";
import {
    CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CorpusStack, GOOGLE_FRONTENDS, IAP_RANGE, PROJECT, SHIELDED, VPN, awsEip, awsEipAssoc, awsInstance, awsLaunchTemplate, awsLb, awsNet, awsSg, awsSite,
    edgeBasics, gcpAddress, gcpFirewall, gcpGlobalLb, gcpHealthCheck, gcpInstance, gcpNet, gcpRegionalMig, gcpSite, gcpTargetPoolLb, gcpTemplate, hex, hostAop, hzFirewall,
    hzLb, hzServer, hzSite, lb, monitor, num, pool, record, ref, strictTls, toNumber, zone, zoneAop, zoneHousekeeping, type Origin,
} from "./reviewKit";

const Z = zone("northbridge-exchange.com");
const HOST = `trade.${Z.domain}`;

function h01(): CorpusStack {
    const s = new CorpusStack("h01-lb-fronted");
    edgeBasics(s, Z);
    // AWS: internet-facing ALB, two instances registered through target group attachments (no public IPs on nodes).
    const net = awsNet(s, "aws-fra", "eu-central-1");
    const albSg = awsSg(s, "alb-sg", net);
    const nodeSg = s.resource("aws:ec2/securityGroup:SecurityGroup", "node-sg", {
        vpcId: ref(net.vpc), description: "nodes: https from the ALB only",
        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: [ref(albSg)], description: "from alb" }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
    }, { outputs: { id: `sg-${hex("h01nodesg", 17)}` } });
    const nodes = [0, 1].map((i) => awsInstance(s, `aws-fra-${i + 1}`, { net, sg: nodeSg, subnet: i, privateIp: `10.20.${i + 1}.10` }));
    const alb = awsLb(s, "trade-alb", net, "application", albSg, { instances: nodes });
    // GCP: global external Application LB in front of a regional MIG.
    const gnet = gcpNet(s, "gcp", "europe-west3");
    gcpFirewall(s, "gcp-allow-gfe", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: GOOGLE_FRONTENDS, targetTags: ["exchange-gw"] });
    const tpl = gcpTemplate(s, "gw-tpl", gnet);
    const hc = gcpHealthCheck(s, "gw-autoheal");
    const mig = gcpRegionalMig(s, "gw-mig", gnet, tpl, 3, hc);
    const glb = gcpGlobalLb(s, "trade-glb", [ref(mig, "instanceGroup")], "34.149.88.12");
    // Hetzner: LB in front of two servers on their public interfaces; servers admit 443 from the LB only.
    const hlbIp = "167.235.104.20";
    const fw = hzFirewall(s, "hz-fw", [{ direction: "in", protocol: "tcp", port: "443", sourceIps: [`${hlbIp}/32`], description: "from hcloud lb" }, { direction: "in", protocol: "tcp", port: "22", sourceIps: [VPN] }]);
    const servers = [0, 1].map((i) => hzServer(s, `hz-nbg-${i + 1}`, { firewall: fw, location: "nbg1", ipv4: `168.119.50.${10 + i}`, ipv6: `2a01:4f8:c17:${i}::1` }));
    const hlb = hzLb(s, "trade-hlb", servers, hlbIp);
    const mon = monitor(s, "trade-mon", Z, HOST);
    const pAws = pool(s, "aws-fra", Z, [{ name: "alb", address: ref(alb.lb, "dnsName"), header: { host: [HOST] } }], { monitor: ref(mon) });
    const pGcp = pool(s, "gcp-global", Z, [{ name: "glb", address: ref(glb.ip, "address") }], { monitor: ref(mon) });
    const pHz = pool(s, "hz-nbg", Z, [{ name: "hlb", address: ref(hlb, "ipv4") }], { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pAws), ref(pGcp), ref(pHz)], fallbackPool: ref(pHz), steeringPolicy: "random", adaptiveRouting: { failoverAcrossPools: true } });
    return s;
}

function h02(): CorpusStack {
    const s = new CorpusStack("h02-mixed-pools");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.120.55.10", "18.156.20.44"], "eip-eni");
    // GCP: two regional passthrough NLBs (forwarding rule → target pool), instances without external IPs.
    const gnets = [gcpNet(s, "gcp-ew3", "europe-west3", "10.40.0.0/20"), gcpNet(s, "gcp-ew4", "europe-west4", "10.41.0.0/20")];
    const frs = gnets.map((gnet, r) => {
        gcpFirewall(s, `${gnet.region}-https`, gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV4, targetTags: ["exchange-gw"] });
        gcpFirewall(s, `${gnet.region}-hc`, gnet, { allows: [{ protocol: "tcp", ports: ["8080"] }], sourceRanges: ["35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"], targetTags: ["exchange-gw"] });
        const instances = [0, 1].map((i) => gcpInstance(s, `gw-${gnet.region}-${i + 1}`, { net: gnet, zone: `${gnet.region}-${"ab"[i]}`, internal: `10.4${r}.0.${10 + i}` }));
        return gcpTargetPoolLb(s, `nlb-${gnet.region}`, gnet.region, instances, ["34.89.140.7", "34.91.22.150"][r]);
    });
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.201.30", "49.12.201.31"], "floating");
    const mon = monitor(s, "api-mon", Z, `api.${Z.domain}`);
    const a = pool(s, "mixed-a", Z, [aws.origins[0], { name: "gcp-ew3", address: ref(frs[0].ip, "address") }, hz.origins[0]], { monitor: ref(mon), minimumOrigins: 2, originSteering: { policy: "random" } });
    const b = pool(s, "mixed-b", Z, [aws.origins[1], { name: "gcp-ew4", address: ref(frs[1].ip, "address") }, hz.origins[1]], { monitor: ref(mon), minimumOrigins: 2, originSteering: { policy: "random" } });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(a), ref(b)], fallbackPool: ref(b), steeringPolicy: "off" });
    return s;
}

function h03(): CorpusStack {
    const s = new CorpusStack("h03-geo");
    edgeBasics(s, Z);
    const awsEu = s.provider("aws", "aws-eu", { region: "eu-central-1" });
    const awsUs = s.provider("aws", "aws-us", { region: "us-east-1" });
    const fra = awsSite(s, "aws-fra", "eu-central-1", ["3.121.8.40", "3.121.8.41"], "eip-instance", { provider: awsEu });
    const iad = awsSite(s, "aws-iad", "us-east-1", ["44.195.3.70", "44.195.3.71"], "eip-assoc", { provider: awsUs }, "10.21.0.0/16");
    const ew3 = gcpSite(s, "gcp-ew3", "europe-west3", ["35.198.70.10", "35.198.70.11"]);
    const ue4 = gcpSite(s, "gcp-ue4", "us-east4", ["34.86.200.5", "34.86.200.6"], "ephemeral", {}, "10.42.0.0/20");
    const hz = hzSite(s, "hz-fsn", "fsn1", ["116.203.10.5", "116.203.10.6"], "primary");
    const mons = ["eu", "us"].map((r) => monitor(s, `mon-${r}`, Z, HOST, { probeZone: Z.domain }));
    const P = (name: string, origins: Origin[], m = 0) => pool(s, name, Z, origins, { monitor: ref(mons[m]), checkRegions: m === 0 ? ["WEU", "EEU"] : ["ENAM", "WNAM"] });
    const pFra = P("aws-fra", fra.origins), pIad = P("aws-iad", iad.origins, 1), pEw3 = P("gcp-ew3", ew3.origins), pUe4 = P("gcp-ue4", ue4.origins, 1), pHz = P("hz-fsn", hz.origins);
    const pFallback = P("last-resort", [fra.origins[0], ew3.origins[0], hz.origins[0]]);
    lb(s, "trade", Z, HOST, {
        steeringPolicy: "geo",
        defaultPools: [ref(pFra), ref(pEw3), ref(pHz)],
        regionPools: { WEU: [ref(pHz), ref(pFra)], EEU: [ref(pHz), ref(pEw3)], ENAM: [ref(pIad), ref(pUe4)], WNAM: [ref(pUe4), ref(pIad)] },
        countryPools: { US: [ref(pIad), ref(pUe4)], DE: [ref(pHz), ref(pEw3)] },
        fallbackPool: ref(pFallback),
        locationStrategy: { mode: "resolver_ip", preferEcs: "geo" },
    });
    return s;
}

/** Origins by hostname: DNS-only A records for each node (the firewalls admit Cloudflare only), the pools name them. */
function h04(): CorpusStack {
    const s = new CorpusStack("h04-origin-hostnames");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.64.90.1", "3.64.90.2"], "eip-assoc");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.107.10.20", "34.107.10.21"]);
    const hz = hzSite(s, "hz-hel", "hel1", ["65.108.77.1", "65.108.77.2"]);
    const named = (site: { origins: Origin[] }, prefix: string) => site.origins.map((o, i) => {
        const hostname = `${prefix}-${i + 1}.origin.${Z.domain}`;
        record(s, `${prefix}-${i + 1}-origin`, Z, { name: hostname, type: "A", content: o.address, proxied: false, ttl: 60, comment: "origin address for the LB" });
        return { name: `${prefix}-${i + 1}`, address: hostname, header: { host: [HOST] } };
    });
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, named(aws, "aws"), { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, named(gcp, "gcp"), { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, named(hz, "hz"), { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** IPv6-only origins on all three clouds. */
function h05(): CorpusStack {
    const s = new CorpusStack("h05-ipv6-only");
    edgeBasics(s, Z);
    const net = awsNet(s, "aws-v6", "eu-central-1", "10.20.0.0/16", {}, true);
    const sg = awsSg(s, "aws-v6-sg", net);
    const an = [0, 1].map((i) => awsInstance(s, `aws-v6-${i + 1}`, { net, sg, subnet: i, privateIp: `10.20.${i + 1}.10`, ipv6: `2a05:d014:1f2:ab0${i}::${10 + i}` }));
    const gnet = gcpNet(s, "gcp-v6", "europe-west3");
    gcpFirewall(s, "gcp-v6-https", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV6, targetTags: ["exchange-gw"] });
    const gn = [0, 1].map((i) => gcpInstance(s, `gcp-v6-${i + 1}`, { net: gnet, zone: `europe-west3-${"ab"[i]}`, internal: `10.40.0.${10 + i}`, ipv6: `2600:1900:4010:${i}::`, extra: { } }));
    const fw = hzFirewall(s, "hz-v6-fw", [{ direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_IPV6 }]);
    const hn = [0, 1].map((i) => hzServer(s, `hz-v6-${i + 1}`, { firewall: fw, ipv4Enabled: false, ipv6: `2a01:4f8:c012:${i}a0::1` }));
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws-v6", Z, an.map((n, i) => ({ name: `aws-${i}`, address: ref(n, "ipv6Addresses", (v) => (v as string[])[0]) })), { monitor: ref(mon) });
    const pg = pool(s, "gcp-v6", Z, gn.map((n, i) => ({ name: `gcp-${i}`, address: ref(n, "networkInterfaces", (v) => (v as { ipv6AccessConfigs: { externalIpv6: string }[] }[])[0].ipv6AccessConfigs[0].externalIpv6) })), { monitor: ref(mon) });
    const ph = pool(s, "hz-v6", Z, hn.map((n, i) => ({ name: `hz-${i}`, address: ref(n, "ipv6Address") })), { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(ph), ref(pa), ref(pg)], fallbackPool: ref(pa) });
    return s;
}

/** Apex, api and ws served by three load balancers over shared pools; www is a CNAME to the apex LB; mail and SaaS records. */
function h06(): CorpusStack {
    const s = new CorpusStack("h06-many-hostnames");
    edgeBasics(s, Z);
    zoneHousekeeping(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["52.28.11.1", "52.28.11.2"], "auto");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.159.3.1", "34.159.3.2"], "ephemeral");
    const hz = hzSite(s, "hz-fsn", "fsn1", ["91.107.200.1", "91.107.200.2"]);
    const mon = monitor(s, "mon", Z, Z.domain);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    const pools = { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) };
    lb(s, "apex", Z, Z.domain, { ...pools });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pg), ref(ph), ref(pa)], fallbackPool: ref(pa) });
    lb(s, "ws", Z, `ws.${Z.domain}`, { ...pools, sessionAffinity: "cookie", sessionAffinityTtl: 1800, sessionAffinityAttributes: { samesite: "Strict", secure: "Always", zeroDowntimeFailover: "sticky" } });
    record(s, "www", Z, { name: `www.${Z.domain}`, type: "CNAME", content: Z.domain, proxied: true });
    return s;
}

/** least_outstanding_requests, cookie affinity, a monitor group on one pool, per-pool monitors, primary IPs. */
function h07(): CorpusStack {
    const s = new CorpusStack("h07-affinity-monitor-groups");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-dub", "eu-west-1", ["54.78.1.10", "54.78.1.11"], "eip-instance");
    const gcp = gcpSite(s, "gcp-ew1", "europe-west1", ["35.205.9.1", "35.205.9.2"]);
    const hz = hzSite(s, "hz-nbg", "nbg1", ["159.69.4.1", "159.69.4.2"], "primary");
    const https = monitor(s, "mon-https", Z, HOST, { interval: 10, retries: 2, timeout: 4 });
    const tcp = s.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "mon-tcp", { accountId: Z.accountId, type: "tcp", port: 443, interval: 10, timeout: 3, retries: 1, description: "tcp 443" }, { outputs: { id: hex("h07tcp") } });
    const group = s.resource("cloudflare:index/loadBalancerMonitorGroup:LoadBalancerMonitorGroup", "gcp-monitors", {
        accountId: Z.accountId, description: "gcp: https must pass, tcp for dashboards",
        members: [{ monitorId: ref(https), enabled: true, monitoringOnly: false, mustBeHealthy: true }, { monitorId: ref(tcp), enabled: true, monitoringOnly: true, mustBeHealthy: false }],
    }, { outputs: { id: hex("h07group") } });
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(https), originSteering: { policy: "least_outstanding_requests" }, checkRegions: ["WEU", "EEU"] });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitorGroup: ref(group), originSteering: { policy: "least_outstanding_requests" } });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(tcp), originSteering: { policy: "least_connections" } });
    lb(s, "trade", Z, HOST, {
        defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg), steeringPolicy: "least_outstanding_requests",
        randomSteering: { defaultWeight: 1 }, sessionAffinity: "cookie", sessionAffinityTtl: 3600,
        sessionAffinityAttributes: { samesite: "Lax", secure: "Always", zeroDowntimeFailover: "temporary", drainDuration: 60 },
        adaptiveRouting: { failoverAcrossPools: true },
    });
    return s;
}

/** An imported stack: pools, monitors and the LB refer to each other and to origins by literal IDs and addresses. */
function h08(): CorpusStack {
    const s = new CorpusStack("h08-imported");
    strictTls(s, Z);
    zoneAop(s, Z);
    const awsA = ["18.197.40.1", "18.197.40.2"], gcpA = ["34.141.5.5", "34.141.5.6"], hzA = ["138.201.9.1", "138.201.9.2"];
    const aws = awsSite(s, "aws-fra", "eu-central-1", awsA, "eip-instance");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", gcpA);
    const hz = hzSite(s, "hz-fsn", "fsn1", hzA);
    void aws; void gcp; void hz;
    const monId = "5c1a8d4e0b6f7a2c9e3d1b0a4f6e8c7d";
    monitor(s, "mon", Z, HOST, {}, { }, monId);
    const ids = { aws: "0f3e1c9b8a7d6e5f4c3b2a1908f7e6d5", gcp: "7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d", hz: "c0ffee00d15ea5e0b16b00b5deadbeef" };
    pool(s, "aws", Z, awsA.map((a, i) => ({ name: `aws-${i}`, address: a })), { monitor: monId }, {}, ids.aws);
    pool(s, "gcp", Z, gcpA.map((a, i) => ({ name: `gcp-${i}`, address: a })), { monitor: monId }, {}, ids.gcp);
    pool(s, "hz", Z, hzA.map((a, i) => ({ name: `hz-${i}`, address: a })), { monitor: monId }, {}, ids.hz);
    lb(s, "trade", Z, HOST, { defaultPools: [ids.aws, ids.gcp, ids.hz], fallbackPool: ids.hz });
    return s;
}

/** Components and explicit providers; AWS in two regions holds exactly half the weight (not more than half). */
function h09(): CorpusStack {
    const s = new CorpusStack("h09-components-half");
    const edge = s.component("northbridge:edge:Cloudflare", "edge");
    const cf = s.provider("cloudflare", "cf", {});
    edgeBasics(s, Z, { parent: edge, provider: cf });
    const sites: Record<string, ReturnType<typeof awsSite> | ReturnType<typeof gcpSite> | ReturnType<typeof hzSite>> = {};
    for (const [key, region, addrs, cidr] of [["aws-fra", "eu-central-1", ["3.72.1.1", "3.72.1.2"], "10.20.0.0/16"], ["aws-nrt", "ap-northeast-1", ["13.112.5.1", "13.112.5.2"], "10.22.0.0/16"]] as const) {
        const comp = s.component("northbridge:site:AwsSite", key);
        const prov = s.provider("aws", `${key}-provider`, { region });
        sites[key] = awsSite(s, key, region, [...addrs], "eip-assoc", { parent: comp, provider: prov }, cidr);
    }
    const gc = s.component("northbridge:site:GcpSite", "gcp-ew3");
    sites.gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.40.1.1", "34.40.1.2"], "static", { parent: gc, provider: s.provider("gcp", "gcp-provider", { project: PROJECT, region: "europe-west3" }) });
    const hc = s.component("northbridge:site:HetznerSite", "hz-fsn");
    sites.hz = hzSite(s, "hz-fsn", "fsn1", ["94.130.1.1", "94.130.1.2"], "server", { parent: hc, provider: s.provider("hcloud", "hcloud-provider", {}) });
    const at = { parent: edge, provider: cf };
    const mon = monitor(s, "mon", Z, HOST, {}, at);
    const P = (k: string) => pool(s, k, Z, sites[k].origins, { monitor: ref(mon) }, at);
    const pools = ["aws-fra", "gcp", "aws-nrt", "hz"].map(P);
    lb(s, "trade", Z, HOST, { defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[3]) }, at);
    return s;
}

/** Links by dependsOn only: the pool's origin addresses are literals, ordered after the machines that hold them. */
function h10(): CorpusStack {
    const s = new CorpusStack("h10-dependson");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.126.30.1", "3.126.30.2"], "eip-assoc");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.185.2.1", "34.185.2.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["188.245.1.1", "188.245.1.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const lit = (addrs: string[], prefix: string) => addrs.map((address, i) => ({ name: `${prefix}-${i}`, address }));
    const pa = s.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", "aws", { accountId: Z.accountId, name: "aws", minimumOrigins: 1, monitor: ref(mon), origins: lit(["3.126.30.1", "3.126.30.2"], "aws").map((o) => ({ ...o, weight: 1, enabled: true })) }, { dependsOn: [...aws.nodes, ...aws.eips], outputs: { id: hex("h10aws") } });
    const pg = s.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", "gcp", { accountId: Z.accountId, name: "gcp", minimumOrigins: 1, monitor: ref(mon), origins: lit(["34.185.2.1", "34.185.2.2"], "gcp").map((o) => ({ ...o, weight: 1, enabled: true })) }, { dependsOn: gcp.nodes, outputs: { id: hex("h10gcp") } });
    const ph = s.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", "hz", { accountId: Z.accountId, name: "hz", minimumOrigins: 1, monitor: ref(mon), origins: lit(["188.245.1.1", "188.245.1.2"], "hz").map((o) => ({ ...o, weight: 1, enabled: true })) }, { dependsOn: hz.nodes, outputs: { id: hex("h10hz") } });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** Legacy cloudflare:index/record:Record for everything DNS, including a stale A record under the LB's own hostname (the LB takes precedence). */
function h11(): CorpusStack {
    const s = new CorpusStack("h11-legacy-records");
    edgeBasics(s, Z);
    zoneHousekeeping(s, Z, true);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["35.156.1.1", "35.156.1.2"], "eip-assoc");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.77.1", "34.89.77.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["195.201.1.1", "195.201.1.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(s, "trade-stale", Z, { name: HOST, type: "A", content: ref(aws.eips[0], "publicIp"), proxied: true, comment: "pre-LB record, shadowed by the load balancer" }, true);
    record(s, "www", Z, { name: `www.${Z.domain}`, type: "CNAME", content: HOST, proxied: true }, true);
    return s;
}

/** Load-balancing rules that do not move traffic onto one cloud: a fixed response, a disabled drill rule, an affinity-only rule, a two-cloud override. */
function h12(): CorpusStack {
    const s = new CorpusStack("h12-rules");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.66.2.1", "3.66.2.2"], "eip-assoc");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.159.90.1", "34.159.90.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["162.55.1.1", "162.55.1.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, {
        defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph),
        rules: [
            { name: "maintenance page", condition: "http.request.uri.path eq \"/maintenance\"", priority: 1, terminates: true, fixedResponse: { statusCode: 503, contentType: "text/html", messageBody: "<h1>Back soon</h1>" } },
            { name: "drill: aws only (off)", condition: "http.request.uri.path contains \"/drill\"", priority: 2, disabled: true, overrides: { defaultPools: [ref(pa)], fallbackPool: ref(pa) } },
            { name: "websocket affinity", condition: "http.request.uri.path matches \"^/ws\"", priority: 3, overrides: { sessionAffinity: "cookie", sessionAffinityTtl: 1800 } },
            { name: "v2 api off aws", condition: "http.request.uri.path matches \"^/api/v2/\"", priority: 4, overrides: { defaultPools: [ref(pg), ref(ph)], fallbackPool: ref(pa) } },
        ],
    });
    return s;
}

/** Firewall rules that open nothing dangerous: disabled, tag-scoped, deny, egress, ICMP, QUIC on 443. */
function h13(): CorpusStack {
    const s = new CorpusStack("h13-firewall-battery");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.68.7.1", "3.68.7.2"], "eip-assoc");
    s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "icmp-echo", { securityGroupId: ref(aws.sg), ipProtocol: "icmp", fromPort: 8, toPort: -1, cidrIpv4: "0.0.0.0/0", description: "ping" }, { outputs: { id: "sgr-0a1" } });
    s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "quic", { securityGroupId: ref(aws.sg), ipProtocol: "udp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "http/3" }, { outputs: { id: "sgr-0a2" } });
    s.resource("aws:ec2/securityGroupRule:SecurityGroupRule", "egress-v6", { type: "egress", securityGroupId: ref(aws.sg), protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }, { outputs: { id: "sgrule-1" } });
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.107.60.1", "34.107.60.2"]);
    gcpFirewall(s, "break-glass-ssh", gcp.net, { allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["0.0.0.0/0"], disabled: true, description: "break glass: enable by hand" });
    gcpFirewall(s, "ssh-from-bastion", gcp.net, { allows: [{ protocol: "tcp", ports: ["22"] }], sourceTags: ["bastion"], targetTags: ["exchange-gw"] });
    gcpFirewall(s, "deny-ssh-world", gcp.net, { denies: [{ protocol: "tcp", ports: ["22", "3389"] }], sourceRanges: ["0.0.0.0/0"], priority: 100 });
    gcpFirewall(s, "egress-all", gcp.net, { direction: "EGRESS", allows: [{ protocol: "all" }], destinationRanges: ["0.0.0.0/0"] });
    gcpFirewall(s, "icmp", gcp.net, { allows: [{ protocol: "icmp" }], sourceRanges: ["0.0.0.0/0"] });
    const hz = hzSite(s, "hz-fsn", "fsn1", ["5.75.1.1", "5.75.1.2"], "server", {}, [
        { direction: "in", protocol: "tcp", port: "443", sourceIps: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] },
        { direction: "in", protocol: "udp", port: "443", sourceIps: ["0.0.0.0/0", "::/0"], description: "quic" },
        { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] },
        { direction: "out", protocol: "tcp", port: "any", destinationIps: ["0.0.0.0/0", "::/0"] },
    ]);
    const mon = monitor(s, "mon", Z, HOST);
    const pools = [aws, gcp, hz].map((site) => pool(s, site.cloud, Z, site.origins, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[1]) });
    return s;
}

/** A stateless network ACL with the return-traffic rule AWS documents (ephemeral ports from anywhere); the security groups still admit 443 from Cloudflare only. */
function h14(): CorpusStack {
    const s = new CorpusStack("h14-nacl-ephemeral");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.73.1.1", "3.73.1.2"], "eip-assoc");
    const nacl = s.resource("aws:ec2/networkAcl:NetworkAcl", "public-nacl", { vpcId: ref(aws.net.vpc), subnetIds: aws.net.subnets.map((x) => ref(x)) }, { outputs: { id: "acl-0123456789abcdef0" } });
    CLOUDFLARE_IPV4.slice(0, 3).forEach((cidr, i) => s.resource("aws:ec2/networkAclRule:NetworkAclRule", `in-https-${i}`, { networkAclId: ref(nacl), ruleNumber: 100 + i, egress: false, protocol: "tcp", ruleAction: "allow", cidrBlock: cidr, fromPort: 443, toPort: 443 }, { outputs: { id: `nacl-${i}` } }));
    s.resource("aws:ec2/networkAclRule:NetworkAclRule", "in-ephemeral", { networkAclId: ref(nacl), ruleNumber: 200, egress: false, protocol: "tcp", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 1024, toPort: 65535 }, { outputs: { id: "nacl-eph" } });
    s.resource("aws:ec2/networkAclRule:NetworkAclRule", "out-all", { networkAclId: ref(nacl), ruleNumber: 100, egress: true, protocol: "-1", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }, { outputs: { id: "nacl-out" } });
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.1.1", "34.89.1.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["5.161.1.1", "5.161.1.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pools = [aws, gcp, hz].map((site) => pool(s, site.cloud, Z, site.origins, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[2]) });
    return s;
}

/** Private origins reached through Cloudflare Tunnel: origins carry the tunnel's virtual network. */
function h15(): CorpusStack {
    const s = new CorpusStack("h15-tunnel-private");
    edgeBasics(s, Z);
    const vnet = s.resource("cloudflare:index/zeroTrustTunnelCloudflaredVirtualNetwork:ZeroTrustTunnelCloudflaredVirtualNetwork", "exchange-vnet", { accountId: Z.accountId, name: "exchange", comment: "origins" }, { outputs: { id: "f70ff985-a4ef-4643-bbbc-4a0ed4fc8415" } });
    const tunnels = ["gcp", "aws"].map((c) => s.resource("cloudflare:index/zeroTrustTunnelCloudflared:ZeroTrustTunnelCloudflared", `${c}-tunnel`, { accountId: Z.accountId, name: `${c}-tunnel`, configSrc: "cloudflare" }, { outputs: { id: `${hex(c, 8)}-1111-4222-8333-${hex(c, 12)}` } }));
    s.resource("cloudflare:index/zeroTrustTunnelCloudflaredRoute:ZeroTrustTunnelCloudflaredRoute", "gcp-route", { accountId: Z.accountId, network: "10.40.0.0/20", tunnelId: ref(tunnels[0]), virtualNetworkId: ref(vnet) }, { outputs: { id: "route-gcp" } });
    s.resource("cloudflare:index/zeroTrustTunnelCloudflaredRoute:ZeroTrustTunnelCloudflaredRoute", "aws-route", { accountId: Z.accountId, network: "10.20.0.0/16", tunnelId: ref(tunnels[1]), virtualNetworkId: ref(vnet) }, { outputs: { id: "route-aws" } });
    const gnet = gcpNet(s, "gcp", "europe-west3");
    gcpFirewall(s, "gcp-https-internal", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: ["10.40.0.0/20"], targetTags: ["exchange-gw"] });
    gcpFirewall(s, "gcp-ssh-iap", gnet, { allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: [IAP_RANGE] });
    gcpInstance(s, "gcp-cloudflared", { net: gnet, zone: "europe-west3-a", internal: "10.40.0.5", extra: { tags: ["connector"] } });
    const gn = [0, 1].map((i) => gcpInstance(s, `gcp-${i + 1}`, { net: gnet, zone: `europe-west3-${"ab"[i]}`, internal: `10.40.0.${10 + i}` }));
    const net = awsNet(s, "aws", "eu-central-1");
    const sg = s.resource("aws:ec2/securityGroup:SecurityGroup", "aws-internal", { vpcId: ref(net.vpc), description: "https from the VPC (cloudflared)", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"] }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, { outputs: { id: "sg-0internal" } });
    const an = [0, 1].map((i) => awsInstance(s, `aws-${i + 1}`, { net, sg, subnet: i, privateIp: `10.20.${i + 1}.10` }));
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.13.1.1", "49.13.1.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const priv = (nodes: typeof gn, get: (n: (typeof gn)[number]) => ReturnType<typeof ref>) => nodes.map((n, i) => ({ name: `${n.name}-${i}`, address: get(n), virtualNetworkId: ref(vnet) }));
    const pg = pool(s, "gcp", Z, priv(gn, (n) => ref(n, "networkInterfaces", (v) => (v as { networkIp: string }[])[0].networkIp)), { monitor: ref(mon) });
    const pa = pool(s, "aws", Z, priv(an, (n) => ref(n, "privateIp")), { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pg), ref(pa), ref(ph)], fallbackPool: ref(ph) });
    return s;
}

/** AWS, Azure (azure-native) and DigitalOcean. */
function h16(): CorpusStack {
    const s = new CorpusStack("h16-aws-azure-do");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.74.1.1", "3.74.1.2"], "eip-assoc");
    const rg = s.resource("azure-native:resources:ResourceGroup", "exchange-weu", { location: "westeurope", resourceGroupName: "exchange-weu" }, { outputs: { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/exchange-weu", name: "exchange-weu" } });
    const sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/exchange-weu/providers/Microsoft.Network";
    const nsg = s.resource("azure-native:network:NetworkSecurityGroup", "gw-nsg", {
        resourceGroupName: ref(rg, "name"), location: "westeurope",
        securityRules: [
            { name: "https-cloudflare", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefixes: CLOUDFLARE_IPV4, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "443" },
            { name: "ssh-vpn", priority: 110, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: VPN, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22" },
            { name: "deny-rest", priority: 4000, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*" },
        ],
    }, { outputs: { id: `${sub}/networkSecurityGroups/gw-nsg` } });
    const vnet = s.resource("azure-native:network:VirtualNetwork", "vnet", { resourceGroupName: ref(rg, "name"), location: "westeurope", addressSpace: { addressPrefixes: ["10.50.0.0/16"] }, subnets: [{ name: "gw", addressPrefix: "10.50.1.0/24", networkSecurityGroup: { id: ref(nsg) } }] }, { outputs: { id: `${sub}/virtualNetworks/vnet`, subnets: [{ id: `${sub}/virtualNetworks/vnet/subnets/gw`, name: "gw" }] } });
    const azOrigins = [0, 1].map((i) => {
        const pip = s.resource("azure-native:network:PublicIPAddress", `az-gw-${i + 1}-pip`, { resourceGroupName: ref(rg, "name"), location: "westeurope", publicIPAllocationMethod: "Static", sku: { name: "Standard" }, zones: [`${i + 1}`] }, { outputs: { id: `${sub}/publicIPAddresses/az-gw-${i + 1}-pip`, ipAddress: `20.23.140.${10 + i}` } });
        const nic = s.resource("azure-native:network:NetworkInterface", `az-gw-${i + 1}-nic`, { resourceGroupName: ref(rg, "name"), location: "westeurope", networkSecurityGroup: { id: ref(nsg) }, ipConfigurations: [{ name: "ipconfig1", subnet: { id: `${sub}/virtualNetworks/vnet/subnets/gw` }, publicIPAddress: { id: ref(pip) }, primary: true }] }, { dependsOn: [vnet], outputs: { id: `${sub}/networkInterfaces/az-gw-${i + 1}-nic` } });
        s.resource("azure-native:compute:VirtualMachine", `az-gw-${i + 1}`, {
            resourceGroupName: ref(rg, "name"), location: "westeurope", zones: [`${i + 1}`], hardwareProfile: { vmSize: "Standard_D4s_v5" },
            networkProfile: { networkInterfaces: [{ id: ref(nic), primary: true }] },
            osProfile: { computerName: `az-gw-${i + 1}`, adminUsername: "ops", linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/ops/.ssh/authorized_keys", keyData: "ssh-ed25519 AAAA" }] } } },
            storageProfile: { imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" }, osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Premium_LRS" } } },
            securityProfile: { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
        }, { outputs: { id: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/exchange-weu/providers/Microsoft.Compute/virtualMachines/az-gw-${i + 1}`, provisioningState: "Succeeded" } });
        return { name: `az-${i}`, address: ref(pip, "ipAddress") };
    });
    const doFw = s.resource("digitalocean:index/firewall:Firewall", "do-fw", {
        name: "exchange-gw",
        inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6] }, { protocol: "tcp", portRange: "22", sourceAddresses: [VPN] }],
        outboundRules: [{ protocol: "tcp", portRange: "1-65535", destinationAddresses: ["0.0.0.0/0", "::/0"] }],
    }, { outputs: { id: "4b2d6c1e-0f3a-4e5b-9c8d-7a6b5c4d3e2f" } });
    const doOrigins = [0, 1].map((i) => {
        const droplet = s.resource("digitalocean:index/droplet:Droplet", `do-fra-${i + 1}`, { name: `do-fra-${i + 1}`, region: "fra1", size: "c-4", image: "ubuntu-24-04-x64", ipv6: true, monitoring: true, tags: ["exchange-gw"] }, { outputs: { id: num(`do${i}`, 9), ipv4Address: `164.90.160.${10 + i}`, ipv4AddressPrivate: `10.114.0.${10 + i}`, status: "active", dropletUrn: `do:droplet:${num(`do${i}`, 9)}` } });
        const rip = s.resource("digitalocean:index/reservedIp:ReservedIp", `do-fra-${i + 1}-rip`, { region: "fra1" }, { outputs: { id: `146.190.20.${10 + i}`, ipAddress: `146.190.20.${10 + i}`, reservedIpUrn: `do:reservedip:146.190.20.${10 + i}` } });
        s.resource("digitalocean:index/reservedIpAssignment:ReservedIpAssignment", `do-fra-${i + 1}-ripa`, { ipAddress: ref(rip, "ipAddress"), dropletId: ref(droplet, "id", toNumber) }, { outputs: { id: `rip-assign-${i}` } });
        return { droplet, origin: { name: `do-${i}`, address: ref(rip, "ipAddress") } };
    });
    s.resource("digitalocean:index/firewall:Firewall", "do-fw-attach-note", { name: "exchange-gw-2", dropletIds: doOrigins.map((d) => ref(d.droplet, "id", toNumber)), inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: CLOUDFLARE_IPV4 }] }, { dependsOn: [doFw], outputs: { id: "5c3e7d2f-1a4b-4c6d-8e9f-0a1b2c3d4e5f" } });
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const pz = pool(s, "azure", Z, azOrigins, { monitor: ref(mon) });
    const pd = pool(s, "do", Z, doOrigins.map((d) => d.origin), { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pz), ref(pd)], fallbackPool: ref(pz) });
    return s;
}

/** ASGs behind NLBs in two AWS regions, GCP regional passthrough NLBs on backend services over MIGs in two regions. */
function h17(): CorpusStack {
    const s = new CorpusStack("h17-asg-nlb-mig");
    edgeBasics(s, Z);
    const awsOrigins = (["eu-central-1", "eu-west-1"] as const).map((region, r) => {
        const prov = s.provider("aws", `aws-${region}`, { region });
        const net = awsNet(s, `aws-${region}`, region, `10.2${r}.0.0/16`, { provider: prov });
        const sg = awsSg(s, `aws-${region}-sg`, net, [], { provider: prov });
        const lt = awsLaunchTemplate(s, `gw-${region}`, net, sg, {}, { provider: prov });
        const nlb = awsLb(s, `gw-${region}`, net, "network", sg, { asg: { min: 2, max: 6, desired: 3, lt } }, { provider: prov });
        return { name: `nlb-${region}`, address: ref(nlb.lb, "dnsName") };
    });
    const gcpOrigins = (["europe-west3", "europe-west1"] as const).map((region, r) => {
        const gnet = gcpNet(s, `gcp-${region}`, region, `10.4${r}.0.0/20`);
        gcpFirewall(s, `${region}-https`, gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: [...CLOUDFLARE_IPV4, "35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"], targetTags: ["exchange-gw"] });
        const tpl = gcpTemplate(s, `gw-${region}`, gnet);
        const hc = s.resource("gcp:compute/regionHealthCheck:RegionHealthCheck", `hc-${region}`, { region, checkIntervalSec: 5, timeoutSec: 5, tcpHealthCheck: { port: 443 } }, { outputs: { id: `projects/${PROJECT}/regions/${region}/healthChecks/hc-${region}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/${region}/healthChecks/hc-${region}` } });
        const mig = gcpRegionalMig(s, `gw-${region}`, gnet, tpl, 2);
        const bs = s.resource("gcp:compute/regionBackendService:RegionBackendService", `bs-${region}`, { region, protocol: "TCP", loadBalancingScheme: "EXTERNAL", healthChecks: ref(hc, "selfLink"), backends: [{ group: ref(mig, "instanceGroup"), balancingMode: "CONNECTION" }] }, { outputs: { id: `projects/${PROJECT}/regions/${region}/backendServices/bs-${region}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/${region}/backendServices/bs-${region}` } });
        const ip = gcpAddress(s, `nlb-${region}-ip`, region, ["34.107.200.9", "35.195.40.9"][r]);
        s.resource("gcp:compute/forwardingRule:ForwardingRule", `nlb-${region}`, { region, backendService: ref(bs, "selfLink"), ipAddress: ref(ip, "address"), ipProtocol: "TCP", ports: ["443"], loadBalancingScheme: "EXTERNAL" }, { outputs: { id: `projects/${PROJECT}/regions/${region}/forwardingRules/nlb-${region}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/regions/${region}/forwardingRules/nlb-${region}` } });
        return { name: `nlb-${region}`, address: ref(ip, "address") };
    });
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, awsOrigins.map((o) => ({ ...o, header: { host: [HOST] } })), { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcpOrigins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg)], fallbackPool: ref(pg), steeringPolicy: "dynamic_latency" });
    return s;
}

/** Hetzner LBs reaching their servers over the private network; the servers' firewalls admit no public HTTPS (Hetzner firewalls do not filter private networks). */
function h18(): CorpusStack {
    const s = new CorpusStack("h18-hcloud-private-targets");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.75.1.1", "3.75.1.2"], "eip-assoc");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.40.90.1", "34.40.90.2"]);
    const network = s.resource("hcloud:index/network:Network", "hz-net", { name: "exchange", ipRange: "10.60.0.0/16" }, { outputs: { id: "3300001" } });
    const subnet = s.resource("hcloud:index/networkSubnet:NetworkSubnet", "hz-subnet", { networkId: ref(network, "id", toNumber), type: "cloud", networkZone: "eu-central", ipRange: "10.60.1.0/24" }, { outputs: { id: "3300001-10.60.1.0/24" } });
    const fw = hzFirewall(s, "hz-fw", [{ direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"] }, { direction: "in", protocol: "tcp", port: "22", sourceIps: [VPN] }]);
    const hzOrigins = (["nbg1", "hel1"] as const).map((location, l) => {
        const servers = [0, 1].map((i) => {
            const server = hzServer(s, `hz-${location}-${i + 1}`, { firewall: fw, location, ipv4: `78.46.${10 + l}.${10 + i}`, ipv6: `2a01:4f8:c0c:${l}${i}::1` });
            s.resource("hcloud:index/serverNetwork:ServerNetwork", `hz-${location}-${i + 1}-net`, { serverId: ref(server, "id", toNumber), subnetId: ref(subnet), ip: `10.60.1.${10 * (l + 1) + i}` }, { outputs: { id: `sn-${l}${i}` } });
            return server;
        });
        const hlb = hzLb(s, `hz-lb-${location}`, servers, ["167.235.20.1", "95.217.30.1"][l], { privateNet: { network, subnetId: ref(subnet) } });
        return { name: `hz-lb-${location}`, address: ref(hlb, "ipv4") };
    });
    const mon = monitor(s, "mon", Z, HOST);
    const pools = [pool(s, "aws", Z, aws.origins, { monitor: ref(mon) }), pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) }), pool(s, "hz", Z, hzOrigins, { monitor: ref(mon) })];
    lb(s, "trade", Z, HOST, { defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[2]) });
    return s;
}

/** steeringPolicy "off" uses default_pools only (Cloudflare API): leftover country pools from a past geo setup route nothing. */
function h19(): CorpusStack {
    const s = new CorpusStack("h19-steering-off-inert-country-pools");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-iad", "us-east-1", ["44.200.1.1", "44.200.1.2"], "eip-assoc");
    const aws2 = awsSite(s, "aws-pdx", "us-west-2", ["35.81.1.1", "35.81.1.2"], "eip-assoc", {}, "10.26.0.0/16");
    const gcp = gcpSite(s, "gcp-ue4", "us-east4", ["34.145.1.1", "34.145.1.2"]);
    const hz = hzSite(s, "hz-ash", "ash", ["5.161.200.1", "5.161.200.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const [pa, pa2, pg, ph] = [aws, aws2, gcp, hz].map((site, i) => pool(s, `${site.cloud}-${i}`, Z, site.origins, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { steeringPolicy: "off", defaultPools: [ref(pg), ref(pa), ref(ph)], fallbackPool: ref(ph), countryPools: { US: [ref(pa), ref(pa2)] } });
    return s;
}

/** Per-hostname AOP for two LB hostnames; an AWS origin pool whose EIPs are associated in a separate component via EIP associations. */
function h20(): CorpusStack {
    const s = new CorpusStack("h20-per-host-aop-two-lbs");
    strictTls(s, Z);
    hostAop(s, Z, [HOST, `api.${Z.domain}`]);
    const net = awsNet(s, "aws-fra", "eu-central-1");
    const sg = awsSg(s, "aws-sg", net);
    const nodes = [0, 1].map((i) => awsInstance(s, `aws-${i + 1}`, { net, sg, subnet: i, privateIp: `10.20.${i + 1}.10`, publicIp: `3.76.1.${i + 1}` }));
    const ips = s.component("northbridge:net:StaticIps", "static-ips");
    const eips = nodes.map((n, i) => { const e = awsEip(s, `aws-${i + 1}-eip`, `3.76.1.${i + 1}`, {}, { parent: ips }); awsEipAssoc(s, `aws-${i + 1}-assoc`, e, { instance: n }, { parent: ips }); return e; });
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.159.1.1", "34.159.1.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["128.140.1.1", "128.140.1.2"], "primary");
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, eips.map((e, i) => ({ name: `aws-${i}`, address: ref(e, "publicIp") })), { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(ph), ref(pa), ref(pg)], fallbackPool: ref(pa) });
    return s;
}

/** An ASG registered with its NLB's target group through aws:autoscaling/attachment:Attachment (not targetGroupArns). */
function h21(): CorpusStack {
    const s = new CorpusStack("h21-asg-attachment");
    edgeBasics(s, Z);
    const net = awsNet(s, "aws-fra", "eu-central-1");
    const sg = awsSg(s, "aws-sg", net);
    const lt = awsLaunchTemplate(s, "gw", net, sg);
    const nlb = awsLb(s, "gw-nlb", net, "network", sg, {});
    const asg = s.resource("aws:autoscaling/group:Group", "gw-asg", { name: "gw-asg", minSize: 2, maxSize: 6, desiredCapacity: 2, vpcZoneIdentifiers: net.subnets.map((x) => ref(x)), launchTemplate: { id: ref(lt), version: "$Latest" }, healthCheckType: "ELB" }, { outputs: { id: "gw-asg", arn: "arn:aws:autoscaling:eu-central-1:111122223333:autoScalingGroup:x:autoScalingGroupName/gw-asg" } });
    s.resource("aws:autoscaling/attachment:Attachment", "gw-asg-tg", { autoscalingGroupName: ref(asg), lbTargetGroupArn: ref(nlb.tg, "arn") }, { outputs: { id: "gw-asg-20251001" } });
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.21.1", "34.89.21.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.21.1", "49.12.21.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, [{ name: "nlb", address: ref(nlb.lb, "dnsName") }], { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pg), ref(pa), ref(ph)], fallbackPool: ref(pa) });
    return s;
}

/** GCP global external Application LB over an unmanaged instance group of two instances. */
function h22(): CorpusStack {
    const s = new CorpusStack("h22-glb-unmanaged-group");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.78.22.1"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.22.1"]);
    const gnet = gcpNet(s, "gcp", "europe-west3");
    gcpFirewall(s, "gfe", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: GOOGLE_FRONTENDS, targetTags: ["exchange-gw"] });
    const nodes = [0, 1].map((i) => gcpInstance(s, `gcp-${i + 1}`, { net: gnet, zone: "europe-west3-a", internal: `10.40.0.${10 + i}` }));
    const group = s.resource("gcp:compute/instanceGroup:InstanceGroup", "gw-group", { zone: "europe-west3-a", instances: nodes.map((n) => ref(n, "selfLink")), namedPorts: [{ name: "https", port: 443 }], network: ref(gnet.network, "selfLink") }, { outputs: { id: `projects/${PROJECT}/zones/europe-west3-a/instanceGroups/gw-group`, selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/europe-west3-a/instanceGroups/gw-group`, size: 2 } });
    const glb = gcpGlobalLb(s, "glb", [ref(group, "selfLink")], "34.120.22.1");
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, [{ name: "glb", address: ref(glb.ip, "address") }], { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** A Hetzner LB whose target is a label selector matching its servers; a Spectrum TCP app for FIX on top of the load balancer hostname. */
function h23(): CorpusStack {
    const s = new CorpusStack("h23-label-selector-spectrum-lb");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.78.23.1", "3.78.23.2"]);
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.23.1", "34.89.23.2"]);
    const fw = hzFirewall(s, "hz-fw");
    [0, 1].forEach((i) => hzServer(s, `hz-${i + 1}`, { firewall: fw, ipv4: `49.12.23.${i + 1}`, ipv6: `2a01:4f8:c0c:23${i}::1`, labels: { role: "exchange-gw" } }));
    const hlb = hzLb(s, "hz-lb", [], "167.235.23.1");
    s.resource("hcloud:index/loadBalancerTarget:LoadBalancerTarget", "hz-lb-selector", { type: "label_selector", loadBalancerId: ref(hlb, "id", toNumber), labelSelector: "role=exchange-gw", usePrivateIp: false }, { outputs: { id: "lbt-sel" } });
    const hlb2 = hzLb(s, "hz-lb-2", [], "167.235.23.2");
    s.resource("hcloud:index/loadBalancerTarget:LoadBalancerTarget", "hz-lb-2-selector", { type: "label_selector", loadBalancerId: ref(hlb2, "id", toNumber), labelSelector: "role=exchange-gw", usePrivateIp: false }, { outputs: { id: "lbt-sel-2" } });
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, [{ name: "hz-lb", address: ref(hlb, "ipv4") }, { name: "hz-lb-2", address: ref(hlb2, "ipv4") }], { monitor: ref(mon) });
    const trade = lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    s.resource("cloudflare:index/spectrumApplication:SpectrumApplication", "fix", {
        zoneId: Z.zoneId, protocol: "tcp/9878", dns: { type: "CNAME", name: `fix.${Z.domain}` }, originDns: { name: ref(trade, "name") }, originPort: 9878,
        proxyProtocol: "v1", tls: "full", trafficType: "direct", ipFirewall: true,
    }, { outputs: { id: hex("h23spectrum") } });
    return s;
}

/** DNS record names written relative ("trade") and in another case with a trailing dot, under the LB's hostname: the LB takes precedence. */
function h24(): CorpusStack {
    const s = new CorpusStack("h24-record-name-forms");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.78.24.1", "3.78.24.2"]);
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.24.1", "34.89.24.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.24.1", "49.12.24.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const ps = [aws, gcp, hz].map((site) => pool(s, site.cloud, Z, site.origins, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { defaultPools: ps.map((p) => ref(p)), fallbackPool: ref(ps[2]) });
    record(s, "trade-relative", Z, { name: "trade", type: "A", content: ref(aws.eips[0], "publicIp"), proxied: true, comment: "legacy, shadowed by the LB" }, true);
    record(s, "trade-fqdn-dot", Z, { name: `${HOST}.`, type: "AAAA", content: "2a05:d014:1f2:ab00::10", proxied: true, comment: "legacy, shadowed by the LB" });
    return s;
}

/** Origins by CNAME: each AWS origin is a DNS-only CNAME to a regional ALB's DNS name. */
function h25(): CorpusStack {
    const s = new CorpusStack("h25-cname-origins-to-alb");
    edgeBasics(s, Z);
    const origins = (["eu-central-1", "eu-west-1"] as const).map((region, r) => {
        const prov = s.provider("aws", `aws-${region}`, { region });
        const net = awsNet(s, `aws-${region}`, region, `10.2${r}.0.0/16`, { provider: prov });
        const sg = awsSg(s, `aws-${region}-sg`, net, [], { provider: prov });
        const nodes = [0, 1].map((i) => awsInstance(s, `aws-${region}-${i}`, { net, sg, subnet: i, privateIp: `10.2${r}.${i + 1}.10` }, { provider: prov }));
        const alb = awsLb(s, `alb-${region}`, net, "application", sg, { instances: nodes }, { provider: prov });
        const hostname = `alb-${region}.origin.${Z.domain}`;
        record(s, `origin-${region}`, Z, { name: hostname, type: "CNAME", content: ref(alb.lb, "dnsName"), proxied: false, ttl: 60 });
        return { name: `alb-${region}`, address: hostname, header: { host: [HOST] } };
    });
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.25.1", "34.89.25.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.25.1", "49.12.25.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, origins, { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** GCP nodes created with gcp:compute/instanceFromTemplate (a Shielded VM template), each with a static address. */
function h26(): CorpusStack {
    const s = new CorpusStack("h26-instance-from-template");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.78.26.1", "3.78.26.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.26.1", "49.12.26.2"]);
    const gnet = gcpNet(s, "gcp", "europe-west3");
    gcpFirewall(s, "gcp-https", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV4, targetTags: ["exchange-gw"] });
    const tpl = gcpTemplate(s, "gw-tpl", gnet);
    const origins = [0, 1].map((i) => {
        const ip = gcpAddress(s, `gcp-${i + 1}-ip`, "europe-west3", `34.89.26.${i + 1}`);
        s.resource("gcp:compute/instanceFromTemplate:InstanceFromTemplate", `gcp-${i + 1}`, {
            zone: `europe-west3-${"ab"[i]}`, sourceInstanceTemplate: ref(tpl, "selfLinkUnique"),
            networkInterfaces: [{ subnetwork: ref(gnet.subnet, "selfLink"), accessConfigs: [{ natIp: ref(ip, "address"), networkTier: "PREMIUM" }] }],
        }, { outputs: { id: `projects/${PROJECT}/zones/europe-west3-${"ab"[i]}/instances/gcp-${i + 1}`, selfLink: `https://www.googleapis.com/compute/v1/projects/${PROJECT}/zones/europe-west3-${"ab"[i]}/instances/gcp-${i + 1}`, currentStatus: "RUNNING", shieldedInstanceConfig: SHIELDED, networkInterfaces: [{ networkIp: `10.40.0.${10 + i}`, accessConfigs: [{ natIp: `34.89.26.${i + 1}`, networkTier: "PREMIUM" }] }] } });
        return { name: `gcp-${i}`, address: ref(ip, "address") };
    });
    const mon = monitor(s, "mon", Z, HOST);
    const ps = [aws.origins, origins, hz.origins].map((o, i) => pool(s, ["aws", "gcp", "hz"][i], Z, o, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { defaultPools: ps.map((p) => ref(p)), fallbackPool: ref(ps[1]) });
    return s;
}

/** AWS capacity on spot instances (aws:ec2/spotInstanceRequest), EIPs associated to the fulfilled instance IDs. */
function h27(): CorpusStack {
    const s = new CorpusStack("h27-spot-requests");
    edgeBasics(s, Z);
    const net = awsNet(s, "aws-fra", "eu-central-1");
    const sg = awsSg(s, "aws-sg", net);
    const origins = [0, 1].map((i) => {
        const spot = s.resource("aws:ec2/spotInstanceRequest:SpotInstanceRequest", `aws-spot-${i + 1}`, {
            ami: "ami-0084a47cc718c111a", instanceType: "c7i.xlarge", subnetId: ref(net.subnets[i]), vpcSecurityGroupIds: [ref(sg)], waitForFulfillment: true, spotType: "persistent", instanceInterruptionBehavior: "stop",
            metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" }, rootBlockDevice: { encrypted: true, volumeSize: 50, volumeType: "gp3" },
        }, { outputs: { id: `sir-${hex(`spot${i}`, 8)}`, spotInstanceId: `i-${hex(`spotinst${i}`, 17)}`, spotRequestState: "active", instanceState: "running", privateIp: `10.20.${i + 1}.10`, publicIp: `3.78.27.${i + 1}` } });
        const eip = awsEip(s, `aws-spot-${i + 1}-eip`, `3.78.27.${i + 1}`);
        s.resource("aws:ec2/eipAssociation:EipAssociation", `aws-spot-${i + 1}-assoc`, { allocationId: ref(eip, "allocationId"), instanceId: ref(spot, "spotInstanceId") }, { outputs: { id: `eipassoc-spot-${i}` } });
        return { name: `aws-${i}`, address: ref(eip, "publicIp") };
    });
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.27.1", "34.89.27.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.27.1", "49.12.27.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const ps = [origins, gcp.origins, hz.origins].map((o, i) => pool(s, ["aws", "gcp", "hz"][i], Z, o, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { defaultPools: ps.map((p) => ref(p)), fallbackPool: ref(ps[1]) });
    return s;
}

// keep imports used
void awsEip; void SHIELDED;

export const cases: CorpusCase[] = [
    { name: "R-H01 ALB + GCE global LB + Hetzner LB, one origin each", kind: "honest", description: "Three LB-fronted clouds: ALB with instance target attachments (origin = ALB DNS name), global external Application LB over a regional MIG, Hetzner LB over two servers.", stack: h01 },
    { name: "R-H02 mixed pools over NLB target pools, ENI-associated EIPs, floating IPs", kind: "honest", description: "Two pools each holding one origin per cloud: AWS EIPs associated to primary ENIs, GCP regional forwarding rules → target pools, Hetzner floating IPs via assignments.", stack: h02 },
    { name: "R-H03 geo steering with region/country pools, mixed last-resort pool", kind: "honest", description: "Geo steering; every region and country maps to pools on two clouds; fallback is a mixed pool; AWS in two regions with explicit providers.", stack: h03 },
    { name: "R-H04 origins by hostname (DNS-only origin records)", kind: "honest", description: "Pools address origins by hostnames whose DNS-only A records hold each cloud's node addresses; firewalls admit Cloudflare only, so the origin hostnames serve no one directly.", stack: h04 },
    { name: "R-H05 IPv6-only origins on three clouds", kind: "honest", description: "AWS IPv6 addresses, GCP external IPv6 access configs, Hetzner servers without IPv4: origins are IPv6 addresses.", stack: h05 },
    { name: "R-H06 apex/api/ws load balancers, www CNAME, mail and SaaS records", kind: "honest", description: "Three proxied LBs over shared three-cloud pools; www CNAME to the apex LB; MX/TXT/SaaS CNAMEs that are not the exchange.", stack: h06 },
    { name: "R-H07 least-outstanding-requests, cookie affinity, monitor group", kind: "honest", description: "Pools on three clouds with per-pool monitors, one pool on a monitor group whose https member must be healthy; cookie session affinity.", stack: h07 },
    { name: "R-H08 imported stack with literal pool, monitor and origin IDs", kind: "honest", description: "LB default pools, fallback and pool monitors are literal IDs and origin addresses literal IPs, matching the imported resources' IDs and addresses.", stack: h08 },
    { name: "R-H09 components, explicit providers, AWS at exactly 50%", kind: "honest", description: "AWS in two regions holds exactly half the origin weight (the rule forbids more than half); losing AWS leaves 4 origins and 50%.", stack: h09 },
    { name: "R-H10 dependsOn-only links with literal addresses", kind: "honest", description: "Pools list literal origin addresses and depend on the machines only through dependsOn.", stack: h10 },
    { name: "R-H11 legacy Record type, stale record shadowed by the LB", kind: "honest", description: "cloudflare:index/record:Record for DNS; an A record under the LB's own hostname that the load balancer takes precedence over; www CNAME to the LB.", stack: h11 },
    { name: "R-H12 rules: fixed response, disabled drill, affinity-only, two-cloud override", kind: "honest", description: "A fixed-response rule, a disabled rule to one cloud, a rule that only changes affinity, and an enabled rule whose override spans GCP and Hetzner with an AWS fallback.", stack: h12 },
    { name: "R-H13 firewall battery: disabled, tag-scoped, deny, egress, ICMP, QUIC", kind: "honest", description: "Rules that open nothing but 443 to the world: a disabled GCP rule, SSH from source tags, a deny rule, egress, ICMP, UDP 443.", stack: h13 },
    { name: "R-H14 stateless NACL with the documented ephemeral-port return rule", kind: "honest", description: "A network ACL admitting 1024-65535 from anywhere for return traffic (AWS documents this for stateless ACLs); security groups still admit 443 from Cloudflare only.", stack: h14 },
    { name: "R-H15 private origins through Cloudflare Tunnel (virtualNetworkId)", kind: "honest", description: "GCP and AWS origins at private addresses carrying the tunnel's virtual network ID; firewalls admit 443 from inside the VPC only.", stack: h15 },
    { name: "R-H16 AWS + Azure + DigitalOcean", kind: "honest", description: "azure-native VMs with static public IPs through NICs and an NSG; DigitalOcean droplets with reserved IPs and a cloud firewall.", stack: h16 },
    { name: "R-H17 ASGs behind NLBs, GCP backend-service NLBs over MIGs", kind: "honest", description: "Two AWS regions with NLB → target group → ASG (origins are NLB DNS names), two GCP regions with forwarding rule → region backend service → MIG.", stack: h17 },
    { name: "R-H18 Hetzner LBs with private-network targets, ICMP-only server firewall", kind: "honest", description: "Hetzner LBs reach servers over the private network (use_private_ip); Hetzner firewalls filter public traffic only, so the servers' firewall admits only ICMP and VPN SSH.", stack: h18 },
    { name: "R-H19 steering off with leftover country pools", kind: "honest", description: "steeringPolicy off uses default_pools only (Cloudflare API: \"off\": Use default_pools); stale US country pools on two AWS pools route nothing.", stack: h19 },
    { name: "R-H21 ASG attached to the NLB target group by aws:autoscaling/attachment", kind: "honest", description: "The ASG (desired 2) is registered with the NLB's target group through an autoscaling Attachment resource instead of targetGroupArns.", stack: h21 },
    { name: "R-H22 GCP global LB over an unmanaged instance group", kind: "honest", description: "Global forwarding rule → HTTPS proxy → URL map → backend service → unmanaged instance group of two running instances.", stack: h22 },
    { name: "R-H23 Hetzner LB label-selector targets; Spectrum app over the LB hostname", kind: "honest", description: "Hetzner LBs target servers by label selector; a Spectrum TCP app for FIX uses the multi-cloud load balancer's hostname as its origin (originDns).", stack: h23 },
    { name: "R-H24 record names relative / with trailing dot under the LB hostname", kind: "honest", description: "Stale records named \"trade\" (zone-relative, which the Cloudflare API expands) and \"trade.<zone>.\" under the LB's hostname; the load balancer takes precedence over DNS records with its name.", stack: h24 },
    { name: "R-H25 AWS origins are DNS-only CNAMEs to regional ALB DNS names", kind: "honest", description: "The AWS pool's origins are hostnames whose DNS-only CNAMEs point at two regional ALBs (each over two instances); GCP and Hetzner origins are addresses.", stack: h25 },
    { name: "R-H26 GCP nodes from gcp:compute/instanceFromTemplate", kind: "honest", description: "GCP nodes are instanceFromTemplate resources (Shielded VM template) with static external addresses.", stack: h26 },
    { name: "R-H27 AWS spot instance requests with EIP associations", kind: "honest", description: "AWS nodes are persistent spot instance requests; EIPs are associated to their fulfilled instance IDs.", stack: h27 },
    { name: "R-H20 per-hostname AOP on two LBs, EIP associations in a component", kind: "honest", description: "Per-hostname Authenticated Origin Pulls for both LB hostnames; AWS EIPs and their associations live in a separate component.", stack: h20 },
];
