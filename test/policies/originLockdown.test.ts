import { coverageKnown } from "../../policies/lib/firewalls";
import { originLockdown as rule } from "../../policies/rules/originLockdown";
import { asPolicyResources } from "../properties/policyInProcess";
import { ref, VARIANTS } from "./corpus/builder";
import { CLOUDFLARE_RANGES, DEPLOYED, ExchangeStack, PREVIEW, honestStack, messages } from "./exchangeStack";

const WORLD_SSH = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] };
const NODE_PORT = "Only the node port (443) may face the internet";

/** A stack with one more firewall resource of `type` named `name`. */
function withFirewall(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}): ExchangeStack {
    const { stack } = honestStack();
    stack.resource(type, name, inputs, { outputs: { id: `${name}-id`, ...outputs } });
    return stack;
}

test("is the mandatory rule origin-lockdown", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["origin-lockdown", "mandatory"]);
});

test.each(VARIANTS)("passes firewalls that open the node port to Cloudflare only and egress to the world (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("reports an AWS security group opening SSH to the world, naming it, the port and the range (%o)", async (variant) => {
    const { stack } = honestStack({ firewalls: { aws: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: CLOUDFLARE_RANGES.slice(0, 3) }, WORLD_SSH] } } });
    const found = await messages(rule, stack, variant);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("aws-nodes (aws:ec2/securityGroup:SecurityGroup) opens tcp port 22 (SSH among them) to 0.0.0.0/0");
    expect(found[0]).toContain(NODE_PORT);
});

test("reports every port to ::/0, port ranges holding SSH, and other ports, each once per firewall", async () => {
    const { stack } = honestStack({ firewalls: { aws: { ingress: [
        { protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] },
        { protocol: "tcp", fromPort: 20, toPort: 30, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] },
    ] } } });
    const [found] = await messages(rule, stack);
    expect(found).toContain("every port (SSH among them) to ::/0");
    expect(found).toContain("tcp ports 20-30 (SSH among them) to 0.0.0.0/0");
    expect(found).toContain("tcp port 8080 to 0.0.0.0/0");
});

test("reads AWS rules kept as resources of their own, inbound only", async () => {
    const ingress = withFirewall("aws:ec2/securityGroupRule:SecurityGroupRule", "ssh-anywhere", { type: "ingress", securityGroupId: "sg-0a1b2c3d4e5f60718", ...WORLD_SSH });
    expect(await messages(rule, ingress)).toEqual([expect.stringContaining("ssh-anywhere (aws:ec2/securityGroupRule:SecurityGroupRule) opens tcp port 22 (SSH among them) to 0.0.0.0/0")]);
    const egress = withFirewall("aws:ec2/securityGroupRule:SecurityGroupRule", "ssh-out", { type: "egress", securityGroupId: "sg-0a1b2c3d4e5f60718", ...WORLD_SSH });
    expect(await messages(rule, egress)).toEqual([]);
    const vpcRule = withFirewall("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "metrics", { securityGroupId: "sg-0a1b2c3d4e5f60718", ipProtocol: "tcp", fromPort: 9100, toPort: 9100, cidrIpv6: "::/0" });
    expect(await messages(rule, vpcRule)).toEqual([expect.stringContaining("metrics (aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule) opens tcp port 9100 to ::/0")]);
});

test("reads GCP firewalls: ingress only, not disabled ones, and no source at all as the world", async () => {
    const gcp = (name: string, inputs: Record<string, unknown>) => withFirewall("gcp:compute/firewall:Firewall", name, { network: "default", allows: [{ protocol: "tcp", ports: ["22", "8000-8100"] }], ...inputs });
    expect(await messages(rule, gcp("ssh", { sourceRanges: ["0.0.0.0/0"] }))).toEqual([expect.stringContaining("ssh (gcp:compute/firewall:Firewall) opens tcp port 22 (SSH among them) to 0.0.0.0/0 and tcp ports 8000-8100 to 0.0.0.0/0")]);
    expect(await messages(rule, gcp("no-source", {}))).toEqual([expect.stringContaining("no-source (gcp:compute/firewall:Firewall) opens tcp port 22")]);
    expect(await messages(rule, gcp("off", { sourceRanges: ["0.0.0.0/0"], disabled: true }))).toEqual([]);
    expect(await messages(rule, gcp("outbound", { direction: "EGRESS", destinationRanges: ["0.0.0.0/0"] }))).toEqual([]);
    expect(await messages(rule, gcp("tagged", { sourceTags: ["bastion"] }))).toEqual([]);
});

test("reads Hetzner firewalls, inbound rules only", async () => {
    const { stack } = honestStack({ firewalls: { hetzner: { rules: [
        { direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_RANGES },
        { direction: "in", protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0", "::/0"] },
        { direction: "out", protocol: "tcp", port: "any", destinationIps: ["0.0.0.0/0", "::/0"] },
    ] } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("hetzner-nodes (hcloud:index/firewall:Firewall) opens tcp port 22 (SSH among them) to 0.0.0.0/0 and ::/0.")]);
});

test("reads the firewalls of clouds whose SDK this project does not install, e.g. a DigitalOcean firewall", async () => {
    const stack = withFirewall("digitalocean:index/firewall:Firewall", "droplets", {
        name: "droplets", dropletIds: [412345678], inboundRules: [{ protocol: "tcp", portRange: "22", sourceAddresses: ["0.0.0.0/0", "::/0"] }], outboundRules: [{ protocol: "tcp", portRange: "1-65535", destinationAddresses: ["0.0.0.0/0"] }],
    });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("droplets (digitalocean:index/firewall:Firewall) opens tcp port 22 (SSH among them) to 0.0.0.0/0 and ::/0")]);
});

test("lets the node port, ICMP and SSH from a known range face where they must", async () => {
    const { stack } = honestStack({ firewalls: { aws: { ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
        { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["198.51.100.224/28"] },
    ] } } });
    expect(await messages(rule, stack)).toEqual([]);
});

