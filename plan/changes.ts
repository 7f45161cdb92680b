/**
 * What `pulumi up` would do to a deployed stack: the new program runs under mocks as a preview against the old run's
 * resources as its state, and each registration gets the step the engine would give it (pulumi/pulumi v3.248.0,
 * pkg/resource/deploy/step_generator.go), with the providers' behaviour from the change tables
 * (components/replacements.ts and each site provider's `changes`).
 */
import * as pulumi from "@pulumi/pulumi";
import { SHARED_CHANGES, type ChangeEffect, type ChangeTable, type PropertyBehaviour, type TypeChanges } from "../components/replacements";
import { siteProviders } from "../components/sites";
import { runWithMocks, type MockRunArgs, type MockRunResult, type RecordedResource, type Registration } from "./mockRun";
import { declaredProperties } from "./sdkSchema";

export type Action = "create" | "update" | "replace" | "delete";

/** One property's part in a resource's change. */
export interface PropertyCause {
    property: string;
    effect: ChangeEffect;
    /** Where the effect comes from: the change table's source, a resource option, or the engine. */
    source: string;
    note?: string;
    /** The change tables do not describe this property or its type: counted as an update, and said so. */
    notInTable?: true;
}

export interface ResourceChange {
    urn: string;
    type: string;
    name: string;
    action: Action;
    properties: PropertyCause[];
    /** For a replacement: the old resource goes first, or the new one is created first and the old deleted at the end. */
    replacement?: "delete-before-replace" | "create-before-delete";
    /** For an update: the machine is stopped, or powered off, and started again. */
    restarts?: true;
    /** For an update: the machine is stopped, or powered off, and left so. */
    stops?: true;
    /** For a deletion or a replacement: `retainOnDelete` leaves the old resource in the cloud, out of the stack. */
    retained?: true;
    /**
     * `pulumi up` refuses it: a deletion of a resource protected in the state (step.go `DeleteStep.Apply`), or a
     * replacement of one protected in the state and in the program (step_generator.go, "unable to replace resource").
     */
    protected?: true;
}

export interface ChangePlan {
    changes: ResourceChange[];
    prior: MockRunResult;
    /** The new program's run as a preview against `prior`: inputs that depend on replaced or new resources are unknown. */
    next: MockRunResult;
    /** What the new run was given: its project and configuration (full keys to strings). */
    project: string;
    config: Record<string, string>;
}

const TABLE: ChangeTable = Object.assign({}, SHARED_CHANGES, ...Object.values(siteProviders).map((provider) => provider.changes ?? {}));

/** What the change tables say of a type; undefined for a type they do not describe. */
export function changesOf(type: string): TypeChanges | undefined {
    return Object.hasOwn(TABLE, type) ? TABLE[type] : undefined;
}

const UNKNOWN = pulumi.runtime.unknownValue;
const EFFECT_ORDER: readonly ChangeEffect[] = ["none", "update", "restart", "stop", "fails", "replace"];
const ENGINE = "pulumi/pulumi pkg/resource/deploy/step_generator.go";

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value as providers compare it: Pulumi's secret wrapping removed. */
function revealed(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(revealed);
    }
    if (!isObject(value)) {
        return value;
    }
    if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
        return revealed(value.value);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revealed(item)]));
}

interface LeafChange {
    /** Field names joined by `.`, list positions left out, as the change tables name properties. */
    path: string;
    before: unknown;
    after: unknown;
}

/** Every changed value between two property trees; an unknown value may be anything, so it counts as changed. */
function changedLeaves(before: unknown, after: unknown, path: string, found: LeafChange[]): LeafChange[] {
    const absent = (value: unknown) => value === undefined || value === null;
    if (absent(before) && absent(after)) {
        return found;
    }
    if (after === UNKNOWN) {
        found.push({ path, before, after });
    } else if ([before, after].every((value) => Array.isArray(value) || absent(value))) {
        const [was, now] = [(before ?? []) as unknown[], (after ?? []) as unknown[]];
        for (let index = 0; index < Math.max(was.length, now.length); index++) {
            changedLeaves(was[index], now[index], path, found);
        }
    } else if ([before, after].every((value) => isObject(value) || absent(value))) {
        const [was, now] = [(before ?? {}) as Record<string, unknown>, (after ?? {}) as Record<string, unknown>];
        for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
            changedLeaves(was[key], now[key], path ? `${path}.${key}` : key, found);
        }
    } else if (before !== after) {
        found.push({ path, before, after });
    }
    return found;
}

function strongest(effects: ChangeEffect[]): ChangeEffect {
    return effects.reduce((best, effect) => (EFFECT_ORDER.indexOf(effect) > EFFECT_ORDER.indexOf(best) ? effect : best), "none");
}

