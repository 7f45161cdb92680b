import type { StackValidationPolicy } from "@pulumi/policy";
import { isUnclassifiedCompute } from "../lib/classify";
import { describe } from "../lib/read";
import { isNode, providerOf } from "../lib/topology";

const defaults = { minProviders: 2 };

export const minimumProviders: StackValidationPolicy = {
    name: "exchange-nodes-span-providers",
    description: "Exchange nodes run on at least `minProviders` distinct clouds; regions of one cloud count as one.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { minProviders: { type: "integer", minimum: 1, default: defaults.minProviders } } },
    validateStack: (args, reportViolation) => {
        const { minProviders } = { ...defaults, ...args.getConfig<Partial<typeof defaults>>() };
        for (const resource of args.resources.filter((r) => r.provider !== undefined && isUnclassifiedCompute(r.type))) {
            reportViolation(`${describe(resource)} looks like compute, but the policy pack does not know its cloud or role: add ${resource.type} to policies/lib/classify.ts so that it is counted.`, resource.urn);
        }
        const nodes = args.resources.filter(isNode);
        const perProvider = new Map<string, string[]>();
        for (const node of nodes) {
            perProvider.set(providerOf(node), [...(perProvider.get(providerOf(node)) ?? []), node.name]);
        }
        if (perProvider.size < minProviders) {
            const found = [...perProvider].map(([provider, names]) => `${provider}: ${names.join(", ")}`).join("; ") || "no exchange nodes at all";
            reportViolation(`Exchange nodes run on ${perProvider.size} provider(s), at least ${minProviders} are required (${found}). Add a site on another cloud: losing one provider must not take the exchange down.`);
        }
    },
};
