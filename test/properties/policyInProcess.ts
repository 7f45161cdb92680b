import type { PolicyResource } from "@pulumi/policy";
import type { RecordedResource } from "../../plan/mockRun";
import { rules } from "../../policies/rules";

export interface Verdict {
    policy: string;
    enforcementLevel: string;
    message: string;
}

/** The recorded resources as a policy pack would see them after `pulumi up` (outputs known), without the gRPC hop. */
export function asPolicyResources(recorded: RecordedResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const resource of recorded) {
        byUrn.set(resource.urn, {
            type: resource.type,
            name: resource.name,
            urn: resource.urn,
            props: resource.outputs,
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

/** Every rule of the pack, in process, at its default configuration. */
export async function judge(recorded: RecordedResource[]): Promise<Verdict[]> {
    const resources = asPolicyResources(recorded);
    const verdicts: Verdict[] = [];
    for (const rule of rules) {
        await rule.validateStack(
            { resources, stackTags: new Map(), getConfig: <T extends object>() => ({}) as T, notApplicable: (): never => { throw new Error("not applicable"); } },
            (message) => verdicts.push({ policy: rule.name, enforcementLevel: rule.enforcementLevel ?? "advisory", message }),
        );
    }
    return verdicts;
}