/** The table entry that decides a changed path: the longest listed path containing it, the entries inside it, or `others`. */
function behaviourAt(changes: TypeChanges, path: string): { property: string; behaviour?: PropertyBehaviour } {
    const listed = Object.keys(changes.properties);
    const containing = listed.filter((key) => path === key || path.startsWith(`${key}.`)).sort((a, b) => b.length - a.length)[0];
    if (containing !== undefined) {
        return { property: containing, behaviour: changes.properties[containing] };
    }
    const inside = listed.filter((key) => key.startsWith(`${path}.`)).map((key) => changes.properties[key]);
    if (inside.length > 0) {
        const effect = strongest(inside.map((behaviour) => behaviour.effect));
        return { property: path, behaviour: inside.find((behaviour) => behaviour.effect === effect) };
    }
    return { property: path.split(".")[0], behaviour: changes.others };
}

function effectOf(behaviour: PropertyBehaviour, change: LeafChange, inputs: Record<string, unknown>): ChangeEffect {
    if (behaviour.shrink && typeof change.before === "number" && typeof change.after === "number" && change.after < change.before) {
        return behaviour.shrink;
    }
    if (behaviour.whenInput && revealed(inputs[behaviour.whenInput.property]) === behaviour.whenInput.equals) {
        return behaviour.whenInput.effect;
    }
    return behaviour.effect;
}

/** One cause per property the table names, the strongest effect among its changed values. */
function causesOf(type: string, before: Record<string, unknown>, after: Record<string, unknown>, replaceOnChanges: string[]): PropertyCause[] {
    const changes = changesOf(type);
    const causes = new Map<string, PropertyCause>();
    for (const change of changedLeaves(revealed(before), revealed(after), "", [])) {
        const { property, behaviour } = changes ? behaviourAt(changes, change.path) : { property: change.path.split(".")[0] };
        let cause: PropertyCause = behaviour
            ? { property, effect: effectOf(behaviour, change, after), source: behaviour.source, ...(behaviour.note ? { note: behaviour.note } : {}) }
            : { property, effect: "update", source: changes ? `not in the change table of ${type}` : `${type} is not in the change tables`, notInTable: true };
        // replaceOnChanges only turns a change the provider reports into a replacement (applyReplaceOnChanges).
        if (cause.effect !== "none" && replaceOnChanges.some((path) => path === "*" || change.path === path || change.path.startsWith(`${path}.`))) {
            cause = { property, effect: "replace", source: `the resource's replaceOnChanges (${ENGINE} applyReplaceOnChanges)`, ...(cause.note ? { note: cause.note } : {}) };
        }
        const known = causes.get(property);
        if (!known || strongest([known.effect, cause.effect]) !== known.effect) {
            causes.set(property, cause);
        }
    }
    return [...causes.values()].filter((cause) => cause.effect !== "none");
}

/** A dotted path with `[n]` positions, as `ignoreChanges` takes it. */
function pathSegments(path: string): string[] {
    return path.replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean);
}

/**
 * The program's inputs with ignored properties set back to their old values, where there is one
 * (`processIgnoreChanges`; docs: "Ignored properties will still be used from the program when there is no previous value").
 */
function withIgnoredChanges(inputs: Record<string, unknown>, old: Record<string, unknown>, ignoreChanges: string[]): Record<string, unknown> {
    const result = structuredClone(inputs);
    for (const path of ignoreChanges) {
        const segments = pathSegments(path);
        let from: unknown = old;
        let to: unknown = result;
        for (const [index, segment] of segments.entries()) {
            if (!isObject(from) && !Array.isArray(from)) {
                break;
            }
            const value = (from as Record<string, unknown>)[segment];
            if (value === undefined || (!isObject(to) && !Array.isArray(to))) {
                break;
            }
            if (index === segments.length - 1) {
                (to as Record<string, unknown>)[segment] = value;
            }
            from = value;
            to = (to as Record<string, unknown>)[segment];
        }
    }
    return result;
}

interface Step {
    action: "create" | "same" | "update" | "replace";
    properties: PropertyCause[];
    deleteBeforeReplace: boolean;
    /** What the mock answers for a resource left as it is or updated; a new or replaced one gets the provider's plan. */
    answer?: pulumi.runtime.MockResourceResult;
}

/**
 * A resource's outputs as its old run left them. That run was a deployment, where every property the mock did not
 * answer resolved to undefined; a preview would make such a property unknown, so it is answered as known and empty.
 */
function priorState(old: RecordedResource): Record<string, unknown> {
    const { id: _id, ...outputs } = old.outputs;
    return { ...Object.fromEntries((declaredProperties(old.type) ?? []).map((property) => [property, null])), ...outputs };
}

/**
 * The step the engine takes for a resource the old run has: replaced with its provider, replaced or updated as the
 * provider diffs the inputs (ignored properties set back to their old values), replaced as a dependent of a resource
 * that is deleted before it is replaced, or left as it is. A replacement is created from the program's own inputs,
 * ignored properties included: the engine checks the goal's properties again for it (`continueStepsFromDiff`).
 */