test("nodePorts names the ports that may face the world", async () => {
    const { stack } = honestStack({ firewalls: { hetzner: { rules: [{ direction: "in", protocol: "tcp", port: "8443", sourceIps: ["0.0.0.0/0"] }, { direction: "in", protocol: "tcp", port: "443", sourceIps: ["0.0.0.0/0"] }] } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("opens tcp port 8443 to 0.0.0.0/0")]);
    const found = await messages(rule, stack, DEPLOYED, { nodePorts: [8443] });
    expect(found).toEqual([expect.stringContaining("opens tcp port 443 to 0.0.0.0/0. Only the node port (8443) may face the internet")]);
});

test("gives no verdict in a first preview on rules the provider reports only once it exists", async () => {
    // Rules managed outside the group's inputs: the provider reports them as its ingress after deployment.
    const stack = withFirewall("aws:ec2/securityGroup:SecurityGroup", "bastion", { description: "bastion" }, { ingress: [WORLD_SSH] });
    expect(await messages(rule, stack, DEPLOYED)).toEqual([expect.stringContaining("bastion (aws:ec2/securityGroup:SecurityGroup) opens tcp port 22")]);
    expect(await messages(rule, stack, PREVIEW)).toEqual([]);
});

describe("GCP, AWS and Vultr sources read as the cloud reads them", () => {
    const policyRule = (name: string, inputs: Record<string, unknown>) => withFirewall("gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule", name, {
        firewallPolicy: "exchange-policy", priority: 1000, action: "allow", direction: "INGRESS", match: { srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["22"] }] }, ...inputs,
    });

    test.each(VARIANTS)("a GCP ingress firewall with no sourceRanges, sourceTags or sourceServiceAccounts admits 0.0.0.0/0 (%o)", async (variant) => {
        const stack = withFirewall("gcp:compute/firewall:Firewall", "ssh-unsourced", { network: "default", direction: "INGRESS", allows: [{ protocol: "tcp", ports: ["22"] }], targetTags: ["exchange-node"] });
        expect(await messages(rule, stack, variant)).toEqual([expect.stringContaining("ssh-unsourced (gcp:compute/firewall:Firewall) opens tcp port 22 (SSH among them) to 0.0.0.0/0")]);
        const serviceAccounts = withFirewall("gcp:compute/firewall:Firewall", "ssh-from-bastion", { network: "default", allows: [{ protocol: "tcp", ports: ["22"] }], sourceServiceAccounts: ["bastion@acme.iam.gserviceaccount.com"] });
        expect(await messages(rule, serviceAccounts, variant)).toEqual([]);
    });

    test.each(VARIANTS)("a network firewall policy rule allowing SSH from 0.0.0.0/0 is reported; a deny or egress rule is not (%o)", async (variant) => {
        expect(await messages(rule, policyRule("ssh-policy", {}), variant)).toEqual([expect.stringContaining("ssh-policy (gcp:compute/networkFirewallPolicyRule:NetworkFirewallPolicyRule) opens tcp port 22 (SSH among them) to 0.0.0.0/0")]);
        expect(await messages(rule, policyRule("ssh-denied", { action: "deny" }), variant)).toEqual([]);
        expect(await messages(rule, policyRule("ssh-out", { direction: "EGRESS", match: { destIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["22"] }] } }), variant)).toEqual([]);
        expect(await messages(rule, policyRule("ssh-off", { disabled: true }), variant)).toEqual([]);
    });

    test("a security group rule admitting SSH or HTTPS from a managed prefix list opens nothing to the world", async () => {
        const { stack } = honestStack();
        for (const port of [22, 443]) {
            stack.resource("aws:ec2/securityGroupRule:SecurityGroupRule", `from-prefix-list-${port}`, {
                type: "ingress", securityGroupId: stack.link(stack.firewall("aws")), protocol: "tcp", fromPort: port, toPort: port, prefixListIds: ["pl-0a1b2c3d4e5f60718"],
            }, { outputs: { id: `sgrule-${port}` } });
        }
        expect(await messages(rule, stack)).toEqual([]);
    });

    test("a Vultr rule with source cloudflare admits Cloudflare's ranges, whatever its subnet says", async () => {
        const vultr = (source: string) => withFirewall("vultr:index/firewallRule:FirewallRule", "vultr-https", {
            firewallGroupId: "5b4e1a2c-3d4f-4a5b-8c6d-7e8f9a0b1c2d", protocol: "tcp", ipType: "v4", subnet: "0.0.0.0", subnetSize: 0, port: "443", source, notes: "HTTPS",
        });
        // Port 443 made a port that must not face the world, so that an opening to the world would show.
        const config = { nodePorts: [8443] };
        expect(await messages(rule, vultr("cloudflare"), DEPLOYED, config)).toEqual([]);
        expect(await messages(rule, vultr(""), DEPLOYED, config)).toEqual([expect.stringContaining("vultr-https (vultr:index/firewallRule:FirewallRule) opens tcp port 443 to 0.0.0.0")]);
    });

    test.each(VARIANTS)("the VPC's DefaultSecurityGroup is read: SSH open in it is reported (%o)", async (variant) => {
        const stack = withFirewall("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "default-sg", { vpcId: "vpc-0c1a2b3c4d5e6f708", ingress: [WORLD_SSH] });
        expect(await messages(rule, stack, variant)).toEqual([expect.stringContaining("default-sg (aws:ec2/defaultSecurityGroup:DefaultSecurityGroup) opens tcp port 22 (SSH among them) to 0.0.0.0/0")]);
    });
});

