import type { StackValidationPolicy } from "@pulumi/policy";
import { trafficModel } from "../lib/model";
import { list, settings } from "../lib/settings";

const defaults = { minProviders: 2 };

export const minimumProviders: StackValidationPolicy = {
    name: "exchange-nodes-span-providers",
    description: "Machines that serve run on at least `minProviders` distinct clouds; regions of one cloud count as one, stopped machines and empty groups as none.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minProviders: { type: "integer", minimum: 1, default: defaults.minProviders } } },
    validateStack: (args, reportViolation) => {
        const { minProviders } = settings(args, defaults);
        const model = trafficModel(args.resources);
        if (model.clouds.size >= minProviders) {
            return;
        }
        const serving = [...model.clouds].map((cloud) => `${cloud}: ${model.machines.filter((machine) => machine.cloud === cloud && !machine.stopped).map((machine) => machine.resource.name).join(", ")}`);
        const stopped = model.machines.filter((machine) => machine.stopped).map((machine) => `${machine.resource.name} on ${machine.cloud} (${machine.stopped})`);
        const hostnames = [...model.hostnames.map((hostname) => hostname.name), ...model.direct.map((hostname) => hostname.name)];
        reportViolation(
            `Machines that serve run on ${model.clouds.size} cloud(s), at least ${minProviders} are required (${serving.join("; ") || "none at all"})` +
                `${stopped.length > 0 ? `; not serving: ${list(stopped)}` : ""}${hostnames.length > 0 ? `; hostnames affected: ${list(hostnames)}` : ""}. ` +
                "Run nodes on another cloud: losing one provider must not take the exchange down.",
        );
    },
};
