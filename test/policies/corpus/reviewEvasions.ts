/**
 * Evasions written for the review: stacks that end up with a hostname, a traffic class or the serving capacity on one
 * cloud (or open a firewall) while looking multi-cloud. Each must fail one of its `expect` rules wherever the fields
 * that decide it are known.
 */
import type { CorpusCase } from "./builder";
import {
    CLOUDFLARE_IPV4, CorpusStack, PROJECT, awsEip, awsEipAssoc, awsInstance, awsLaunchTemplate, awsLb, awsNet, awsSg, awsSite, edgeBasics, gcpAddress, hostAop, gcpFirewall,
    gcpGlobalLb, gcpHealthCheck, gcpInstance, gcpNet, gcpRegionalMig, gcpSite, gcpTemplate, hex, hzLb, hzServer, hzSite, lb, monitor, num, pool, record, ref, toNumber, zone,
    type Origin,
} from "./reviewKit";

const Z = zone("meridian-markets.io");
const HOST = `trade.${Z.domain}`;

/** Three honest sites and one monitor; cases then bend one thing. */
function base(name: string, opts: { aws?: string[]; gcp?: string[]; hz?: string[] } = {}) {
    const s = new CorpusStack(name);
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", opts.aws ?? ["3.78.10.1", "3.78.10.2"], "eip-assoc");
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", opts.gcp ?? ["34.89.200.1", "34.89.200.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", opts.hz ?? ["49.12.90.1", "49.12.90.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    return { s, aws, gcp, hz, mon };
}
function threePools(b: ReturnType<typeof base>, args: Record<string, unknown> = {}) {
    const [pa, pg, ph] = [b.aws, b.gcp, b.hz].map((site) => pool(b.s, site.cloud, Z, site.origins, { monitor: ref(b.mon), ...args }));
    return { pa, pg, ph };
}

// ----------------------------------------------------------------------------------------------------------------

/** Geo steering: the biggest market (US) is served by two AWS pools with an AWS fallback. */
function e01() {
    const b = base("e01-us-country-aws");
    const { s } = b;
    const iad = awsSite(s, "aws-iad", "us-east-1", ["44.210.1.1", "44.210.1.2"], "eip-assoc", { provider: s.provider("aws", "aws-us-east-1", { region: "us-east-1" }) }, "10.30.0.0/16");
    const pdx = awsSite(s, "aws-pdx", "us-west-2", ["35.80.1.1", "35.80.1.2"], "eip-assoc", { provider: s.provider("aws", "aws-us-west-2", { region: "us-west-2" }) }, "10.31.0.0/16");
    const { pa, pg, ph } = threePools(b);
    const pIad = pool(s, "aws-iad", Z, iad.origins, { monitor: ref(b.mon) });
    const pPdx = pool(s, "aws-pdx", Z, pdx.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { steeringPolicy: "geo", defaultPools: [ref(pg), ref(ph)], fallbackPool: ref(pa), countryPools: { US: [ref(pIad), ref(pPdx)] } });
    return s;
}

/** An enabled rule on the order path overrides default and fallback pools to AWS. */
function e02() {
    const b = base("e02-rule-orders-aws");
    const { pa, pg, ph } = threePools(b);
    const aws2 = pool(b.s, "aws-b", Z, [b.aws.origins[1]], { monitor: ref(b.mon) });
    lb(b.s, "trade", Z, HOST, {
        defaultPools: [ref(pg), ref(ph), ref(pa)], fallbackPool: ref(pa),
        rules: [{ name: "orders pinned to aws", condition: "http.request.uri.path matches \"^/api/v[0-9]+/order\"", priority: 10, overrides: { defaultPools: [ref(pa)], fallbackPool: ref(aws2) } }],
    });
    return b.s;
}

/** A rule turns on geo steering for German clients only, with Hetzner-only country pools and a Hetzner fallback. */
function e03() {
    const b = base("e03-rule-country-hetzner");
    const { s } = b;
    const nbg = hzSite(s, "hz-nbg", "nbg1", ["159.69.90.1", "159.69.90.2"]);
    const { pa, pg, ph } = threePools(b);
    const pNbg = pool(s, "hz-nbg", Z, nbg.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, {
        defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg),
        rules: [{ name: "de", condition: "ip.src.country eq \"DE\"", priority: 5, overrides: { steeringPolicy: "geo", countryPools: { DE: [ref(ph), ref(pNbg)] }, defaultPools: [ref(ph), ref(pNbg)], fallbackPool: ref(pNbg) } }],
    });
    return s;
}

/** All four origins are AWS instances; two of their EIPs come from a BYOIP pool in a Google-looking range and are referenced by GCP and Hetzner firewalls. GCP/Hetzner machines exist but serve nothing. */
function e04() {
    const s = new CorpusStack("e04-aws-disguised");
    edgeBasics(s, Z);
    const net = awsNet(s, "aws-fra", "eu-central-1");
    const sg = awsSg(s, "aws-sg", net);
    const addrs = ["3.79.1.1", "3.79.1.2", "34.89.5.10", "34.89.5.11"];
    const nodes = addrs.map((a, i) => awsInstance(s, `node-${i + 1}`, { net, sg, subnet: i % 2, privateIp: `10.20.${(i % 2) + 1}.${10 + i}`, publicIp: a }));
    const eips = addrs.map((a, i) => {
        const eip = awsEip(s, `node-${i + 1}-eip`, a, i >= 2 ? { publicIpv4Pool: "ipv4pool-ec2-0a1b2c3d4e5f60718" } : {});
        awsEipAssoc(s, `node-${i + 1}-assoc`, eip, { instance: nodes[i] });
        return eip;
    });
    const gnet = gcpNet(s, "gcp-ew3", "europe-west3");
    gcpFirewall(s, "gcp-egress-to-gw", gnet, { direction: "EGRESS", allows: [{ protocol: "tcp", ports: ["443"] }], destinationRanges: eips.slice(2).map((e) => ref(e, "publicIp", (v) => `${v}/32`)) });
    gcpFirewall(s, "gcp-https-cf", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV4, targetTags: ["exchange-gw"] });
    gcpInstance(s, "gcp-witness", { net: gnet, zone: "europe-west3-a", internal: "10.40.0.9", assigned: "34.89.99.9" });
    const fw = s.resource("hcloud:index/firewall:Firewall", "hz-fw", { name: "hz-fw", rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_IPV4 }, { direction: "out", protocol: "tcp", port: "443", destinationIps: eips.slice(2).map((e) => ref(e, "publicIp", (v) => `${v}/32`)) }] }, { outputs: { id: "7700001" } });
    hzServer(s, "hz-backup", { firewall: fw, ipv4: "49.12.99.9", ipv6: "2a01:4f8:c012:9999::1" });
    const mon = monitor(s, "mon", Z, HOST);
    const pAws = pool(s, "aws-frankfurt", Z, eips.slice(0, 2).map((e, i) => ({ name: `aws-${i}`, address: ref(e, "publicIp") })), { monitor: ref(mon) });
    const pGcp = pool(s, "gcp-frankfurt", Z, eips.slice(2).map((e, i) => ({ name: `gcp-${i}`, address: ref(e, "publicIp") })), { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pAws), ref(pGcp)], fallbackPool: ref(pGcp) });
    return s;
}

/** api.<zone> is a proxied A record straight at one AWS node. */
function e05() {
    const b = base("e05-api-plain-a");
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(b.s, "api", Z, { name: `api.${Z.domain}`, type: "A", content: ref(b.aws.eips[0], "publicIp"), proxied: true });
    return b.s;
}

/** ws.<zone> is a legacy cloudflare:index/record:Record CNAME to an AWS ALB. */
function e06() {
    const b = base("e06-ws-legacy-cname-alb");
    const alb = awsLb(b.s, "ws-alb", b.aws.net, "application", b.aws.sg, { instances: b.aws.nodes });
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(b.s, "ws", Z, { name: `ws.${Z.domain}`, type: "CNAME", content: ref(alb.lb, "dnsName"), proxied: true }, true);
    return b.s;
}