describe("a machine no firewall covers, on a cloud that then admits everything", () => {
    test.each(VARIANTS)("reports a Hetzner server without firewalls once its public address is known, and only it (%o)", async (variant) => {
        const { stack } = honestStack();
        stack.resource("hcloud:index/server:Server", "bare", { serverType: "cx23", image: "ubuntu-24.04", location: "fsn1", firewallIds: [] }, { outputs: { id: "9100001", ipv4Address: "198.51.100.77", status: "running" } });
        // A first preview does not know the address a new server gets: the verdict waits for it.
        expect(await messages(rule, stack, variant)).toEqual(variant.preview ? [] : [expect.stringContaining("bare (hcloud:index/server:Server) is covered by no firewall, and its cloud then admits every port, SSH among them")]);
    });

    test("passes a Hetzner server with no public network: nothing reaches it from the internet", async () => {
        const { stack } = honestStack();
        stack.resource("hcloud:index/server:Server", "private", { serverType: "cx23", image: "ubuntu-24.04", location: "fsn1", publicNets: [{ ipv4Enabled: false, ipv6Enabled: false }] }, { outputs: { id: "9100004", ipv4Address: "", ipv6Address: "", status: "running" } });
        expect(await messages(rule, stack)).toEqual([]);
    });

    test("counts a Linode firewall attached by a FirewallDevice", async () => {
        const { stack } = honestStack();
        const linode = stack.resource("linode:index/instance:Instance", "linode-node", { label: "linode-node", region: "eu-central", type: "g6-standard-2", image: "linode/ubuntu24.04" }, { outputs: { id: "61000001", ipAddress: "203.0.113.60" } });
        expect(await messages(rule, stack)).toEqual([expect.stringContaining("linode-node (linode:index/instance:Instance) is covered by no firewall")]);
        const firewall = stack.resource("linode:index/firewall:Firewall", "linode-nodes", { label: "nodes", inboundPolicy: "DROP", outboundPolicy: "ACCEPT", inbounds: [{ label: "https", action: "ACCEPT", protocol: "TCP", ports: "443", ipv4s: CLOUDFLARE_RANGES.filter((range) => !range.includes(":")) }] }, { outputs: { id: "71000001" } });
        stack.resource("linode:index/firewallDevice:FirewallDevice", "linode-node-fw", { firewallId: stack.link(firewall, "id", Number), entityId: stack.link(linode, "id", Number), entityType: "linode" }, { outputs: { id: "81000001" } });
        expect(await messages(rule, stack)).toEqual([]);
    });

    test.each(VARIANTS)("waits while DigitalOcean tags made by a Tag resource are unknown, and counts them once known (%o)", async (variant) => {
        const { stack } = honestStack();
        const tag = stack.resource("digitalocean:index/tag:Tag", "nodes-tag", { name: "exchange-node" }, { outputs: { id: "exchange-node" } });
        stack.resource("digitalocean:index/droplet:Droplet", "tagged-node", { image: "ubuntu-24-04-x64", region: "fra1", size: "s-2vcpu-4gb", tags: [ref(tag)] }, { outputs: { id: "412345680", ipv4Address: "203.0.113.41", status: "active" } });
        stack.resource("digitalocean:index/firewall:Firewall", "by-tag-resource", { name: "nodes", tags: [ref(tag)], inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: CLOUDFLARE_RANGES }] }, { outputs: { id: "fw-4" } });
        expect(await messages(rule, stack, variant)).toEqual([]);
        const resources = asPolicyResources(stack.build(variant));
        const droplet = resources.find((resource) => resource.name === "tagged-node")!;
        expect(coverageKnown(droplet, resources)).toBe(!variant.preview);
    });

    test("counts a Hetzner firewall that applies to the server by label selector, and waits while the firewalls it names are unknown", async () => {
        const { stack } = honestStack();
        stack.resource("hcloud:index/firewall:Firewall", "by-label", { rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_RANGES }], applyTos: [{ labelSelector: "role=node" }] }, { outputs: { id: "1304999" } });
        stack.resource("hcloud:index/server:Server", "labelled", { serverType: "cx23", image: "ubuntu-24.04", location: "fsn1", labels: { role: "node" } }, { outputs: { id: "9100002", status: "running" } });
        expect(await messages(rule, stack)).toEqual([]);
        const pending = honestStack().stack;
        const firewall = pending.firewall("hetzner");
        pending.resource("hcloud:index/server:Server", "later", { serverType: "cx23", image: "ubuntu-24.04", location: "fsn1", firewallIds: [pending.link(firewall, "id", Number)] }, { outputs: { id: "9100003", status: "running" } });
        expect(await messages(rule, pending, PREVIEW)).toEqual([]);
    });

    test("reports a DigitalOcean droplet no firewall lists, and passes one that a firewall lists", async () => {
        const { stack } = honestStack();
        const droplet = stack.resource("digitalocean:index/droplet:Droplet", "do-node", { image: "ubuntu-24-04-x64", region: "fra1", size: "s-2vcpu-4gb" }, { outputs: { id: "412345678", ipv4Address: "203.0.113.40", status: "active" } });
        expect(await messages(rule, stack)).toEqual([expect.stringContaining("do-node (digitalocean:index/droplet:Droplet) is covered by no firewall")]);
        stack.resource("digitalocean:index/firewall:Firewall", "do-nodes", {
            name: "do-nodes", dropletIds: [stack.link(droplet, "id", Number)], inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: CLOUDFLARE_RANGES }],
        }, { outputs: { id: "fw-1" } });
        expect(await messages(rule, stack)).toEqual([]);
    });

    test("counts a DigitalOcean firewall by the tags it names; one with neither tags nor droplets covers none", async () => {
        const { stack } = honestStack();
        stack.resource("digitalocean:index/droplet:Droplet", "tagged", { image: "ubuntu-24-04-x64", region: "fra1", size: "s-2vcpu-4gb", tags: ["exchange-node"] }, { outputs: { id: "412345679", ipv4Address: "203.0.113.42", status: "active" } });
        stack.resource("digitalocean:index/firewall:Firewall", "empty", { name: "empty", inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: CLOUDFLARE_RANGES }] }, { outputs: { id: "fw-2" } });
        expect(await messages(rule, stack)).toEqual([expect.stringContaining("tagged (digitalocean:index/droplet:Droplet) is covered by no firewall")]);
        stack.resource("digitalocean:index/firewall:Firewall", "by-tag", { name: "by-tag", tags: ["exchange-node"], inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: CLOUDFLARE_RANGES }] }, { outputs: { id: "fw-3" } });
        expect(await messages(rule, stack)).toEqual([]);
    });

    test("follows a Vultr instance to its firewall group and the group's rules", async () => {
        const { stack } = honestStack();
        const group = stack.resource("vultr:index/firewallGroup:FirewallGroup", "vultr-nodes", { description: "nodes" }, { outputs: { id: "0b9d4c7e-0000-4000-8000-000000000001" } });
        stack.resource("vultr:index/firewallRule:FirewallRule", "vultr-https", { firewallGroupId: stack.link(group), protocol: "tcp", ipType: "v4", subnet: "0.0.0.0", subnetSize: 0, port: "443", source: "cloudflare" }, { outputs: { id: "1" } });
        stack.resource("vultr:index/instance:Instance", "grouped", { region: "fra", plan: "vc2-2c-4gb", osId: 2284, firewallGroupId: stack.link(group) }, { outputs: { id: "vultr-1", mainIp: "203.0.113.50" } });
        expect(await messages(rule, stack)).toEqual([]);
        stack.resource("vultr:index/instance:Instance", "ungrouped", { region: "fra", plan: "vc2-2c-4gb", osId: 2284 }, { outputs: { id: "vultr-2", mainIp: "203.0.113.51" } });
        expect(await messages(rule, stack)).toEqual([expect.stringContaining("ungrouped (vultr:index/instance:Instance) is covered by no firewall")]);
    });

    test("leaves AWS instances that name no security group to the VPC's default group, and GCP ones to the implied deny", async () => {
        const { stack } = honestStack();
        stack.resource("aws:ec2/instance:Instance", "default-group", { ami: "ami-0e04bcbe83a83792e", instanceType: "t3.small", metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true } }, { outputs: { id: "i-0123456789abcdef0", instanceState: "running" } });
        stack.resource("gcp:compute/instance:Instance", "untagged", { zone: "europe-west3-a", machineType: "e2-small", bootDisk: { initializeParams: { image: "ubuntu-os-cloud/ubuntu-2404-lts-amd64" } }, networkInterfaces: [{ network: "default" }] }, { outputs: { id: "projects/acme/zones/europe-west3-a/instances/untagged", currentStatus: "RUNNING" } });
        expect(await messages(rule, stack)).toEqual([]);
    });
});
