import type { StackValidationPolicy } from "@pulumi/policy";
import { describe, plain, UNKNOWN, valueAt, valuesAt } from "../lib/read";

/** What a check asks of a property: the wanted value, or (when unset or another value) a problem. Unknown: no verdict. */
function wants(props: Record<string, unknown>, path: string, wanted: unknown, problem: string): string[] {
    const value = valueAt(props, path);
    return value === UNKNOWN || value === wanted ? [] : [problem];
}

/** A problem when any known value at `path` is one of `bad`. */
function none(props: Record<string, unknown>, path: string, bad: unknown[], problem: string): string[] {
    return valuesAt(props, path).values.some((value) => bad.includes(value)) ? [problem] : [];
}

/**
 * A launch template's EBS mappings: unset `encrypted` leaves it to the account's default, which the stack does not
 * set, so only "true" counts (the provider types it as a string).
 */
function unencryptedMappings(props: Record<string, unknown>): string[] {
    const { values } = valuesAt(props, "blockDeviceMappings[].ebs");
    const unencrypted = values.filter((ebs) => {
        if (typeof ebs !== "object" || ebs === null) return false;
        const encrypted = valueAt(ebs, "encrypted");
        return encrypted !== UNKNOWN && encrypted !== true && encrypted !== "true";
    });
    return unencrypted.length > 0 ? [`${unencrypted.length} EBS block device mapping(s) are not encrypted (set ebs.encrypted: "true")`] : [];
}

const SHIELDED = "Shielded VM is not on (set shieldedInstanceConfig.enableSecureBoot, enableVtpm and enableIntegrityMonitoring)";

const IMDS = "IMDSv2 is not required (set metadataOptions.httpTokens: \"required\")";

const CHECKS: Record<string, (props: Record<string, unknown>) => string[]> = {
    "aws:ebs/volume:Volume": (props) => wants(props, "encrypted", true, "the volume is not encrypted (set encrypted: true)"),
    "aws:ec2/instance:Instance": (props) => [
        ...wants(props, "metadataOptions.httpTokens", "required", IMDS),
        ...wants(props, "rootBlockDevice.encrypted", true, "the root device is not encrypted (set rootBlockDevice.encrypted: true)"),
        ...none(props, "ebsBlockDevices[].encrypted", [false], "an EBS block device is not encrypted"),
    ],
    "aws:ec2/launchTemplate:LaunchTemplate": (props) => [
        ...wants(props, "metadataOptions.httpTokens", "required", IMDS),
        ...unencryptedMappings(props),
    ],
    "aws:ec2/launchConfiguration:LaunchConfiguration": (props) => [
        ...wants(props, "metadataOptions.httpTokens", "required", IMDS),
        ...wants(props, "rootBlockDevice.encrypted", true, "the root device is not encrypted (set rootBlockDevice.encrypted: true)"),
        ...none(props, "ebsBlockDevices[].encrypted", [false], "an EBS block device is not encrypted"),
    ],
    "gcp:compute/instance:Instance": (props) => wants(props, "shieldedInstanceConfig.enableSecureBoot", true, SHIELDED),
    // Shielded VM is off unless a template turns it on (provider docs: "Defaults to disabled").
    "gcp:compute/instanceTemplate:InstanceTemplate": (props) => wants(props, "shieldedInstanceConfig.enableSecureBoot", true, SHIELDED),
    "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate": (props) => wants(props, "shieldedInstanceConfig.enableSecureBoot", true, SHIELDED),
    // Unset, it comes from its template, which is checked itself.
    "gcp:compute/instanceFromTemplate:InstanceFromTemplate": (props) => none(props, "shieldedInstanceConfig.enableSecureBoot", [false], SHIELDED),
};

export const encryptionAndMetadata: StackValidationPolicy = {
    name: "encryption-and-metadata",
    description: "AWS volumes, root, extra, launch-template and launch-configuration devices are encrypted and IMDSv2 is required; GCP instances and instance templates are Shielded VMs.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const resource of args.resources) {
            const check = CHECKS[resource.type];
            for (const problem of check ? check(plain(resource)) : []) {
                reportViolation(`${describe(resource)}: ${problem}.`, resource.urn);
            }
        }
    },
};
