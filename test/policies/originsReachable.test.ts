import { originsReachable as rule } from "../../policies/rules/originsReachable";
import { VARIANTS } from "./corpus/builder";
import { CLOUDFLARE_RANGES, DEPLOYED, ExchangeStack, PREVIEW, honestStack, messages } from "./exchangeStack";

const CUT_OFF = "admit(s) no inbound traffic at all";

test("is the mandatory rule origins-reachable", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["origins-reachable", "mandatory"]);
});

test.each(VARIANTS)("passes nodes whose firewalls admit Cloudflare (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("reports the nodes behind a Hetzner firewall emptied of rules, once, with the way back (%o)", async (variant) => {
    const found = await messages(rule, honestStack({ firewalls: { hetzner: { rules: [] } } }).stack, variant);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`hetzner-node-0 (hetzner) and hetzner-node-1 (hetzner) ${CUT_OFF}`);
    expect(found[0]).toContain("remove drillIsolate and run pulumi up");
});

test("reports the nodes behind an AWS security group with no ingress, unless a rule resource of its own opens it", async () => {
    const { stack } = honestStack({ firewalls: { aws: { ingress: [] } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining(`aws-node-0 (aws) and aws-node-1 (aws) ${CUT_OFF}`)]);
    stack.resource("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "https-cloudflare", {
        securityGroupId: stack.link(stack.firewall("aws")), ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: CLOUDFLARE_RANGES[0],
    }, { outputs: { id: "sgr-0a1b2c3d4e5f60718" } });
    expect(await messages(rule, stack)).toEqual([]);
});

test("a security group admitting a managed prefix list or another group admits traffic", async () => {
    expect(await messages(rule, honestStack({ firewalls: { aws: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-0a1b2c3d4e5f60718"] }] } } }).stack)).toEqual([]);
    expect(await messages(rule, honestStack({ firewalls: { aws: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, securityGroups: ["sg-0fedcba9876543210"] }] } } }).stack)).toEqual([]);
});

test("reports GCP nodes whose tagged firewall only denies", async () => {
    const { stack } = honestStack({ firewalls: { gcp: { allows: [], denies: [{ protocol: "all" }] } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining(`gcp-node-0 (gcp) and gcp-node-1 (gcp) ${CUT_OFF}`)]);
});

test("reports the node in a subnet whose network ACL denies every inbound packet, and only it", async () => {
    const { stack } = honestStack({ site: { aws: { node: (index) => ({ inputs: { subnetId: `subnet-0${index}a1b2c3d4e5f6078` } }) } } });
    const acl = (action: string) => stack.resource("aws:ec2/networkAcl:NetworkAcl", `isolate-${action}`, {
        vpcId: "vpc-0c1a2b3c4d5e6f708", subnetIds: ["subnet-00a1b2c3d4e5f6078"], ingress: [{ protocol: "-1", ruleNo: 100, action, cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }],
    }, { outputs: { id: `acl-${action}` } });
    acl("allow");
    expect(await messages(rule, stack)).toEqual([]);
    acl("deny");
    expect(await messages(rule, stack)).toEqual([expect.stringMatching(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic/)]);
});

test("a second firewall that admits keeps a node reachable", async () => {
    const stack = new ExchangeStack("two-firewalls", { firewalls: { hetzner: { rules: [] } } });
    const open = stack.resource("hcloud:index/firewall:Firewall", "hetzner-https", { rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_RANGES }] }, { outputs: { id: "1304457" } });
    const emptied = stack.link(stack.firewall("hetzner"), "id", Number);
    const hetzner = stack.site("hetzner", { node: (index) => ({ inputs: { firewallIds: index === 0 ? [emptied, stack.link(open, "id", Number)] : [emptied] } }) });
    const aws = stack.site("aws");
    stack.loadBalancer({ defaultPools: [stack.link(hetzner.pool), stack.link(aws.pool)], fallbackPool: stack.link(aws.pool) });
    expect(await messages(rule, stack)).toEqual([expect.stringMatching(/^hetzner-node-1 \(hetzner\) admit\(s\) no inbound traffic/)]);
});

test("judges only serving machines behind an origin that takes traffic", async () => {
    const unused = honestStack({ firewalls: { hetzner: { rules: [] } }, site: { hetzner: { pool: { enabled: false } } } }).stack;
    expect(await messages(rule, unused)).toEqual([]);
    const disabledOrigins = honestStack({ firewalls: { hetzner: { rules: [] } }, site: { hetzner: { origin: () => ({ enabled: false }) } } }).stack;
    expect(await messages(rule, disabledOrigins)).toEqual([]);
    const stopped = honestStack({ firewalls: { hetzner: { rules: [] } }, site: { hetzner: { node: (index) => (index === 0 ? { outputs: { status: "off" } } : {}) } } }).stack;
    expect(await messages(rule, stopped)).toEqual([expect.stringMatching(/^hetzner-node-1 \(hetzner\) admit/)]);
});

test("a Hetzner firewall attached by a FirewallAttachment covers its servers", async () => {
    const { stack, sites } = honestStack({ site: { hetzner: { node: () => ({ inputs: { firewallIds: [] } }) } } });
    const isolated = stack.resource("hcloud:index/firewall:Firewall", "isolated", { rules: [] }, { outputs: { id: "1304458" } });
    stack.resource("hcloud:index/firewallAttachment:FirewallAttachment", "isolated", {
        firewallId: stack.link(isolated, "id", Number), serverIds: sites.hetzner.nodes.map((node) => stack.link(node.machine, "id", Number)),
    }, { outputs: { id: "1304458" } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining(`hetzner-node-0 (hetzner) and hetzner-node-1 (hetzner) ${CUT_OFF}`)]);
});

test("finds the firewalls of an imported stack by their literal IDs", async () => {
    expect(await messages(rule, honestStack({ imported: true }).stack)).toEqual([]);
    expect(await messages(rule, honestStack({ imported: true, firewalls: { aws: { ingress: [] } } }).stack)).toEqual([expect.stringContaining(`aws-node-0 (aws) and aws-node-1 (aws) ${CUT_OFF}`)]);
    expect(await messages(rule, honestStack({ imported: true, firewalls: { hetzner: { rules: [] } } }).stack)).toEqual([expect.stringContaining(`hetzner-node-0 (hetzner) and hetzner-node-1 (hetzner) ${CUT_OFF}`)]);
});

test("gives no verdict in a first preview on rules the provider reports only once it exists", async () => {
    // Rules managed outside the group's inputs: the provider reports them as its ingress after deployment.
    const stack = new ExchangeStack("computed");
    const group = stack.resource("aws:ec2/securityGroup:SecurityGroup", "aws-managed-elsewhere", { description: "rules managed elsewhere" }, { outputs: { id: "sg-0c0ffee0c0ffee0c0", ingress: [] } });
    const aws = stack.site("aws", { node: () => ({ inputs: { vpcSecurityGroupIds: [stack.link(group)] } }) });
    const gcp = stack.site("gcp");
    stack.loadBalancer({ defaultPools: [stack.link(aws.pool), stack.link(gcp.pool)], fallbackPool: stack.link(gcp.pool) });
    expect(await messages(rule, stack, DEPLOYED)).toEqual([expect.stringContaining(`aws-node-0 (aws) and aws-node-1 (aws) ${CUT_OFF}`)]);
    expect(await messages(rule, stack, PREVIEW)).toEqual([]);
});
