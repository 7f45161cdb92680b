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

describe("AWS network ACLs", () => {
    const SUBNET = "subnet-00a1b2c3d4e5f6078";
    const DENY_ALL = { protocol: "-1", ruleNo: 1, action: "deny", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 };

    /** The honest exchange with each AWS node in a subnet of its own: aws-node-0 in SUBNET. */
    function inSubnets() {
        return honestStack({ site: { aws: { node: (index) => ({ inputs: { subnetId: `subnet-0${index}a1b2c3d4e5f6078` } }) } } });
    }

    /** An ACL on SUBNET whose rules are NetworkAclRule resources: its own ingress is [] in state once deployed. */
    function aclWithRuleResources(rules: Record<string, unknown>[]) {
        const { stack } = inSubnets();
        const acl = stack.resource("aws:ec2/networkAcl:NetworkAcl", "nodes-acl", { vpcId: "vpc-0c1a2b3c4d5e6f708", subnetIds: [SUBNET] }, { outputs: { id: "acl-0a1b2c3d4e5f60718", ingress: [], egress: [] } });
        rules.forEach((rule, index) => stack.resource("aws:ec2/networkAclRule:NetworkAclRule", `nodes-acl-${index}`, { networkAclId: stack.link(acl), egress: false, ...rule }, { outputs: { id: `nacl-rule-${index}` } }));
        return stack;
    }

    const allow = (ruleNumber: number) => ({ ruleNumber, ruleAction: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" });
    const denyAll = (ruleNumber: number) => ({ ruleNumber, ruleAction: "deny", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" });

    test("an ACL whose rules are NetworkAclRule resources admits what a rule allows, and nothing without one", async () => {
        expect(await messages(rule, aclWithRuleResources([allow(100)]))).toEqual([]);
        expect(await messages(rule, aclWithRuleResources([]))).toEqual([expect.stringMatching(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic/)]);
        // An egress rule admits nothing inbound.
        expect(await messages(rule, aclWithRuleResources([{ ...allow(100), egress: true }]))).toEqual([expect.stringMatching(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic/)]);
    });

    test("rule resources apply in ruleNumber order: a deny-all first admits nothing, an allow first admits", async () => {
        // Declared allow first, so that only the numbers can put the deny first.
        const denyFirst = aclWithRuleResources([allow(100), denyAll(1)]);
        const [found, ...more] = await messages(rule, denyFirst);
        expect(more).toEqual([]);
        expect(found).toMatch(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic at all/);
        expect(found).not.toContain("aws-node-1");
        expect(await messages(rule, aclWithRuleResources([denyAll(100), allow(1)]))).toEqual([]);
    });

    test("in a first preview, rule resources decide although the ACL's own (computed) list is not known yet", async () => {
        expect(await messages(rule, aclWithRuleResources([allow(100), denyAll(1)]), PREVIEW)).toEqual([expect.stringMatching(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic/)]);
        expect(await messages(rule, aclWithRuleResources([allow(1), denyAll(100)]), PREVIEW)).toEqual([]);
    });

    test.each(VARIANTS)("inline rules apply in ruleNo order too (%o)", async (variant) => {
        const acl = (name: string, ingress: Record<string, unknown>[]) => {
            const { stack } = inSubnets();
            stack.resource("aws:ec2/networkAcl:NetworkAcl", name, { vpcId: "vpc-0c1a2b3c4d5e6f708", subnetIds: [SUBNET], ingress }, { outputs: { id: `acl-${name}` } });
            return stack;
        };
        const https = { protocol: "tcp", ruleNo: 100, action: "allow", cidrBlock: "0.0.0.0/0", fromPort: 443, toPort: 443 };
        expect(await messages(rule, acl("deny-first", [https, DENY_ALL]), variant)).toEqual([expect.stringMatching(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic/)]);
        expect(await messages(rule, acl("allow-first", [{ ...https, ruleNo: 1 }, { ...DENY_ALL, ruleNo: 100 }]), variant)).toEqual([]);
    });

    test.each(VARIANTS)("an ACL attached by a NetworkAclAssociation covers its subnet, and only it (%o)", async (variant) => {
        const associated = (subnetId: string) => {
            const { stack } = inSubnets();
            const acl = stack.resource("aws:ec2/networkAcl:NetworkAcl", "isolate", { vpcId: "vpc-0c1a2b3c4d5e6f708", ingress: [DENY_ALL] }, { outputs: { id: "acl-0isolate0000000" } });
            stack.resource("aws:ec2/networkAclAssociation:NetworkAclAssociation", "isolate", { networkAclId: stack.link(acl), subnetId }, { outputs: { id: "aclassoc-0a1b2c3d4e5f60718" } });
            return stack;
        };
        expect(await messages(rule, associated(SUBNET), variant)).toEqual([expect.stringMatching(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic/)]);
        expect(await messages(rule, associated("subnet-0ffa1b2c3d4e5f6078"), variant)).toEqual([]);
    });

    test.each(VARIANTS)("the VPC's DefaultNetworkAcl denying every packet on the subnet cuts its node off (%o)", async (variant) => {
        const { stack } = inSubnets();
        stack.resource("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "default-acl", { defaultNetworkAclId: "acl-0defa1b2c3d4e5f60", subnetIds: [SUBNET], ingress: [DENY_ALL] }, { outputs: { id: "acl-0defa1b2c3d4e5f60" } });
        expect(await messages(rule, stack, variant)).toEqual([expect.stringMatching(/^aws-node-0 \(aws\) admit\(s\) no inbound traffic/)]);
    });

    test.each(VARIANTS)("an allow for IPv6 only, behind an IPv4 deny-all, still admits (%o)", async (variant) => {
        const { stack } = inSubnets();
        stack.resource("aws:ec2/networkAcl:NetworkAcl", "ipv6-only", {
            vpcId: "vpc-0c1a2b3c4d5e6f708", subnetIds: [SUBNET], ingress: [DENY_ALL, { protocol: "tcp", ruleNo: 100, action: "allow", ipv6CidrBlock: "::/0", fromPort: 443, toPort: 443 }],
        }, { outputs: { id: "acl-0ipv6only000000" } });
        expect(await messages(rule, stack, variant)).toEqual([]);
    });
});

describe("machines no firewall covers", () => {
    test.each(VARIANTS)("a GCP instance no firewall targets admits nothing (GCP's implied deny-ingress) (%o)", async (variant) => {
        const { stack } = honestStack({ firewalls: { gcp: { targetTags: ["bastion"] } } });
        expect(await messages(rule, stack, variant)).toEqual([expect.stringContaining(`gcp-node-0 (gcp) and gcp-node-1 (gcp) ${CUT_OFF}`)]);
    });

    test.each(VARIANTS)("a network firewall policy rule allowing 443 covers GCP instances no firewall targets (%o)", async (variant) => {
        const withPolicyRule = (extra: Record<string, unknown>) => {
            const { stack } = honestStack({ firewalls: { gcp: { targetTags: ["bastion"] } } });
            stack.resource("gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule", "https-cloudflare", {
                firewallPolicy: "exchange-policy", priority: 1000, action: "allow", direction: "INGRESS",
                match: { srcIpRanges: CLOUDFLARE_RANGES.filter((range) => !range.includes(":")), layer4Configs: [{ ipProtocol: "tcp", ports: ["443"] }] }, ...extra,
            }, { outputs: { id: "locations/global/firewallPolicies/exchange-policy/rules/1000" } });
            return stack;
        };
        expect(await messages(rule, withPolicyRule({}), variant)).toEqual([]);
        // A rule for another service account does not cover the nodes.
        expect(await messages(rule, withPolicyRule({ targetServiceAccounts: ["bastion@acme.iam.gserviceaccount.com"] }), variant)).toEqual([expect.stringContaining(`gcp-node-0 (gcp) and gcp-node-1 (gcp) ${CUT_OFF}`)]);
    });
});

describe("Hetzner firewalls applied other ways than the server's firewallIds", () => {
    /** Hetzner servers labelled `role`, with no firewallIds, and a firewall applied to `role=node` by label selector. */
    function bySelector(role: string, rules: Record<string, unknown>[]) {
        const stack = new ExchangeStack("selected");
        stack.resource("hcloud:index/firewall:Firewall", "nodes-by-label", { rules, applyTos: [{ labelSelector: "role=node" }] }, { outputs: { id: "1304459" } });
        const hetzner = stack.site("hetzner", { node: () => ({ inputs: { firewallIds: [], labels: { role } } }) });
        const aws = stack.site("aws");
        stack.loadBalancer({ defaultPools: [stack.link(hetzner.pool), stack.link(aws.pool)], fallbackPool: stack.link(aws.pool) });
        return stack;
    }

    test.each(VARIANTS)("a firewall applied by label selector covers the servers it selects (%o)", async (variant) => {
        expect(await messages(rule, bySelector("node", []), variant)).toEqual([expect.stringContaining(`hetzner-node-0 (hetzner) and hetzner-node-1 (hetzner) ${CUT_OFF}`)]);
        expect(await messages(rule, bySelector("node", [{ direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_RANGES }]), variant)).toEqual([]);
        // Servers it does not select have no firewall, and Hetzner then admits everything.
        expect(await messages(rule, bySelector("database", []), variant)).toEqual([]);
    });

    test("a FirewallAttachment naming servers by literal numeric IDs, as an imported stack does, covers them", async () => {
        const { stack, sites } = honestStack({ imported: true, site: { hetzner: { node: () => ({ inputs: { firewallIds: [] } }) } } });
        const isolated = stack.resource("hcloud:index/firewall:Firewall", "isolated", { rules: [] }, { outputs: { id: "1304458" } });
        stack.resource("hcloud:index/firewallAttachment:FirewallAttachment", "isolated", {
            firewallId: Number(isolated.id), serverIds: sites.hetzner.nodes.map((node) => Number(node.machine.id)),
        }, { outputs: { id: "1304458" } });
        expect(await messages(rule, stack)).toEqual([expect.stringContaining(`hetzner-node-0 (hetzner) and hetzner-node-1 (hetzner) ${CUT_OFF}`)]);
    });
});

describe("AWS security groups", () => {
    test.each(VARIANTS)("a SecurityGroupRule admitting 443 from a managed prefix list opens a group with no ingress of its own (%o)", async (variant) => {
        const { stack } = honestStack({ firewalls: { aws: { ingress: [] } } });
        stack.resource("aws:ec2/securityGroupRule:SecurityGroupRule", "https-prefix-list", {
            type: "ingress", securityGroupId: stack.link(stack.firewall("aws")), protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-0a1b2c3d4e5f60718"],
        }, { outputs: { id: "sgrule-0a1b2c3d4e5f60718" } });
        expect(await messages(rule, stack, variant)).toEqual([]);
    });

    test.each(VARIANTS)("the VPC's DefaultSecurityGroup is read: nodes in it with no ingress are cut off (%o)", async (variant) => {
        const inDefault = (ingress: Record<string, unknown>[]) => {
            const stack = new ExchangeStack("default-group");
            const group = stack.resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", { vpcId: "vpc-0c1a2b3c4d5e6f708", ingress }, { outputs: { id: "sg-0defa1b2c3d4e5f60" } });
            const aws = stack.site("aws", { node: () => ({ inputs: { vpcSecurityGroupIds: [stack.link(group)] } }) });
            const gcp = stack.site("gcp");
            stack.loadBalancer({ defaultPools: [stack.link(aws.pool), stack.link(gcp.pool)], fallbackPool: stack.link(gcp.pool) });
            return stack;
        };
        expect(await messages(rule, inDefault([]), variant)).toEqual([expect.stringContaining(`aws-node-0 (aws) and aws-node-1 (aws) ${CUT_OFF}`)]);
        expect(await messages(rule, inDefault([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: CLOUDFLARE_RANGES.slice(0, 3) }]), variant)).toEqual([]);
    });
});
