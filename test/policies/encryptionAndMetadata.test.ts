import { encryptionAndMetadata } from "../../policies/rules/encryptionAndMetadata";
import { UNKNOWN_VALUE, resource, violations } from "./harness";

const hardenedInstance = { metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true } };

test("passes for encrypted, IMDSv2-only AWS nodes and Shielded GCP VMs", async () => {
    const resources = [
        resource("aws:ec2/instance:Instance", hardenedInstance),
        resource("aws:ebs/volume:Volume", { encrypted: true }),
        resource("aws:ec2/launchTemplate:LaunchTemplate", { metadataOptions: { httpTokens: "required" }, blockDeviceMappings: [{ ebs: { encrypted: "true" } }] }),
        resource("gcp:compute/instance:Instance", { shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true } }),
    ];
    expect(await violations(encryptionAndMetadata, resources)).toEqual([]);
});

test("fails for IMDSv1, an unencrypted root or volume, and a GCP VM without Secure Boot", async () => {
    const resources = [
        resource("aws:ec2/instance:Instance", { metadataOptions: { httpTokens: "optional" }, rootBlockDevice: {} }, { name: "i" }),
        resource("aws:ebs/volume:Volume", { encrypted: false }, { name: "v" }),
        resource("gcp:compute/instance:Instance", {}, { name: "g" }),
    ];
    expect(await violations(encryptionAndMetadata, resources)).toEqual([
        'i (aws:ec2/instance:Instance): IMDSv2 is not required (set metadataOptions.httpTokens: "required").',
        "i (aws:ec2/instance:Instance): the root device is not encrypted (set rootBlockDevice.encrypted: true).",
        "v (aws:ebs/volume:Volume): the volume is not encrypted (set encrypted: true).",
        "g (gcp:compute/instance:Instance): Shielded VM is not on (set shieldedInstanceConfig with enableSecureBoot, enableVtpm and enableIntegrityMonitoring).",
    ]);
});

test("unknown encryption is 'cannot tell yet'", async () => {
    const found = await violations(encryptionAndMetadata, [resource("aws:ebs/volume:Volume", { encrypted: UNKNOWN_VALUE }, { name: "v" })]);
    expect(found).toEqual(["v (aws:ebs/volume:Volume): cannot tell yet whether it is encrypted and hardened."]);
});