/** The LB is disabled; the proxied A record under its hostname serves again, straight to one GCP node. */
function e07() {
    const b = base("e07-disabled-lb-record");
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { enabled: false, defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(b.s, "trade-a", Z, { name: HOST, type: "A", content: b.gcp.origins[0].address, proxied: true });
    return b.s;
}

/** GCP origins weigh 0.1 against AWS's 1. */
function e08() {
    const b = base("e08-weights");
    const { s } = b;
    const pa = pool(s, "aws", Z, b.aws.origins, { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, b.gcp.origins.map((o) => ({ ...o, weight: 0.1 })), { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg)], fallbackPool: ref(pg), steeringPolicy: "random" });
    return s;
}

/** The GCP pool needs 3 healthy origins but has 2: it is never healthy, so only AWS serves. */
function e09() {
    const b = base("e09-min-origins");
    const { s } = b;
    const pg = pool(s, "gcp", Z, b.gcp.origins, { monitor: ref(b.mon), minimumOrigins: 3 });
    const pa1 = pool(s, "aws-a", Z, b.aws.origins, { monitor: ref(b.mon) });
    const ph = pool(s, "hz-standby", Z, b.hz.origins.map((o) => ({ ...o, enabled: false })), { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pg), ref(pa1)], fallbackPool: ref(ph) });
    return s;
}

/** The AWS nodes are stopped by aws:ec2transitgateway/instanceState:InstanceState (the AWS provider's instance-state resource). */
function e10() {
    const s = new CorpusStack("e10-aws-stopped");
    edgeBasics(s, Z);
    const net = awsNet(s, "aws-fra", "eu-central-1");
    const sg = awsSg(s, "aws-sg", net);
    const nodes = [0, 1].map((i) => awsInstance(s, `aws-${i + 1}`, { net, sg, subnet: i, privateIp: `10.20.${i + 1}.10`, publicIp: `3.79.50.${i + 1}`, state: "stopped" }));
    nodes.forEach((n, i) => s.resource("aws:ec2transitgateway/instanceState:InstanceState", `aws-${i + 1}-state`, { instanceId: ref(n), state: "stopped" }, { outputs: { id: `i-${hex(`e10-aws-stopped:aws-${i + 1}`, 17)}` } }));
    const eips = nodes.map((n, i) => { const e = awsEip(s, `aws-${i + 1}-eip`, `3.79.50.${i + 1}`); awsEipAssoc(s, `aws-${i + 1}-assoc`, e, { instance: n }); return e; });
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.91.1", "49.12.91.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, eips.map((e, i) => ({ name: `aws-${i}`, address: ref(e, "publicIp") })), { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(ph), ref(pa)], fallbackPool: ref(pa) });
    return s;
}

/** GCP nodes with desiredStatus TERMINATED. */
function e11() {
    const s = new CorpusStack("e11-gcp-terminated");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.79.60.1", "3.79.60.2"]);
    const gnet = gcpNet(s, "gcp-ew3", "europe-west3");
    gcpFirewall(s, "gcp-https", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV4 });
    const origins = [0, 1].map((i) => {
        const ip = gcpAddress(s, `gcp-${i + 1}-ip`, "europe-west3", `34.89.61.${i + 1}`);
        gcpInstance(s, `gcp-${i + 1}`, { net: gnet, zone: "europe-west3-a", natIp: ref(ip, "address"), assigned: `34.89.61.${i + 1}`, internal: `10.40.0.${10 + i}`, desiredStatus: "TERMINATED" });
        return { name: `gcp-${i}`, address: ref(ip, "address") };
    });
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg)], fallbackPool: ref(pg) });
    return s;
}

/** GCP origins are the nodes' internal 10.x addresses, without a virtual network: Cloudflare cannot reach them. */
function e12() {
    const b = base("e12-private-no-vnet");
    const { s } = b;
    const pa = pool(s, "aws", Z, b.aws.origins, { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, b.gcp.nodes.map((n, i) => ({ name: `gcp-${i}`, address: ref(n, "networkInterfaces", (v) => (v as { networkIp: string }[])[0].networkIp) })), { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pg), ref(pa)], fallbackPool: ref(pg) });
    return s;
}

/** The AWS pool's origin is an ALB whose only targets come from an ASG with min/desired 0. */
function e13() {
    const s = new CorpusStack("e13-asg-zero");
    edgeBasics(s, Z);
    const net = awsNet(s, "aws-fra", "eu-central-1");
    const sg = awsSg(s, "aws-sg", net);
    const lt = awsLaunchTemplate(s, "gw", net, sg);
    const alb = awsLb(s, "trade-alb", net, "application", sg, { asg: { min: 0, max: 6, desired: 0, lt } });
    const alb2 = awsLb(s, "trade-alb-b", net, "application", sg, { asg: { min: 0, max: 6, desired: 0, lt } });
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.70.1", "34.89.70.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, [{ name: "alb", address: ref(alb.lb, "dnsName") }, { name: "alb-b", address: ref(alb2.lb, "dnsName") }], { monitor: ref(mon) });
    const pg = pool(s, "gcp", Z, gcp.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pg), ref(pa)], fallbackPool: ref(pa) });
    return s;
}

/** The GCP pool's origins are global LBs over MIGs scaled to zero. */
function e14() {
    const s = new CorpusStack("e14-mig-zero");
    edgeBasics(s, Z);
    const gnet = gcpNet(s, "gcp-ew3", "europe-west3");
    gcpFirewall(s, "gfe", gnet, { allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: ["130.211.0.0/22", "35.191.0.0/16"] });
    const tpl = gcpTemplate(s, "gw-tpl", gnet);
    const hc = gcpHealthCheck(s, "autoheal");
    const lbs = [0, 1].map((i) => { const mig = gcpRegionalMig(s, `gw-mig-${i}`, gnet, tpl, 0, hc); return gcpGlobalLb(s, `glb-${i}`, [ref(mig, "instanceGroup")], `34.117.${i}.1`); });
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.92.1", "49.12.92.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const pg = pool(s, "gcp", Z, lbs.map((x, i) => ({ name: `glb-${i}`, address: ref(x.ip, "address") })), { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(ph), ref(pg)], fallbackPool: ref(pg) });
    return s;
}

/** The Hetzner pool's origins are Hetzner LBs with a service but no targets. */
function e15() {
    const s = new CorpusStack("e15-hcloud-lb-empty");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.79.70.1", "3.79.70.2"]);
    const lbs = [hzLb(s, "hz-lb-a", [], "167.235.90.1"), hzLb(s, "hz-lb-b", [], "167.235.90.2")];
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, lbs.map((l, i) => ({ name: `hz-lb-${i}`, address: ref(l, "ipv4") })), { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(ph), ref(pa)], fallbackPool: ref(pa) });
    return s;
}

/** A reserved GCP address and a Hetzner floating IP attached to no machine stand in as the non-AWS origins. */
function e16() {
    const s = new CorpusStack("e16-unattached-addresses");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.79.80.1", "3.79.80.2"]);
    const gip = gcpAddress(s, "gcp-reserved", "europe-west3", "34.89.80.1");
    const fip = s.resource("hcloud:index/floatingIp:FloatingIp", "hz-fip", { type: "ipv4", homeLocation: "fsn1", description: "reserved" }, { outputs: { id: "880001", ipAddress: "78.47.80.1" } });
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const po = pool(s, "other", Z, [{ name: "gcp", address: ref(gip, "address") }, { name: "hz", address: ref(fip, "ipAddress") }], { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(po), ref(pa)], fallbackPool: ref(po) });
    return s;
}

