import { originLockdown } from "../../policies/rules/originLockdown";
import { UNKNOWN_VALUE, resource, violations } from "./harness";

const CLOUDFLARE = ["173.245.48.0/20", "2400:cb00::/32"];

test("passes for firewalls that admit only Cloudflare on the node port", async () => {
    const resources = [
        resource("aws:ec2/securityGroup:SecurityGroup", { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [CLOUDFLARE[0]], ipv6CidrBlocks: [CLOUDFLARE[1]] }], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }),
        resource("gcp:compute/firewall:Firewall", { direction: "INGRESS", allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: [CLOUDFLARE[0]] }),
        resource("hcloud:index/firewall:Firewall", { rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE }, { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0"] }] }),
    ];
    expect(await violations(originLockdown, resources)).toEqual([]);
});

test.each([
    ["AWS security group with SSH", "aws:ec2/securityGroup:SecurityGroup", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }, "opens tcp port 22 (including SSH) to 0.0.0.0/0"],
    ["AWS security group open on all protocols", "aws:ec2/securityGroup:SecurityGroup", { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] }, "opens -1 ports 0-65535 (including SSH) to ::/0"],
    ["AWS ingress rule resource", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { ipProtocol: "tcp", fromPort: 8545, toPort: 8545, cidrIpv4: "0.0.0.0/0" }, "opens tcp port 8545 to 0.0.0.0/0"],
    ["AWS security group rule resource", "aws:ec2/securityGroupRule:SecurityGroupRule", { type: "ingress", protocol: "tcp", fromPort: 20, toPort: 25, cidrBlocks: ["0.0.0.0/0"] }, "opens tcp ports 20-25 (including SSH) to 0.0.0.0/0"],
    ["GCP firewall without ports", "gcp:compute/firewall:Firewall", { allows: [{ protocol: "tcp" }], sourceRanges: ["0.0.0.0/0"] }, "opens tcp ports 0-65535 (including SSH) to 0.0.0.0/0"],
    ["Hetzner firewall with SSH", "hcloud:index/firewall:Firewall", { rules: [{ direction: "in", protocol: "tcp", port: "22", sourceIps: ["0.0.0.0/0", "::/0"] }] }, "opens tcp port 22 (including SSH) to 0.0.0.0/0 and ::/0"],
])("fails for %s", async (_, type, props, expected) => {
    const [message] = await violations(originLockdown, [resource(type, props, { name: "fw" })]);
    expect(message).toBe(`fw (${type}) ${expected}. Only the node port (443) may face the internet, and it should admit only Cloudflare's ranges.`);
});

test("an unknown rule set is 'cannot tell yet'", async () => {
    const found = await violations(originLockdown, [resource("gcp:compute/firewall:Firewall", { allows: UNKNOWN_VALUE, sourceRanges: ["0.0.0.0/0"] }, { name: "fw" })]);
    expect(found).toEqual(["fw (gcp:compute/firewall:Firewall): cannot tell yet which ports it opens."]);
});

test("nodePorts is configurable", async () => {
    const resources = [resource("hcloud:index/firewall:Firewall", { rules: [{ direction: "in", protocol: "tcp", port: "8443", sourceIps: ["0.0.0.0/0"] }] })];
    expect(await violations(originLockdown, resources)).toHaveLength(1);
    expect(await violations(originLockdown, resources, { nodePorts: [8443] })).toEqual([]);
});
