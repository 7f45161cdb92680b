import { unclassifiedResources as rule } from "../../policies/rules/unclassifiedResources";
import { VARIANTS } from "./corpus/builder";
import { type ExchangeStack, honestStack, messages } from "./exchangeStack";

/** The honest exchange and one resource of each given type and inputs. */
function withResources(resources: [type: string, inputs: Record<string, unknown>][]): ExchangeStack {
    const { stack } = honestStack();
    resources.forEach(([type, inputs], index) => stack.resource(type, `extra-${index}`, inputs, { outputs: { id: `extra-${index}-id` } }));
    return stack;
}

test("is the advisory rule unclassified-resources", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["unclassified-resources", "advisory"]);
});

test.each(VARIANTS)("passes a stack of types the pack knows (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test("names a machine of a cloud it does not know, which it does not count", async () => {
    const found = await messages(rule, withResources([["upcloud:index/server:Server", { zone: "de-fra1", plan: "2xCPU-4GB", hostname: "node-upcloud" }]]));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("extra-0 (upcloud:index/server:Server) looks like a machine, but the policy pack does not know its cloud or its properties, so it is not counted");
    expect(found[0]).toContain("policies/lib/clouds.ts");
});

test("names firewall-like types it cannot read, of unknown and of known clouds", async () => {
    const found = await messages(rule, withResources([
        ["scaleway:index/instanceSecurityGroup:InstanceSecurityGroup", { inboundDefaultPolicy: "accept", inboundRules: [{ action: "accept", port: 22, ipRange: "0.0.0.0/0" }] }],
        ["gcp:compute/organizationSecurityPolicyRule:OrganizationSecurityPolicyRule", { policyId: "locations/global/securityPolicies/123", priority: 100, action: "allow", direction: "INGRESS", match: { config: { srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["22"] }] } } }],
        ["aws:ec2/networkAclRule:NetworkAclRule", { networkAclId: "acl-0a1b2c3d4e5f60718", ruleNumber: 100, egress: false, protocol: "tcp", ruleAction: "allow", cidrBlock: "0.0.0.0/0", fromPort: 22, toPort: 22 }],
        ["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", { vpcId: "vpc-0c1a2b3c4d5e6f708", ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }],
    ]));
    // The ACL rule and the default security group are in the table: origin-lockdown and origins-reachable read them.
    expect(found).toEqual([
        expect.stringContaining("extra-0 (scaleway:index/instanceSecurityGroup:InstanceSecurityGroup) looks like a firewall, but the policy pack does not know its cloud or its properties, so it is not checked"),
        expect.stringContaining("extra-1 (gcp:compute/organizationSecurityPolicyRule:OrganizationSecurityPolicyRule) looks like a firewall"),
    ]);
});

test("does not mistake managed services with machine-like names for machines", async () => {
    expect(await messages(rule, withResources([
        ["aws:sfn/stateMachine:StateMachine", { roleArn: "arn:aws:iam::123456789012:role/orders", definition: "{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}" }],
        ["aws:rds/instance:Instance", { instanceClass: "db.r6g.large", engine: "postgres", allocatedStorage: 100 }],
        ["aws:transfer/server:Server", { endpointType: "PUBLIC", protocols: ["SFTP"] }],
        ["gcp:servicedirectory/namespace:Namespace", { namespaceId: "exchange", location: "europe-west3" }],
        ["gcp:servicedirectory/service:Service", { serviceId: "api", namespace: "projects/acme/locations/europe-west3/namespaces/exchange" }],
        ["gcp:servicedirectory/endpoint:Endpoint", { endpointId: "api-0", service: "projects/acme/locations/europe-west3/namespaces/exchange/services/api", address: "198.51.100.10", port: 443 }],
        ["gcp:sql/databaseInstance:DatabaseInstance", { databaseVersion: "POSTGRES_16", region: "europe-west3" }],
        ["gcp:redis/instance:Instance", { memorySizeGb: 4, tier: "STANDARD_HA" }],
    ]))).toEqual([]);
});

test("does not name components, which have no provider, nor types the pack describes", async () => {
    const { stack } = honestStack();
    stack.component("acme:exchange:EdgeServer", "edge-server");
    stack.resource("digitalocean:index/droplet:Droplet", "droplet", { image: "ubuntu-24-04-x64", region: "fra1", size: "c-4" }, { outputs: { id: "412345678", ipv4Address: "192.0.2.80" } });
    stack.resource("digitalocean:index/firewall:Firewall", "droplets", { name: "droplets", inboundRules: [{ protocol: "tcp", portRange: "443", sourceAddresses: ["173.245.48.0/20"] }] }, { outputs: { id: "fw-1" } });
    expect(await messages(rule, stack)).toEqual([]);
});