/** A GCP firewall allows SSH with neither sourceRanges nor sourceTags: GCP then admits 0.0.0.0/0. */
function e17() {
    const b = base("e17-gcp-ssh-no-source");
    gcpFirewall(b.s, "gcp-ssh-ops", b.gcp.net, { allows: [{ protocol: "tcp", ports: ["22"] }], targetTags: ["exchange-gw"], description: "ssh for ops" });
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return b.s;
}

/** SSH from 0.0.0.0/0 through a GCP network firewall policy rule. */
function e18() {
    const b = base("e18-gcp-policy-ssh");
    const policy = b.s.resource("gcp:compute/networkFirewallPolicy:NetworkFirewallPolicy", "exchange-policy", { name: "exchange-policy", description: "org baseline" }, { outputs: { id: `projects/${PROJECT}/global/firewallPolicies/exchange-policy`, selfLink: "https://www.googleapis.com/compute/v1/projects/x/global/firewallPolicies/exchange-policy" } });
    b.s.resource("gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule", "allow-ssh", { firewallPolicy: ref(policy, "name", () => "exchange-policy"), priority: 1000, action: "allow", direction: "INGRESS", ruleName: "allow-ssh", match: { srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["22"] }] } }, { outputs: { id: "locations/global/firewallPolicies/exchange-policy/rules/1000" } });
    b.s.resource("gcp:compute/networkFirewallPolicyAssociation:NetworkFirewallPolicyAssociation", "assoc", { firewallPolicy: ref(policy, "name", () => "exchange-policy"), attachmentTarget: ref(b.gcp.net.network, "selfLink"), name: "exchange" }, { outputs: { id: "assoc-1" } });
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return b.s;
}

/** All traffic from ::/0 to the AWS nodes through a separate security-group ingress rule. */
function e19() {
    const b = base("e19-aws-all-v6");
    b.s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "debug-v6", { securityGroupId: ref(b.aws.sg), ipProtocol: "-1", cidrIpv6: "::/0", description: "temporary debug" }, { outputs: { id: "sgr-0dbg" } });
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return b.s;
}

/** A Hetzner firewall rule with port "any" from 0.0.0.0/0. */
function e20() {
    const b = base("e20-hz-any-port", {});
    const fw = b.s.resource("hcloud:index/firewall:Firewall", "hz-open", { name: "hz-open", rules: [{ direction: "in", protocol: "tcp", port: "any", sourceIps: ["0.0.0.0/0"] }] }, { outputs: { id: "7700020" } });
    b.s.resource("hcloud:index/firewallAttachment:FirewallAttachment", "hz-open-attach", { firewallId: ref(fw, "id", toNumber), labelSelectors: ["role=exchange-gw"] }, { outputs: { id: "7700020" } });
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return b.s;
}

/** Every pool's health comes from a monitor group whose only member is monitoring-only: pool health is never affected. */
function e21() {
    const b = base("e21-monitoring-only");
    const group = b.s.resource("cloudflare:index/loadBalancerMonitorGroup:LoadBalancerMonitorGroup", "dash-only", { accountId: Z.accountId, description: "dashboards", members: [{ monitorId: ref(b.mon), enabled: true, monitoringOnly: true, mustBeHealthy: false }] }, { outputs: { id: hex("e21group") } });
    const [pa, pg, ph] = [b.aws, b.gcp, b.hz].map((site) => pool(b.s, site.cloud, Z, site.origins, { monitorGroup: ref(group) }));
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return b.s;
}

/** A monitor every 60 s needing 10 consecutive failures: 10 minutes before failover. */
function e22() {
    const b = base("e22-slow-detection");
    const slow = monitor(b.s, "slow", Z, HOST, { interval: 60, timeout: 5, retries: 0, consecutiveDown: 10 });
    const [pa, pg, ph] = [b.aws, b.gcp, b.hz].map((site) => pool(b.s, site.cloud, Z, site.origins, { monitor: ref(slow) }));
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return b.s;
}

/** Origin hostnames named after GCP and Hetzner resolve (DNS-only records in the zone) to AWS EIPs. */
function e23() {
    const s = new CorpusStack("e23-origin-names-lie");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.79.90.1", "3.79.90.2", "3.79.90.3", "3.79.90.4"]);
    const names = ["aws-1", "aws-2", "gcp-1", "hz-1"];
    names.forEach((n, i) => record(s, `origin-${n}`, Z, { name: `${n}.origin.${Z.domain}`, type: "A", content: aws.origins[i].address, proxied: false }));
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, names.slice(0, 2).map((n) => ({ name: n, address: `${n}.origin.${Z.domain}` })), { monitor: ref(mon) });
    const po = pool(s, "gcp-hz", Z, names.slice(2).map((n) => ({ name: n, address: `${n}.origin.${Z.domain}` })), { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(po)], fallbackPool: ref(po) });
    return s;
}

