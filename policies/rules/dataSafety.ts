import type { StackValidationPolicy } from "@pulumi/policy";
import { descriptionOf } from "../lib/clouds";
import { describe, plain, valueAt } from "../lib/read";

export const dataSafety: StackValidationPolicy = {
    name: "data-volumes-protected",
    description: "Data volumes are protected from deletion (Pulumi `protect`, or the cloud's own delete protection).",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const volume of args.resources.filter((resource) => descriptionOf(resource.type)?.role === "volume")) {
            if (volume.opts.protect || valueAt(plain(volume), "deleteProtection") === true) {
                continue;
            }
            reportViolation(
                `${describe(volume)} is not protected: a mistaken change or destroy can delete chain or order data. Set \`protect\` (protectData: true in this project's stacks). ` +
                    "The engine does not pass `retainOnDelete` to policy packs, so a retained volume still shows here.",
                volume.urn,
            );
        }
    },
};
