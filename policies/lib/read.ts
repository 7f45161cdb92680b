import type { PolicyResource } from "@pulumi/policy";
import type { Path } from "./cloudTypes";

/** A value the engine cannot know yet (in a preview, for a resource still to be created). */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Maybe<T> = T | typeof UNKNOWN;

/**
 * The engine's unknown values as they reach a pack: one sentinel string per type (pulumi/pulumi
 * sdk/go/common/resource/plugin/rpc.go; @pulumi/policy proxy.js). The policy SDK's `props` throws on reading one; the
 * pack reads the raw properties instead and treats the sentinels as values that are not known yet.
 */
const UNKNOWN_SENTINELS = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknownValue(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

export function isKnown<T>(value: Maybe<T>): value is T {
    return value !== UNKNOWN;
}

/** What the policy SDK's unknown-checking proxy hands back as the object it wraps (@pulumi/policy proxy.js). */
const PROXY_TARGET = "__getSpecialProxyTarget";

/** A resource's properties as plain data, the engine's unknowns in place. */
export function plain(resource: PolicyResource): Record<string, unknown> {
    const props = resource.props as Record<string, unknown>;
    return (props[PROXY_TARGET] as Record<string, unknown> | undefined) ?? props;
}

/**
 * Every value at `path` inside `value`: `a.b` a field, `a[]` every element. `unknown` tells whether some part on
 * the way was unknown, so a missing value can be told from one that is not known yet.
 */
export function valuesAt(value: unknown, path: Path): { values: unknown[]; unknown: boolean } {
    const values: unknown[] = [];
    let unknown = false;
    const walk = (current: unknown, parts: string[]) => {
        if (isUnknownValue(current)) {
            unknown = true;
            return;
        }
        if (parts.length === 0) {
            if (current !== undefined && current !== null) values.push(current);
            return;
        }
        const [head, ...rest] = parts;
        const each = head.endsWith("[]");
        const name = each ? head.slice(0, -2) : head;
        const next = name === "" ? current : typeof current === "object" && current !== null ? (current as Record<string, unknown>)[name] : undefined;
        if (each) {
            if (isUnknownValue(next)) {
                unknown = true;
            } else if (Array.isArray(next)) {
                next.forEach((item) => walk(item, rest));
            }
            return;
        }
        walk(next, rest);
    };
    walk(value, path === "" ? [] : path.split("."));
    return { values, unknown };
}

/** The one value at `path`: UNKNOWN when it is not known yet, undefined when it is not set. */
export function valueAt(value: unknown, path: Path): Maybe<unknown> {
    const { values, unknown } = valuesAt(value, path);
    return values.length > 0 ? values[0] : unknown ? UNKNOWN : undefined;
}

/** Strings at `path`, numbers as their text (Hetzner's IDs are numbers in inputs), and whether some were unknown. */
export function stringsAt(value: unknown, path: Path): { strings: string[]; unknown: boolean } {
    const { values, unknown } = valuesAt(value, path);
    return { strings: values.flatMap((item) => (typeof item === "string" ? [item] : typeof item === "number" ? [String(item)] : [])), unknown };
}

/** The logical name and type of a resource, for messages. */
export function describe(resource: PolicyResource): string {
    return `${resource.name} (${resource.type})`;
}

/** Property dependencies of `resource` on `property`, or an empty list. */
export function dependenciesOf(resource: PolicyResource, property: string): PolicyResource[] {
    return resource.propertyDependencies?.[property] ?? [];
}