/** The AWS capacity runs from a launch template with IMDSv1 allowed and an unencrypted root device. */
function e24() {
    const b = base("e24-lt-imdsv1");
    const { s } = b;
    const lt = awsLaunchTemplate(s, "gw-lt", b.aws.net, b.aws.sg, {
        metadataOptions: { httpTokens: "optional", httpEndpoint: "enabled" },
        blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { encrypted: "false", volumeSize: 50, volumeType: "gp3" } }],
    });
    const nlb = awsLb(s, "gw-nlb", b.aws.net, "network", b.aws.sg, { asg: { min: 2, max: 6, desired: 2, lt } });
    const pa = pool(s, "aws", Z, [...b.aws.origins, { name: "nlb", address: ref(nlb.lb, "dnsName") }], { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, b.gcp.origins, { monitor: ref(b.mon) });
    const ph = pool(s, "hz", Z, b.hz.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return s;
}

/** The GCP capacity runs from an instance template with Shielded VM turned off. */
function e25() {
    const b = base("e25-template-unshielded");
    const { s } = b;
    const tpl = gcpTemplate(s, "gw-tpl", b.gcp.net, { shieldedInstanceConfig: { enableSecureBoot: false, enableVtpm: false, enableIntegrityMonitoring: false } });
    const mig = gcpRegionalMig(s, "gw-mig", b.gcp.net, tpl, 2);
    const glb = gcpGlobalLb(s, "glb", [ref(mig, "instanceGroup")], "34.117.9.9");
    const pa = pool(s, "aws", Z, b.aws.origins, { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, [...b.gcp.origins, { name: "glb", address: ref(glb.ip, "address") }], { monitor: ref(b.mon) });
    const ph = pool(s, "hz", Z, b.hz.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return s;
}

/** Enterprise PoP steering: Frankfurt and Amsterdam PoPs go to Hetzner pools only, with a Hetzner fallback. */
function e26() {
    const b = base("e26-pop-pools-hetzner");
    const { s } = b;
    const nbg = hzSite(s, "hz-nbg", "nbg1", ["159.69.91.1", "159.69.91.2"]);
    const pa = pool(s, "aws", Z, b.aws.origins, { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, b.gcp.origins, { monitor: ref(b.mon) });
    const ph = pool(s, "hz-fsn", Z, b.hz.origins, { monitor: ref(b.mon) });
    const pn = pool(s, "hz-nbg", Z, nbg.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { steeringPolicy: "geo", defaultPools: [ref(pa), ref(pg)], fallbackPool: ref(pn), popPools: { FRA: [ref(ph), ref(pn)], AMS: [ref(pn), ref(ph)] } });
    return s;
}

/** AWS + Azure, where the Azure NSG admits SSH from the Internet service tag. */
function e27() {
    const s = new CorpusStack("e27-azure-ssh");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.79.95.1", "3.79.95.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.95.1", "49.12.95.2"]);
    const rgId = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/exchange";
    const nsg = s.resource("azure-native:network:NetworkSecurityGroup", "gw-nsg", {
        resourceGroupName: "exchange", location: "germanywestcentral",
        securityRules: [
            { name: "https-cloudflare", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefixes: CLOUDFLARE_IPV4, sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "443" },
            { name: "ssh", priority: 110, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "Internet", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "22" },
        ],
    }, { outputs: { id: `${rgId}/providers/Microsoft.Network/networkSecurityGroups/gw-nsg` } });
    const az = [0, 1].map((i) => {
        const pip = s.resource("azure-native:network:PublicIPAddress", `az-${i}-pip`, { resourceGroupName: "exchange", location: "germanywestcentral", publicIPAllocationMethod: "Static", sku: { name: "Standard" } }, { outputs: { id: `${rgId}/providers/Microsoft.Network/publicIPAddresses/az-${i}-pip`, ipAddress: `20.79.10.${i + 1}` } });
        const nic = s.resource("azure-native:network:NetworkInterface", `az-${i}-nic`, { resourceGroupName: "exchange", location: "germanywestcentral", networkSecurityGroup: { id: ref(nsg) }, ipConfigurations: [{ name: "ipconfig1", subnet: { id: `${rgId}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/gw` }, publicIPAddress: { id: ref(pip) }, primary: true }] }, { outputs: { id: `${rgId}/providers/Microsoft.Network/networkInterfaces/az-${i}-nic` } });
        s.resource("azure-native:compute:VirtualMachine", `az-${i}`, { resourceGroupName: "exchange", location: "germanywestcentral", hardwareProfile: { vmSize: "Standard_D4s_v5" }, networkProfile: { networkInterfaces: [{ id: ref(nic), primary: true }] }, securityProfile: { securityType: "TrustedLaunch", uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true } }, { outputs: { id: `${rgId}/providers/Microsoft.Compute/virtualMachines/az-${i}` } });
        return { name: `az-${i}`, address: ref(pip, "ipAddress") } as Origin;
    });
    const mon = monitor(s, "mon", Z, HOST);
    const pools = [pool(s, "aws", Z, aws.origins, { monitor: ref(mon) }), pool(s, "azure", Z, az, { monitor: ref(mon) }), pool(s, "hz", Z, hz.origins, { monitor: ref(mon) })];
    lb(s, "trade", Z, HOST, { defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[2]) });
    return s;
}

/** Everything on DigitalOcean, in two regions. */
function e28() {
    const s = new CorpusStack("e28-all-digitalocean");
    edgeBasics(s, Z);
    const origins = (["fra1", "ams3"] as const).map((region, r) => [0, 1].map((i) => {
        const d = s.resource("digitalocean:index/droplet:Droplet", `do-${region}-${i + 1}`, { name: `do-${region}-${i + 1}`, region, size: "c-4", image: "ubuntu-24-04-x64", tags: ["exchange-gw"] }, { outputs: { id: num(`e28${r}${i}`, 9), ipv4Address: `164.92.${r + 1}.${i + 1}`, status: "active" } });
        return { name: `do-${region}-${i}`, address: ref(d, "ipv4Address") };
    }));
    s.resource("digitalocean:index/firewall:Firewall", "do-fw", { name: "gw", tags: ["exchange-gw"], inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: CLOUDFLARE_IPV4 }] }, { outputs: { id: "e28-fw" } });
    const mon = monitor(s, "mon", Z, HOST);
    const pools = origins.map((o, r) => pool(s, `do-${r}`, Z, o, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { defaultPools: pools.map((p) => ref(p)), fallbackPool: ref(pools[1]) });
    return s;
}

/** Random steering with pool weights giving AWS 95% of traffic. */
function e29() {
    const b = base("e29-pool-weights");
    const { pa, pg } = threePools(b);
    lb(b.s, "trade", Z, HOST, { steeringPolicy: "random", defaultPools: [ref(pa), ref(pg)], fallbackPool: ref(pg), randomSteering: { defaultWeight: 0.05, poolWeights: { [b.s.resources.find((r) => r.name === "aws")!.id]: 0.95 } } });
    return b.s;
}

/** A DNS-only AAAA record sends ws6.<zone> straight to one Hetzner server. */
function e30() {
    const b = base("e30-aaaa-dns-only");
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(b.s, "ws6", Z, { name: `ws6.${Z.domain}`, type: "AAAA", content: ref(b.hz.nodes[0], "ipv6Address"), proxied: false, ttl: 300 });
    return b.s;
}

/** A rule with an empty condition (always true) overrides every request to AWS. */
function e31() {
    const b = base("e31-empty-condition-rule");
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, {
        defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph),
        rules: [{ name: "catch-all", condition: "", priority: 1, overrides: { defaultPools: [ref(pa)], fallbackPool: ref(pa) } }],
    });
    return b.s;
}

/** A security group rule opening 443-8443 to the world (the range includes the admin port 8443 and everything between). */
function e32() {
    const b = base("e32-port-range");
    b.s.resource("aws:ec2/securityGroupRule:SecurityGroupRule", "web-range", { type: "ingress", securityGroupId: ref(b.aws.sg), protocol: "tcp", fromPort: 443, toPort: 8443, cidrBlocks: ["0.0.0.0/0"] }, { outputs: { id: "sgrule-range" } });
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return b.s;
}

/** Geo steering: western Europe's first pool is AWS and the load balancer's fallback is another AWS pool. */
function e33() {
    const b = base("e33-region-fallback-same-cloud");
    const { s } = b;
    const dub = awsSite(s, "aws-dub", "eu-west-1", ["54.78.33.1", "54.78.33.2"], "eip-assoc", { provider: s.provider("aws", "aws-eu-west-1", { region: "eu-west-1" }) }, "10.33.0.0/16");
    const { pa, pg, ph } = threePools(b);
    const pDub = pool(s, "aws-dub", Z, dub.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { steeringPolicy: "geo", defaultPools: [ref(pg), ref(ph), ref(pa)], regionPools: { WEU: [ref(pa), ref(pg), ref(ph)] }, fallbackPool: ref(pDub) });
    return s;
}

/** The Hetzner origin servers sit behind a firewall whose rule list is empty (admits nothing), yet their pool counts them. */
function e34() {
    const s = new CorpusStack("e34-unreachable");
    edgeBasics(s, Z);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.79.34.1", "3.79.34.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.34.1", "49.12.34.2"], "server", {}, []);
    const mon = monitor(s, "mon", Z, HOST);
    const pa = pool(s, "aws", Z, aws.origins, { monitor: ref(mon) });
    const ph = pool(s, "hz", Z, hz.origins, { monitor: ref(mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(ph), ref(pa)], fallbackPool: ref(pa) });
    return s;
}

// ---- Stronger forms: every cloud still has serving machines (another hostname uses them), so only the rules that
// ---- judge what can serve one hostname's traffic class can catch the evasion.

