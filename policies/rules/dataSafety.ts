import type { StackValidationPolicy } from "@pulumi/policy";
import { roleOf } from "../lib/classify";
import { describe, read } from "../lib/read";

export const dataSafety: StackValidationPolicy = {
    name: "data-volumes-protected",
    description: "Data volumes are protected from deletion (Pulumi `protect`, or the cloud's own delete protection).",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const volume of args.resources.filter((r) => roleOf(r.type) === "volume")) {
            if (volume.opts.protect || read(() => volume.props.deleteProtection) === true) {
                continue;
            }
            reportViolation(
                `${describe(volume)} is not protected: a mistaken change or destroy can delete chain or order data. Set \`protect\` (exchange:protectData: true). ` +
                    "The engine does not pass `retainOnDelete` to policy packs, so a retained volume still shows here.",
                volume.urn,
            );
        }
    },
};
