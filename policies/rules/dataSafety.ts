import type { StackValidationPolicy } from "@pulumi/policy";
import { descriptionOf } from "../lib/clouds";
import { describe, plain, valueAt } from "../lib/read";
import { list } from "../lib/settings";

export const dataSafety: StackValidationPolicy = {
    name: "data-volumes-protected",
    description: "Data volumes are protected from deletion (Pulumi `protect`, or the cloud's own delete protection).",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const exposed = args.resources.filter((resource) => descriptionOf(resource.type)?.role === "volume" && !resource.opts.protect && valueAt(plain(resource), "deleteProtection") !== true);
        if (exposed.length > 0) {
            reportViolation(
                `${list(exposed.map(describe))} ${exposed.length === 1 ? "is" : "are"} not protected: a mistaken change or destroy can delete chain or order data. Set \`protect\` (protectData: true in this project's stacks). ` +
                    "The engine does not pass `retainOnDelete` to policy packs, so a retained volume still shows here.",
                exposed[0].urn,
            );
        }
    },
};
