import type { PolicyResource } from "@pulumi/policy";

/** A value the engine cannot know yet (during preview of a resource that does not exist). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Maybe<T> = T | typeof UNKNOWN;

/**
 * Reads a property that may be unknown during preview. The policy SDK throws on access to an unknown value;
 * here that becomes UNKNOWN, so that a rule can say "cannot tell yet" instead of aborting or passing.
 */
export function read<T>(get: () => T): Maybe<T> {
    try {
        return get();
    } catch (error) {
        if (error instanceof Error && error.constructor.name === "UnknownValueError") {
            return UNKNOWN;
        }
        throw error;
    }
}

export function isKnown<T>(value: Maybe<T>): value is T {
    return value !== UNKNOWN;
}

/** The last segment of a URN: the resource's logical name, for messages. */
export function describe(resource: PolicyResource): string {
    return `${resource.name} (${resource.type})`;
}

/** Property dependencies of `resource` on `property`, or an empty list. */
export function dependenciesOf(resource: PolicyResource, property: string): PolicyResource[] {
    return resource.propertyDependencies?.[property] ?? [];
}