/** trade: [AWS pool whose nodes an InstanceState resource stops, Hetzner]; api keeps GCP and Hetzner serving. */
function e35() {
    const b = base("e35-stopped-strong");
    const { s } = b;
    const net = awsNet(s, "aws-stopped", "eu-central-1", "10.25.0.0/16");
    const sg = awsSg(s, "aws-stopped-sg", net);
    const stopped = [0, 1].map((i) => awsInstance(s, `aws-stopped-${i + 1}`, { net, sg, subnet: i, privateIp: `10.25.${i + 1}.10`, publicIp: `3.78.35.${i + 1}`, state: "stopped" }));
    stopped.forEach((n, i) => s.resource("aws:ec2transitgateway/instanceState:InstanceState", `aws-stopped-${i + 1}-state`, { instanceId: ref(n), state: "stopped" }, { outputs: { id: `i-state-${i}` } }));
    const eips = stopped.map((n, i) => { const e = awsEip(s, `aws-stopped-${i + 1}-eip`, `3.78.35.${i + 1}`); awsEipAssoc(s, `aws-stopped-${i + 1}-assoc`, e, { instance: n }); return e; });
    const { pa, pg, ph } = threePools(b);
    const pStopped = pool(s, "aws-stopped", Z, eips.map((e, i) => ({ name: `aws-s-${i}`, address: ref(e, "publicIp") })), { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pStopped), ref(ph)], fallbackPool: ref(ph) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** trade: [GCP pool of TERMINATED instances, AWS]; api keeps running GCP nodes serving. */
function e36() {
    const b = base("e36-terminated-strong");
    const { s } = b;
    const origins = [0, 1].map((i) => {
        const ip = gcpAddress(s, `gcp-off-${i + 1}-ip`, "europe-west3", `34.89.36.${i + 1}`);
        gcpInstance(s, `gcp-off-${i + 1}`, { net: b.gcp.net, zone: "europe-west3-b", natIp: ref(ip, "address"), assigned: `34.89.36.${i + 1}`, internal: `10.40.0.${40 + i}`, desiredStatus: "TERMINATED" });
        return { name: `gcp-off-${i}`, address: ref(ip, "address") };
    });
    const { pa, pg, ph } = threePools(b);
    const pOff = pool(s, "gcp-off", Z, origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pOff), ref(pa)], fallbackPool: ref(pa) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** trade: [AWS ALB over an ASG with min 0 and no desiredCapacity (defaults to min), GCP]; api keeps AWS EIP nodes serving. */
function e37() {
    const b = base("e37-asg-zero-strong");
    const { s } = b;
    const lt = awsLaunchTemplate(s, "gw", b.aws.net, b.aws.sg);
    const alb = awsLb(s, "trade-alb", b.aws.net, "application", b.aws.sg, { asg: { min: 0, max: 10, desired: 0, lt } });
    const asg = s.resources.find((r) => r.name === "trade-alb-asg")!;
    delete (asg.inputs as Record<string, unknown>).desiredCapacity;
    const { pa, pg, ph } = threePools(b);
    const pAlb = pool(s, "aws-alb", Z, [{ name: "alb", address: ref(alb.lb, "dnsName") }], { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pAlb), ref(pg)], fallbackPool: ref(pg) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** trade: [GCP regional NLB over a MIG of size 0, Hetzner]; api keeps GCP static nodes serving. */
function e38() {
    const b = base("e38-mig-zero-strong");
    const { s } = b;
    const tpl = gcpTemplate(s, "gw-tpl", b.gcp.net);
    const mig = gcpRegionalMig(s, "gw-mig", b.gcp.net, tpl, 0);
    const hc = s.resource("gcp:compute/regionHealthCheck:RegionHealthCheck", "hc", { region: "europe-west3", checkIntervalSec: 5, timeoutSec: 5, tcpHealthCheck: { port: 443 } }, { outputs: { id: `projects/${PROJECT}/regions/europe-west3/healthChecks/hc`, selfLink: "https://www.googleapis.com/compute/v1/projects/p/regions/europe-west3/healthChecks/hc" } });
    const bs = s.resource("gcp:compute/regionBackendService:RegionBackendService", "bs", { region: "europe-west3", protocol: "TCP", loadBalancingScheme: "EXTERNAL", healthChecks: ref(hc, "selfLink"), backends: [{ group: ref(mig, "instanceGroup"), balancingMode: "CONNECTION" }] }, { outputs: { id: `projects/${PROJECT}/regions/europe-west3/backendServices/bs`, selfLink: "https://www.googleapis.com/compute/v1/projects/p/regions/europe-west3/backendServices/bs" } });
    const ip = gcpAddress(s, "nlb-ip", "europe-west3", "34.89.38.1");
    s.resource("gcp:compute/forwardingRule:ForwardingRule", "nlb", { region: "europe-west3", backendService: ref(bs, "selfLink"), ipAddress: ref(ip, "address"), ipProtocol: "TCP", ports: ["443"], loadBalancingScheme: "EXTERNAL" }, { outputs: { id: `projects/${PROJECT}/regions/europe-west3/forwardingRules/nlb` } });
    const { pa, pg, ph } = threePools(b);
    const pNlb = pool(s, "gcp-nlb", Z, [{ name: "nlb", address: ref(ip, "address") }], { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pNlb), ref(ph)], fallbackPool: ref(ph) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** trade: [Hetzner LB without targets, AWS]; api keeps Hetzner servers serving. */
function e39() {
    const b = base("e39-hlb-empty-strong");
    const { s } = b;
    const hlb = hzLb(s, "hz-lb", [], "167.235.39.1");
    const { pa, pg, ph } = threePools(b);
    const pLb = pool(s, "hz-lb", Z, [{ name: "hz-lb", address: ref(hlb, "ipv4") }], { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pLb), ref(pa)], fallbackPool: ref(pa) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** trade: [reserved GCP address and unassigned Hetzner floating IP, AWS]; api keeps GCP/Hetzner nodes serving. */
function e40() {
    const b = base("e40-unattached-strong");
    const { s } = b;
    const gip = gcpAddress(s, "gcp-reserved", "europe-west3", "34.89.40.1");
    const fip = s.resource("hcloud:index/floatingIp:FloatingIp", "hz-fip", { type: "ipv4", homeLocation: "fsn1", description: "reserved" }, { outputs: { id: "880040", ipAddress: "78.47.40.1" } });
    const { pa, pg, ph } = threePools(b);
    const po = pool(s, "other", Z, [{ name: "gcp", address: ref(gip, "address") }, { name: "hz", address: ref(fip, "ipAddress") }], { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(po), ref(pa)], fallbackPool: ref(po) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** GCP origins written as literal private addresses (known in a first preview), without a virtual network. */
function e41() {
    const b = base("e41-private-literal");
    const { s } = b;
    const pa = pool(s, "aws", Z, b.aws.origins, { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, [{ name: "gcp-0", address: "10.40.0.10" }, { name: "gcp-1", address: "10.40.0.11" }], { monitor: ref(b.mon) }, { dependsOn: b.gcp.nodes });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pg), ref(pa)], fallbackPool: ref(pg) });
    return s;
}

/** fix.<zone>: a Spectrum TCP application (FIX protocol) straight to one AWS node. */
function e42() {
    const b = base("e42-spectrum-direct");
    const { s } = b;
    const { pa, pg, ph } = threePools(b);
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    s.resource("cloudflare:index/spectrumApplication:SpectrumApplication", "fix", {
        zoneId: Z.zoneId, protocol: "tcp/9878", dns: { type: "CNAME", name: `fix.${Z.domain}` }, originDirects: [ref(b.aws.eips[0], "publicIp", (v) => `tcp://${v}:9878`)],
        proxyProtocol: "v1", tls: "full", trafficType: "direct", ipFirewall: true,
    }, { outputs: { id: hex("e42spectrum") } });
    return s;
}

/** ws.<zone>: a proxied CNAME to an origin hostname whose DNS-only A record points at one AWS node (two hops). */
function e43() {
    const b = base("e43-cname-chain");
    const { s } = b;
    const { pa, pg, ph } = threePools(b);
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(s, "gw-origin", Z, { name: `gw1.internal.${Z.domain}`, type: "A", content: ref(b.aws.eips[0], "publicIp"), proxied: false });
    record(s, "ws", Z, { name: `ws.${Z.domain}`, type: "CNAME", content: `gw1.internal.${Z.domain}`, proxied: true });
    return s;
}

/** api.<zone>: a proxied A record to a Hetzner load balancer in front of two Hetzner servers: one cloud, whatever its own health checks. */
function e44() {
    const b = base("e44-a-to-hcloud-lb");
    const { s } = b;
    const hlb = hzLb(s, "api-hlb", b.hz.nodes, "167.235.44.1");
    const { pa, pg, ph } = threePools(b);
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(s, "api", Z, { name: `api.${Z.domain}`, type: "A", content: ref(hlb, "ipv4"), proxied: true });
    return s;
}

/** trade: [Hetzner LB whose label-selector target matches no server, AWS]. */
function e45() {
    const b = base("e45-label-selector-miss");
    const { s } = b;
    const hlb = hzLb(s, "hz-lb", [], "167.235.45.1");
    s.resource("hcloud:index/loadBalancerTarget:LoadBalancerTarget", "hz-lb-selector", { type: "label_selector", loadBalancerId: ref(hlb, "id", toNumber), labelSelector: "role=exchange-api", usePrivateIp: false }, { outputs: { id: "lbt-sel" } });
    const { pa, pg, ph } = threePools(b);
    const pLb = pool(s, "hz-lb", Z, [{ name: "hz-lb", address: ref(hlb, "ipv4") }], { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pLb), ref(pa)], fallbackPool: ref(pa) });
    lb(s, "api", Z, `api.${Z.domain}`, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(pg) });
    return s;
}