function stepFor(old: RecordedResource, goal: Registration, steps: ReadonlyMap<string, Step>): Step {
    const replaceStep = (properties: PropertyCause[]): Step => ({ action: "replace", properties, deleteBeforeReplace: goal.deleteBeforeReplace });
    if (steps.get(goal.provider)?.action === "replace") {
        return replaceStep([{ property: "provider", effect: "replace", source: `its provider is replaced, and with it every resource it manages (${ENGINE} providerChanged)` }]);
    }
    const inputs = withIgnoredChanges(goal.inputs, old.inputs, goal.ignoreChanges);
    const causes = causesOf(goal.type, old.inputs, inputs, goal.replaceOnChanges);
    if (causes.some((cause) => cause.effect === "replace")) {
        return replaceStep(causes);
    }
    const deletedFirst = (property: string) => goal.propertyDependencies[property]?.some((urn) => steps.get(urn)?.action === "replace" && steps.get(urn)!.deleteBeforeReplace);
    const dependentProperties = Object.keys(goal.propertyDependencies).filter(deletedFirst);
    if (dependentProperties.length > 0) {
        // Its inputs that refer to a resource deleted before it is replaced become unknown; the dependent is replaced
        // when its provider says so (`calculateDependentReplacements`).
        const unknown = { ...inputs, ...Object.fromEntries(dependentProperties.map((property) => [property, UNKNOWN])) };
        const asDependent = causesOf(goal.type, old.inputs, unknown, goal.replaceOnChanges).filter((cause) => cause.effect === "replace");
        if (asDependent.length > 0) {
            return replaceStep(asDependent.map((cause) => ({ ...cause, source: `it refers to a resource deleted before it is replaced (${ENGINE} calculateDependentReplacements); ${cause.source}` })));
        }
    }
    const state = priorState(old);
    return causes.length > 0
        ? { action: "update", properties: causes, deleteBeforeReplace: false, answer: { id: old.id, state: { ...state, ...inputs } } }
        : { action: "same", properties: [], deleteBeforeReplace: false, answer: { id: old.id, state } };
}

/**
 * The engine's answer to each registration in a preview against `prior`: a resource left as it is keeps its old ID and
 * outputs, an updated one its old ID and outputs with the new inputs, and a new or replaced one gets what the provider
 * plans, with an unknown ID. Records each resource's step by URN in `steps`.
 */
function answerAsTheEngine(prior: RecordedResource[], steps: Map<string, Step>): NonNullable<MockRunArgs["answer"]> {
    const priorByName = new Map(prior.map((resource) => [`${resource.parent}\n${resource.type}\n${resource.name}`, resource]));
    return (registration) => {
        const old = priorByName.get(`${registration.parent}\n${registration.type}\n${registration.name}`);
        const step: Step = old ? stepFor(old, registration, steps) : { action: "create", properties: [], deleteBeforeReplace: false };
        return { result: step.answer, registered: (urn) => steps.set(urn, step) };
    };
}

/** `resource` as the new run registered it; `prior`, as the state has it, decides what its deletion does. */
function resourceChange(resource: RecordedResource, prior: RecordedResource, step: Step): ResourceChange {
    const updatedWith = (effect: ChangeEffect) => step.action === "update" && step.properties.some((cause) => cause.effect === effect);
    const stops = updatedWith("stop");
    const restarts = !stops && updatedWith("restart");
    return {
        urn: resource.urn,
        type: resource.type,
        name: resource.name,
        action: step.action as Action,
        properties: step.properties,
        ...(step.action === "replace" ? { replacement: step.deleteBeforeReplace ? "delete-before-replace" : "create-before-delete" } : {}),
        ...(restarts ? { restarts: true } : {}),
        ...(stops ? { stops: true } : {}),
        ...(step.action === "replace" && prior.retainOnDelete ? { retained: true } : {}),
        ...(step.action === "replace" && prior.protect && resource.protect ? { protected: true } : {}),
    };
}

/**
 * Plans `next` against `prior` as `pulumi preview` would against a stack deployed from `prior`: both runs must use
 * the same project and stack name, since URNs carry them.
 */
export async function planChanges(prior: MockRunResult, next: Omit<MockRunArgs, "preview" | "record">): Promise<ChangePlan> {
    const steps = new Map<string, Step>();
    const run = await runWithMocks({ ...next, preview: true, answer: answerAsTheEngine(prior.resources, steps) });
    const priorByUrn = new Map(prior.resources.map((resource) => [resource.urn, resource]));
    const changes = run.resources
        .filter((resource) => steps.has(resource.urn) && steps.get(resource.urn)!.action !== "same")
        .map((resource) => resourceChange(resource, priorByUrn.get(resource.urn) ?? resource, steps.get(resource.urn)!));
    const registered = new Set(run.resources.map((resource) => resource.urn));
    const deleted = prior.resources
        .filter((resource) => resource.custom && !registered.has(resource.urn))
        .map((resource): ResourceChange => ({
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            action: "delete",
            properties: [],
            ...(resource.retainOnDelete ? { retained: true } : {}),
            ...(resource.protect ? { protected: true } : {}),
        }));
    return { changes: [...changes, ...deleted], prior, next: run, project: next.project, config: next.config };
}
