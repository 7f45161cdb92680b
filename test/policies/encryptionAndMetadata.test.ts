import { encryptionAndMetadata as rule } from "../../policies/rules/encryptionAndMetadata";
import { VARIANTS } from "./corpus/builder";
import { DEPLOYED, ExchangeStack, PREVIEW, honestStack, messages } from "./exchangeStack";

const AMI = "ami-0e04bcbe83a83792e";

/** The honest exchange and one more resource. */
function withResource(type: string, name: string, inputs: Record<string, unknown>): ExchangeStack {
    const { stack } = honestStack();
    stack.resource(type, name, inputs, { outputs: { id: `${name}-id` } });
    return stack;
}

test("is the mandatory rule encryption-and-metadata", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["encryption-and-metadata", "mandatory"]);
});

test.each(VARIANTS)("passes instances requiring IMDSv2 on encrypted roots, and Shielded GCP VMs (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("reports an AWS instance without IMDSv2 or encryption, problem by problem (%o)", async (variant) => {
    const stack = withResource("aws:ec2/instance:Instance", "legacy", { ami: AMI, instanceType: "m5.large", ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 100, encrypted: false }] });
    expect(await messages(rule, stack, variant)).toEqual([
        expect.stringContaining("legacy (aws:ec2/instance:Instance): IMDSv2 is not required (set metadataOptions.httpTokens: \"required\")"),
        expect.stringContaining("legacy (aws:ec2/instance:Instance): the root device is not encrypted (set rootBlockDevice.encrypted: true)"),
        expect.stringContaining("legacy (aws:ec2/instance:Instance): an EBS block device is not encrypted"),
    ]);
});

test("IMDSv1 left optional is reported", async () => {
    const { stack } = honestStack({ site: { aws: { node: (index) => (index === 0 ? { inputs: { metadataOptions: { httpTokens: "optional" } } } : {}) } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("aws-node-0 (aws:ec2/instance:Instance): IMDSv2 is not required")]);
});

test("reports an unencrypted EBS volume, set or left unset", async () => {
    const unset = withResource("aws:ebs/volume:Volume", "chain-data", { availabilityZone: "eu-central-1a", size: 500 });
    expect(await messages(rule, unset)).toEqual([expect.stringContaining("chain-data (aws:ebs/volume:Volume): the volume is not encrypted (set encrypted: true)")]);
    expect(await messages(rule, withResource("aws:ebs/volume:Volume", "chain-data", { availabilityZone: "eu-central-1a", size: 500, encrypted: false }))).toHaveLength(1);
    expect(await messages(rule, withResource("aws:ebs/volume:Volume", "chain-data", { availabilityZone: "eu-central-1a", size: 500, encrypted: true }))).toEqual([]);
});

test("reports a launch template without IMDSv2 or with unencrypted mappings", async () => {
    const template = (inputs: Record<string, unknown>) => withResource("aws:ec2/launchTemplate:LaunchTemplate", "nodes", { imageId: AMI, instanceType: "m6i.large", ...inputs });
    const found = await messages(rule, template({ blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { volumeSize: 30, encrypted: "false" } }] }));
    expect(found).toEqual([
        expect.stringContaining("nodes (aws:ec2/launchTemplate:LaunchTemplate): IMDSv2 is not required"),
        expect.stringContaining("nodes (aws:ec2/launchTemplate:LaunchTemplate): 1 EBS block device mapping(s) are not encrypted"),
    ]);
    expect(await messages(rule, template({ metadataOptions: { httpTokens: "required" }, blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { volumeSize: 30, encrypted: "true" } }] }))).toEqual([]);
});

test("reports a GCP instance that is not a Shielded VM", async () => {
    const { stack } = honestStack({ site: { gcp: { node: (index) => (index === 1 ? { inputs: { shieldedInstanceConfig: { enableSecureBoot: false, enableVtpm: true, enableIntegrityMonitoring: true } } } : {}) } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("gcp-node-1 (gcp:compute/instance:Instance): Shielded VM is not on")]);
});

test("in a first preview, judges what the program sets and waits for what the provider computes", async () => {
    const { stack } = honestStack();
    const defaults = stack.resource("aws:ebs/encryptionByDefault:EncryptionByDefault", "account-default", { enabled: false }, { outputs: { id: "eu-central-1" } });
    stack.resource("aws:ebs/volume:Volume", "chain-data", { availabilityZone: "eu-central-1a", size: 500, encrypted: stack.link(defaults, "enabled") }, { outputs: { id: "vol-0a1b2c3d4e5f60718" } });
    expect(await messages(rule, stack, DEPLOYED)).toEqual([expect.stringContaining("chain-data (aws:ebs/volume:Volume): the volume is not encrypted")]);
    expect(await messages(rule, stack, PREVIEW)).toEqual([expect.stringContaining("chain-data (aws:ebs/volume:Volume): the volume is not encrypted")]);
    const computed = new ExchangeStack("computed");
    const unknownDefault = computed.resource("aws:ebs/encryptionByDefault:EncryptionByDefault", "account-default", {}, { outputs: { id: "eu-central-1", enabled: false } });
    computed.resource("aws:ebs/volume:Volume", "chain-data", { availabilityZone: "eu-central-1a", size: 500, encrypted: computed.link(unknownDefault, "enabled") }, { outputs: { id: "vol-0a1b2c3d4e5f60718" } });
    expect(await messages(rule, computed, DEPLOYED)).toHaveLength(1);
    expect(await messages(rule, computed, PREVIEW)).toEqual([]);
});

test.each(VARIANTS)("reports a launch template mapping that leaves ebs.encrypted unset, and passes the provider's string \"true\" (%o)", async (variant) => {
    const template = (ebs: Record<string, unknown>) => withResource("aws:ec2/launchTemplate:LaunchTemplate", "nodes", {
        imageId: AMI, instanceType: "m6i.large", metadataOptions: { httpTokens: "required" }, blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { volumeSize: 30, volumeType: "gp3", ...ebs } }],
    });
    expect(await messages(rule, template({}), variant)).toEqual([expect.stringContaining("nodes (aws:ec2/launchTemplate:LaunchTemplate): 1 EBS block device mapping(s) are not encrypted (set ebs.encrypted: \"true\")")]);
    expect(await messages(rule, template({ encrypted: "true" }), variant)).toEqual([]);
});
