import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { describe, isKnown, read } from "../lib/read";

type Check = (resource: PolicyResource) => string[] | undefined;

/** Each check returns what is wrong with a resource, or undefined when it cannot tell yet. */
const CHECKS: Record<string, Check> = {
    "aws:ebs/volume:Volume": (volume) => {
        const encrypted = read(() => volume.props.encrypted);
        return isKnown(encrypted) ? (encrypted === true ? [] : ["the volume is not encrypted (set encrypted: true)"]) : undefined;
    },
    "aws:ec2/instance:Instance": (instance) => {
        const state = read(() => ({
            tokens: instance.props.metadataOptions?.httpTokens,
            root: instance.props.rootBlockDevice?.encrypted,
            extra: (instance.props.ebsBlockDevices ?? []).map((device: { encrypted?: boolean }) => device.encrypted),
        }));
        if (!isKnown(state)) {
            return undefined;
        }
        return [
            ...(state.tokens === "required" ? [] : ["IMDSv2 is not required (set metadataOptions.httpTokens: \"required\")"]),
            ...(state.root === true ? [] : ["the root device is not encrypted (set rootBlockDevice.encrypted: true)"]),
            ...(state.extra.every((encrypted: boolean | undefined) => encrypted === true) ? [] : ["an EBS block device is not encrypted"]),
        ];
    },
    "aws:ec2/launchTemplate:LaunchTemplate": (template) => {
        const state = read(() => ({
            tokens: template.props.metadataOptions?.httpTokens,
            devices: (template.props.blockDeviceMappings ?? []).map((mapping: { ebs?: { encrypted?: string | boolean } }) => mapping.ebs?.encrypted),
        }));
        if (!isKnown(state)) {
            return undefined;
        }
        return [
            ...(state.tokens === "required" ? [] : ["IMDSv2 is not required (set metadataOptions.httpTokens: \"required\")"]),
            ...(state.devices.every((encrypted: string | boolean | undefined) => encrypted === true || encrypted === "true") ? [] : ["a block device mapping is not encrypted"]),
        ];
    },
    "gcp:compute/instance:Instance": (instance) => {
        const shielded = read(() => instance.props.shieldedInstanceConfig);
        if (!isKnown(shielded)) {
            return undefined;
        }
        return shielded?.enableSecureBoot === true && shielded?.enableVtpm !== false && shielded?.enableIntegrityMonitoring !== false
            ? []
            : ["Shielded VM is not on (set shieldedInstanceConfig with enableSecureBoot, enableVtpm and enableIntegrityMonitoring)"];
    },
};

export const encryptionAndMetadata: StackValidationPolicy = {
    name: "encryption-and-metadata",
    description: "AWS volumes and root devices are encrypted and IMDSv2 is required; GCP instances run as Shielded VMs.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const resource of args.resources) {
            const check = CHECKS[resource.type];
            if (!check) {
                continue;
            }
            const problems = check(resource);
            if (!problems) {
                reportViolation(`${describe(resource)}: cannot tell yet whether it is encrypted and hardened.`, resource.urn);
            }
            for (const problem of problems ?? []) {
                reportViolation(`${describe(resource)}: ${problem}.`, resource.urn);
            }
        }
    },
};
