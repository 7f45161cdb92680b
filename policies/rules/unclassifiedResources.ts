import type { StackValidationPolicy } from "@pulumi/policy";
import { descriptionOf, isCloudPackage } from "../lib/clouds";
import { describe } from "../lib/read";

/** Modules of cloud packages where machines and firewalls live; other modules hold managed services. */
const COMPUTE_MODULES = /^(ec2|lightsail|autoscaling|compute|index|Core|metal|CloudProject|network|vpc)$/;
const COMPUTE_LIKE = /(Instance|Server|Droplet|VirtualMachine|VirtualMachineScaleSet|Vm|Device|InstancePool|ScaleSet)$/;
const FIREWALL_LIKE = /(Firewall|FirewallRule|FirewallRules|FirewallPolicy|PolicyRule|PolicyWithRules|SecurityGroup|SecurityGroupRule|SecurityRule|SecurityList|NetworkSecurityGroup|Acl|AclRule)$/;

export const unclassifiedResources: StackValidationPolicy = {
    name: "unclassified-resources",
    description: "Names resources that look like machines or firewalls but that the pack does not know, so it can neither count nor check them.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const resource of args.resources) {
            const [pkg, module = "", name = ""] = resource.type.split(":");
            if (!resource.provider || pkg.startsWith("pulumi") || descriptionOf(resource.type)) continue;
            const knownCloud = isCloudPackage(pkg);
            const inComputeModule = !knownCloud || COMPUTE_MODULES.test(module.split("/")[0]);
            const kind = COMPUTE_LIKE.test(name) ? "a machine" : FIREWALL_LIKE.test(name) ? "a firewall" : undefined;
            if (kind && inComputeModule) {
                reportViolation(
                    `${describe(resource)} looks like ${kind}, but the policy pack does not know its cloud or its properties, so it is not ${kind === "a machine" ? "counted" : "checked"}. Describe it in policies/lib/clouds.ts, or in the \`cloud\` of the site file that creates it.`,
                    resource.urn,
                );
            }
        }
    },
};