/** A proxied wildcard record sends every hostname without its own record (api2, ws2, …) to one AWS node. */
function e46() {
    const b = base("e46-wildcard");
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(b.s, "wildcard", Z, { name: `*.${Z.domain}`, type: "A", content: ref(b.aws.eips[0], "publicIp"), proxied: true });
    return b.s;
}

/** The zone apex, written "@", is a proxied A record to one AWS node. */
function e47() {
    const b = base("e47-apex-at");
    const { pa, pg, ph } = threePools(b);
    lb(b.s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(b.s, "apex", Z, { name: "@", type: "A", content: ref(b.aws.eips[1], "publicIp"), proxied: true });
    return b.s;
}

/** A pool that depends on the GCP nodes (dependsOn) but lists the AWS EIPs' addresses as literals. */
function e48() {
    const b = base("e48-literal-aws-in-gcp-pool", { aws: ["3.78.48.1", "3.78.48.2", "3.78.48.3", "3.78.48.4"] });
    const { s } = b;
    const pa = pool(s, "aws", Z, b.aws.origins.slice(0, 2), { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, [{ name: "gcp-0", address: "3.78.48.3" }, { name: "gcp-1", address: "3.78.48.4" }], { monitor: ref(b.mon) }, { dependsOn: b.gcp.nodes });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pg), ref(pa)], fallbackPool: ref(pg) });
    return s;
}

/** A rule overrides only the fallback pool, to AWS, for requests whose first pool is AWS. */
function e49() {
    const b = base("e49-rule-fallback-only");
    const { s } = b;
    const { pa, pg, ph } = threePools(b);
    const pa2 = pool(s, "aws-b", Z, [b.aws.origins[1]], { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph), rules: [{ name: "api fallback", condition: "starts_with(http.request.uri.path, \"/api/\")", priority: 1, overrides: { fallbackPool: ref(pa2) } }] });
    return s;
}

/** steeringPolicy left empty: the Cloudflare API maps "" to geo when country pools exist, so US clients go to AWS pools only. */
function e50() {
    const b = base("e50-empty-steering-country");
    const { s } = b;
    const iad = awsSite(s, "aws-iad", "us-east-1", ["44.210.50.1", "44.210.50.2"], "eip-assoc", {}, "10.30.0.0/16");
    const { pa, pg, ph } = threePools(b);
    const pIad = pool(s, "aws-iad", Z, iad.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { steeringPolicy: "", defaultPools: [ref(pg), ref(ph)], fallbackPool: ref(pa), countryPools: { US: [ref(pIad), ref(pa)] } });
    return s;
}

/** api.<zone> is a proxied CNAME to a Cloudflare Tunnel whose only connector runs on one AWS node. */
function e52() {
    const b = base("e52-tunnel-cname");
    const { s } = b;
    const tunnel = s.resource("cloudflare:index/zeroTrustTunnelCloudflared:ZeroTrustTunnelCloudflared", "api-tunnel", { accountId: Z.accountId, name: "api", configSrc: "cloudflare" }, { outputs: { id: "6ff42ae2-765d-4adf-8112-31c55c1551ef" } });
    s.resource("cloudflare:index/zeroTrustTunnelCloudflaredConfig:ZeroTrustTunnelCloudflaredConfig", "api-tunnel-config", { accountId: Z.accountId, tunnelId: ref(tunnel), config: { ingresses: [{ hostname: `api.${Z.domain}`, service: "https://localhost:443" }, { service: "http_status:404" }] } }, { outputs: { id: "cfg" } });
    const { pa, pg, ph } = threePools(b);
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    record(s, "api", Z, { name: `api.${Z.domain}`, type: "CNAME", content: ref(tunnel, "id", (v) => `${v}.cfargotunnel.com`), proxied: true });
    return s;
}

/** SSH from a customer-managed prefix list whose only entry is 0.0.0.0/0. */
function e53() {
    const b = base("e53-prefix-list-world");
    const { s } = b;
    const pl = s.resource("aws:ec2/managedPrefixList:ManagedPrefixList", "ops-sources", { name: "ops-sources", addressFamily: "IPv4", maxEntries: 5, entries: [{ cidr: "0.0.0.0/0", description: "temporary: anywhere" }] }, { outputs: { id: "pl-0a1b2c3d4e5f6a7b8", arn: "arn:aws:ec2:eu-central-1:111122223333:prefix-list/pl-0a1b2c3d4e5f6a7b8" } });
    s.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ssh-ops", { securityGroupId: ref(b.aws.sg), ipProtocol: "tcp", fromPort: 22, toPort: 22, prefixListId: ref(pl) }, { outputs: { id: "sgr-ops" } });
    const { pa, pg, ph } = threePools(b);
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return s;
}

/** SSH from 0.0.0.0/1 and 128.0.0.0/1: the whole IPv4 internet in two halves. */
function e54() {
    const b = base("e54-two-halves");
    const { s } = b;
    s.resource("aws:ec2/securityGroupRule:SecurityGroupRule", "ssh-halves", { type: "ingress", securityGroupId: ref(b.aws.sg), protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }, { outputs: { id: "sgrule-halves" } });
    gcpFirewall(s, "gcp-ssh-halves", b.gcp.net, { allows: [{ protocol: "tcp", ports: ["22"] }], sourceRanges: ["0.0.0.0/1", "128.0.0.0/1"] });
    const { pa, pg, ph } = threePools(b);
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return s;
}

/** The AWS ASG runs from a legacy launch configuration with IMDSv1 and an unencrypted root device. */
function e55() {
    const b = base("e55-launch-configuration");
    const { s } = b;
    const lc = s.resource("aws:ec2/launchConfiguration:LaunchConfiguration", "gw-lc", { namePrefix: "gw-", imageId: "ami-0084a47cc718c111a", instanceType: "c7i.xlarge", securityGroups: [ref(b.aws.sg)], metadataOptions: { httpTokens: "optional", httpEndpoint: "enabled" }, rootBlockDevice: { encrypted: false, volumeSize: 50, volumeType: "gp3" } }, { outputs: { id: "gw-lc-2025", arn: "arn:aws:autoscaling:eu-central-1:111122223333:launchConfiguration:x" } });
    const nlb = awsLb(s, "gw-nlb", b.aws.net, "network", b.aws.sg, {});
    s.resource("aws:autoscaling/group:Group", "gw-asg", { minSize: 2, maxSize: 4, desiredCapacity: 2, launchConfiguration: ref(lc), vpcZoneIdentifiers: b.aws.net.subnets.map((x) => ref(x)), targetGroupArns: [ref(nlb.tg, "arn")] }, { outputs: { id: "gw-asg" } });
    const pa = pool(s, "aws", Z, [...b.aws.origins, { name: "nlb", address: ref(nlb.lb, "dnsName") }], { monitor: ref(b.mon) });
    const pg = pool(s, "gcp", Z, b.gcp.origins, { monitor: ref(b.mon) });
    const ph = pool(s, "hz", Z, b.hz.origins, { monitor: ref(b.mon) });
    lb(s, "trade", Z, HOST, { defaultPools: [ref(pa), ref(pg), ref(ph)], fallbackPool: ref(ph) });
    return s;
}

