import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type { RecordedResource } from "../../plan/mockRun";
import { rules } from "../../policies/rules";

export interface Verdict {
    policy: string;
    enforcementLevel: string;
    message: string;
}

/**
 * The policy SDK's own wrapper of a resource's properties, internal to @pulumi/policy and so untyped: reading an
 * engine's unknown through it throws, as it does in a pack served over gRPC.
 */
const sdkProxy = require("../../policies/node_modules/@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(props: T): T;
    UnknownValueError: new (...args: never[]) => Error;
};

/** A value with every object's keys in order, as the engine sends properties (resource.PropertyMap's StableKeys). */
function withSortedKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withSortedKeys);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, withSortedKeys((value as Record<string, unknown>)[key])]));
}

/** The recorded resources as a policy pack receives them, unknowns of a preview included, without the gRPC hop. */
export function asPolicyResources(recorded: RecordedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const resource of recorded) {
        byUrn.set(resource.urn, {
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            props: sdkProxy.unknownCheckingProxy(withSortedKeys(resource.outputs) as Record<string, unknown>),
            opts: { protect: resource.protect, ignoreChanges: resource.ignoreChanges, aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
            provider: resource.provider ? { type: "pulumi:providers", props: {}, urn: resource.provider, name: resource.provider.split("::").pop()! } : undefined,
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        } as PolicyResource);
    }
    for (const resource of recorded) {
        const target = byUrn.get(resource.urn)!;
        target.dependencies.push(...resource.dependencies.flatMap((urn) => byUrn.get(urn) ?? []));
        for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
            target.propertyDependencies[property] = urns.flatMap((urn) => byUrn.get(urn) ?? []);
        }
    }
    return [...byUrn.values()];
}

async function validate(rule: StackValidationPolicy, resources: PolicyResource[], config: Record<string, unknown>, enforcementLevel: string): Promise<Verdict[]> {
    if (enforcementLevel === "disabled") return [];
    // The SDK's server runs a stack rule set to remediate as mandatory: a stack cannot be remediated.
    const level = enforcementLevel === "remediate" ? "mandatory" : enforcementLevel;
    const verdicts: Verdict[] = [];
    try {
        await rule.validateStack(
            { resources, stackTags: new Map(), getConfig: <T extends object>() => config as T, notApplicable: (): never => { throw new Error("not applicable"); } },
            (message) => verdicts.push({ policy: rule.name, enforcementLevel: level, message }),
        );
    } catch (error) {
        // What the SDK's server makes of a rule that read an unknown value: an advisory note instead of a verdict.
        if (!(error instanceof sdkProxy.UnknownValueError)) throw error;
        verdicts.push({ policy: rule.name, enforcementLevel: "advisory", message: `can't run policy '${rule.name}' during preview: ${error.message}` });
    }
    return verdicts;
}

/** One rule, in process, with the properties and enforcement level `--policy-pack-config` gives it. */
export function runRule(rule: StackValidationPolicy, recorded: RecordedResource[], config: Record<string, unknown> = {}, enforcementLevel: string = rule.enforcementLevel ?? "advisory"): Promise<Verdict[]> {
    return validate(rule, asPolicyResources(recorded), config, enforcementLevel);
}

/** Every rule of the pack, in process, at its default configuration. */
export async function judge(recorded: RecordedResource[]): Promise<Verdict[]> {
    const resources = asPolicyResources(recorded);
    const verdicts: Verdict[] = [];
    for (const rule of rules) {
        verdicts.push(...(await validate(rule, resources, {}, rule.enforcementLevel ?? "advisory")));
    }
    return verdicts;
}