/** Per-hostname Authenticated Origin Pulls exist, but the association for the LB's hostname is disabled. */
function e56() {
    const s = new CorpusStack("e56-aop-disabled");
    s.resource("cloudflare:index/zoneSetting:ZoneSetting", "ssl", { zoneId: Z.zoneId, settingId: "ssl", value: "strict" }, { outputs: { id: "ssl" } });
    hostAop(s, Z, [HOST], "aop-hosts", {}, false);
    const aws = awsSite(s, "aws-fra", "eu-central-1", ["3.78.56.1", "3.78.56.2"]);
    const gcp = gcpSite(s, "gcp-ew3", "europe-west3", ["34.89.56.1", "34.89.56.2"]);
    const hz = hzSite(s, "hz-fsn", "fsn1", ["49.12.56.1", "49.12.56.2"]);
    const mon = monitor(s, "mon", Z, HOST);
    const ps = [aws, gcp, hz].map((site) => pool(s, site.cloud, Z, site.origins, { monitor: ref(mon) }));
    lb(s, "trade", Z, HOST, { defaultPools: ps.map((p) => ref(p)), fallbackPool: ref(ps[2]) });
    return s;
}

export const cases: CorpusCase[] = [
    { name: "R-E01 US country pools all AWS, AWS fallback", kind: "evasion", expect: ["failover-spans-providers", "independent-fallback", "no-provider-majority", "capacity-after-provider-loss"], description: "Geo steering: the US (the biggest market) maps to two AWS pools and the LB's fallback is AWS, so US traffic never leaves AWS.", stack: e01 },
    { name: "R-E02 enabled rule pins the order path to AWS", kind: "evasion", expect: ["failover-spans-providers", "independent-fallback", "no-provider-majority", "capacity-after-provider-loss"], description: "An enabled rule on /api/vN/order overrides default and fallback pools to AWS pools only.", stack: e02 },
    { name: "R-E03 rule-level country pools for DE on Hetzner only", kind: "evasion", expect: ["failover-spans-providers", "independent-fallback", "no-provider-majority", "capacity-after-provider-loss"], description: "A rule switches German clients to geo steering with Hetzner-only country, default and fallback pools.", stack: e03 },
    { name: "R-E04 AWS EIPs disguised as GCP (BYOIP range, GCP/Hetzner firewalls reference them)", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "Every origin is an EIP associated to an AWS instance; two are in a Google-looking range and referenced by GCP/Hetzner firewalls; the pool is named gcp-frankfurt.", stack: e04 },
    { name: "R-E05 api hostname: proxied A record to one AWS node", kind: "evasion", expect: ["health-checked-failover"], description: "A second public hostname served by a plain proxied A record straight to one AWS node.", stack: e05 },
    { name: "R-E06 ws hostname: legacy Record CNAME to an AWS ALB", kind: "evasion", expect: ["health-checked-failover", "failover-spans-providers"], description: "A legacy cloudflare:index/record:Record CNAME sends ws.<zone> to one AWS ALB: one cloud, no Cloudflare health-checked failover.", stack: e06 },
    { name: "R-E07 disabled LB hands its hostname to an A record on one GCP node", kind: "evasion", expect: ["health-checked-failover", "failover-spans-providers"], description: "The LB is disabled, so the proxied A record under the same hostname serves, to one GCP node.", stack: e07 },
    { name: "R-E08 GCP origins weigh 0.1", kind: "evasion", expect: ["no-provider-majority", "capacity-after-provider-loss"], description: "AWS origins weigh 1, GCP origins 0.1: AWS holds 91% of the weight.", stack: e08 },
    { name: "R-E09 GCP pool's minimumOrigins exceeds its origins", kind: "evasion", expect: ["failover-spans-providers", "capacity-after-provider-loss", "no-provider-majority"], description: "The GCP pool requires 3 healthy origins but has 2, so it is never healthy; the Hetzner fallback's origins are disabled: only AWS serves.", stack: e09 },
    { name: "R-E10 AWS nodes stopped by an InstanceState resource", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "aws:ec2transitgateway/instanceState:InstanceState sets both AWS nodes to stopped: only Hetzner serves.", stack: e10 },
    { name: "R-E11 GCP nodes desiredStatus TERMINATED", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "GCP instances with desiredStatus TERMINATED behind the GCP pool: only AWS serves.", stack: e11 },
    { name: "R-E12 GCP origins at private addresses without a virtual network", kind: "evasion", revealedOnlyDeployed: true, expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "The GCP pool's origins are the nodes' internal 10.40.x addresses, with no virtualNetworkId: unreachable from Cloudflare.", stack: e12 },
    { name: "R-E13 AWS ALBs over ASGs scaled to zero", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "The AWS origins are ALBs whose target groups are fed by ASGs with min 0 / desired 0.", stack: e13 },
    { name: "R-E14 GCP global LBs over MIGs of size 0", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "The GCP origins are global LB addresses over regional MIGs with targetSize 0.", stack: e14 },
    { name: "R-E15 Hetzner LBs without targets", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "The Hetzner origins are Hetzner load balancers with no targets at all.", stack: e15 },
    { name: "R-E16 unattached GCP address and Hetzner floating IP", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "A reserved GCP address used by no instance and an unassigned Hetzner floating IP stand in for the non-AWS origins.", stack: e16 },
    { name: "R-E17 GCP firewall SSH with no source (0.0.0.0/0)", kind: "evasion", expect: ["origin-lockdown"], description: "A GCP INGRESS rule allowing tcp:22 with neither sourceRanges nor sourceTags: GCP applies 0.0.0.0/0.", stack: e17 },
    { name: "R-E18 GCP network firewall policy rule SSH from 0.0.0.0/0", kind: "evasion", expect: ["origin-lockdown"], description: "A network firewall policy, associated to the node network, allows tcp:22 from 0.0.0.0/0.", stack: e18 },
    { name: "R-E19 AWS SG rule: all protocols from ::/0", kind: "evasion", expect: ["origin-lockdown"], description: "aws:vpc/securityGroupIngressRule ipProtocol -1 from ::/0 on the node security group.", stack: e19 },
    { name: "R-E20 Hetzner firewall port any from 0.0.0.0/0", kind: "evasion", expect: ["origin-lockdown"], description: "A Hetzner firewall rule tcp port \"any\" from 0.0.0.0/0, attached by label selector.", stack: e20 },
    { name: "R-E21 monitor group with a monitoring-only member", kind: "evasion", expect: ["health-checked-failover"], description: "Every pool's health is a monitor group whose only member is monitoringOnly (does not affect pool health): no health-checked failover.", stack: e21 },
    { name: "R-E22 detection takes 10 minutes (consecutiveDown 10 × 60 s)", kind: "evasion", expect: ["health-checked-failover"], description: "The only monitor probes every 60 s and needs 10 consecutive failures: about 600 s before failover.", stack: e22 },
    { name: "R-E23 origin hostnames named gcp/hz resolve to AWS EIPs", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "All origin hostnames, including gcp-1 and hz-1, are DNS-only A records to AWS EIPs.", stack: e23 },
    { name: "R-E24 ASG launch template: IMDSv1 and unencrypted root", kind: "evasion", expect: ["encryption-and-metadata"], description: "The AWS ASG's launch template allows IMDSv1 (httpTokens optional) and has an unencrypted root EBS device.", stack: e24 },
    { name: "R-E25 MIG instance template without Shielded VM", kind: "evasion", expect: ["encryption-and-metadata"], description: "The GCP MIG's instance template turns Secure Boot, vTPM and integrity monitoring off.", stack: e25 },
    { name: "R-E26 PoP pools FRA/AMS on Hetzner only", kind: "evasion", expect: ["failover-spans-providers", "independent-fallback", "no-provider-majority", "capacity-after-provider-loss"], description: "Geo steering; the FRA and AMS PoPs map to two Hetzner pools and the fallback is Hetzner.", stack: e26 },
    { name: "R-E27 Azure NSG SSH from Internet", kind: "evasion", expect: ["origin-lockdown"], description: "An azure-native NSG rule allows tcp:22 from the Internet service tag to the Azure nodes.", stack: e27 },
    { name: "R-E28 all DigitalOcean", kind: "evasion", expect: ["failover-spans-providers", "exchange-nodes-span-providers"], description: "Every origin is a DigitalOcean droplet, in two regions.", stack: e28 },
    // The pack judges capacity (origin weight, which stands for a node's share) and failover, not the day-to-day split:
    // AWS takes 95% of requests, but the others hold half the capacity and take over when AWS fails (README, policy pack).
    { name: "R-E29 random steering pool weights give AWS 95%", kind: "honest", description: "Random steering with poolWeights AWS 0.95 / others 0.05: AWS takes 95% of requests while capacity is balanced across clouds.", stack: e29 },
    { name: "R-E30 ws6 hostname: DNS-only AAAA to one Hetzner server", kind: "evasion", expect: ["health-checked-failover"], description: "A DNS-only AAAA record sends ws6.<zone> straight to one Hetzner server.", stack: e30 },
    { name: "R-E31 rule with an empty condition overrides everything to AWS", kind: "evasion", expect: ["failover-spans-providers", "independent-fallback", "no-provider-majority", "capacity-after-provider-loss"], description: "An enabled rule with an empty condition (always true) overrides default and fallback pools to AWS.", stack: e31 },
    { name: "R-E32 SG rule opens 443-8443 to the world", kind: "evasion", expect: ["origin-lockdown"], description: "aws:ec2/securityGroupRule ingress tcp 443-8443 from 0.0.0.0/0: every port in between is open.", stack: e32 },
    { name: "R-E33 WEU region's first pool AWS, fallback AWS", kind: "evasion", revealedOnlyDeployed: true, expect: ["independent-fallback"], description: "Geo steering: WEU's first pool is AWS and the LB fallback is another AWS pool.", stack: e33 },
    { name: "R-E34 Hetzner nodes behind an empty firewall", kind: "evasion", expect: ["origins-reachable", "failover-spans-providers"], description: "The Hetzner origin servers' firewall has no rules, so it admits nothing; the pool still counts them.", stack: e34 },
    { name: "R-E46 proxied wildcard record to one AWS node", kind: "evasion", expect: ["health-checked-failover"], description: "*.<zone> is a proxied A record to one AWS node: every hostname without its own record is served by it.", stack: e46 },
    { name: "R-E47 apex written \"@\" as a proxied A record to one AWS node", kind: "evasion", expect: ["health-checked-failover"], description: "The zone apex (name \"@\", as the Cloudflare API accepts it) is a proxied A record straight to one AWS node.", stack: e47 },
    { name: "R-E48 pool depends on GCP nodes but lists AWS addresses", kind: "evasion", revealedOnlyDeployed: true, expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "The \"gcp\" pool dependsOn the GCP nodes but its literal origin addresses are two AWS EIPs: every origin is AWS.", stack: e48 },
    { name: "R-E49 rule overrides only the fallback, to AWS", kind: "evasion", revealedOnlyDeployed: true, expect: ["independent-fallback"], description: "A rule on /api/ keeps the default pools (AWS first) and overrides the fallback pool to another AWS pool.", stack: e49 },
    { name: "R-E50 empty steering policy with AWS-only US country pools", kind: "evasion", expect: ["failover-spans-providers", "independent-fallback", "no-provider-majority", "capacity-after-provider-loss"], description: "steeringPolicy \"\" maps to geo when country pools exist (Cloudflare API): US clients get two AWS pools and an AWS fallback.", stack: e50 },
    { name: "R-E52 api served by a Cloudflare Tunnel CNAME", kind: "evasion", expect: ["health-checked-failover"], description: "api.<zone> is a proxied CNAME to <tunnel>.cfargotunnel.com: one tunnel, no load balancer, no health-checked failover.", stack: e52 },
    { name: "R-E53 SSH from a managed prefix list holding 0.0.0.0/0", kind: "evasion", expect: ["origin-lockdown"], description: "An ingress rule admits tcp:22 from a customer-managed prefix list whose only entry is 0.0.0.0/0.", stack: e53 },
    { name: "R-E54 SSH from 0.0.0.0/1 + 128.0.0.0/1", kind: "evasion", expect: ["origin-lockdown"], description: "AWS and GCP rules admit tcp:22 from 0.0.0.0/1 and 128.0.0.0/1, which together are 0.0.0.0/0.", stack: e54 },
    { name: "R-E55 ASG on a legacy launch configuration with IMDSv1, unencrypted root", kind: "evasion", expect: ["encryption-and-metadata"], description: "aws:ec2/launchConfiguration with metadataOptions.httpTokens optional and rootBlockDevice.encrypted false feeds the ASG.", stack: e55 },
    { name: "R-E56 per-hostname AOP association disabled", kind: "evasion", expect: ["authenticated-origin-pulls"], description: "The only Authenticated Origin Pulls config for the LB hostname has enabled: false, and zone-level AOP is not on.", stack: e56 },
    { name: "R-E35 stopped AWS pool while AWS serves elsewhere", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "trade's AWS pool holds nodes an InstanceState resource stops; trade is served by Hetzner alone while api keeps every cloud serving.", stack: e35 },
    { name: "R-E36 TERMINATED GCP pool while GCP serves elsewhere", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "trade's GCP pool holds instances with desiredStatus TERMINATED; trade is served by AWS alone.", stack: e36 },
    { name: "R-E37 ALB over an ASG with min 0 and no desired capacity", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "trade's AWS origin is an ALB over an ASG with minSize 0 and desiredCapacity unset (AWS starts it at minSize): trade is served by GCP alone.", stack: e37 },
    { name: "R-E38 GCP regional NLB over a MIG of size 0 while GCP serves elsewhere", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "trade's GCP origin is a forwarding rule → region backend service → MIG with targetSize 0.", stack: e38 },
    { name: "R-E39 Hetzner LB without targets while Hetzner serves elsewhere", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "trade's Hetzner origin is a Hetzner LB with no targets; trade is served by AWS alone.", stack: e39 },
    { name: "R-E40 unattached GCP address / floating IP while those clouds serve elsewhere", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "trade's non-AWS origins are a reserved GCP address and an unassigned Hetzner floating IP.", stack: e40 },
    { name: "R-E41 literal private GCP origins without a virtual network", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "The GCP origins are literal 10.40.x addresses (known in a preview) with no virtualNetworkId.", stack: e41 },
    { name: "R-E42 Spectrum application straight to one AWS node", kind: "evasion", expect: ["health-checked-failover", "failover-spans-providers"], description: "fix.<zone> is a Cloudflare Spectrum TCP application whose originDirects is one AWS EIP: public traffic on one node of one cloud.", stack: e42 },
    { name: "R-E43 proxied CNAME to a DNS-only origin record (two hops to one AWS node)", kind: "evasion", expect: ["health-checked-failover"], description: "ws.<zone> CNAMEs to gw1.internal.<zone>, a DNS-only A record to one AWS EIP.", stack: e43 },
    { name: "R-E44 A record to a Hetzner LB (one cloud)", kind: "evasion", expect: ["health-checked-failover", "failover-spans-providers"], description: "api.<zone> is a proxied A record to a Hetzner load balancer over Hetzner servers: that hostname lives on one cloud.", stack: e44 },
    { name: "R-E45 Hetzner LB label selector matching no server", kind: "evasion", expect: ["failover-spans-providers", "no-provider-majority", "capacity-after-provider-loss"], description: "trade's Hetzner origin is an LB whose only target is a label selector (role=exchange-api) that no server carries.", stack: e45 },
];
