/**
 * `--policy-pack-config`, as the Pulumi CLI reads and applies it (pulumi/pulumi pkg/resource/analyzer/config.go:
 * `parsePolicyPackConfig`, `ReconcilePolicyPackConfig`, `validatePolicyPackConfig`): a JSON object of policy name to
 * an enforcement level, or to an object of an `enforcementLevel` and properties; `all` sets every policy's level.
 * Properties start from each policy's schema defaults and are validated against its schema.
 */
import type { EnforcementLevel, PolicyPackInfo } from "./policyPack";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export interface PolicyConfigEntry {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

export class PolicyConfigError extends Error {}

type Schema = { type?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; items?: Schema };

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON-schema keywords the pack's schemas use, checked as gojsonschema checks them. */
function schemaProblems(value: unknown, schema: Schema, at: string): string[] {
    const kind = schema.type;
    const matches = kind === undefined
        || (kind === "integer" && Number.isInteger(value))
        || (kind === "number" && typeof value === "number")
        || (kind === "string" && typeof value === "string")
        || (kind === "boolean" && typeof value === "boolean")
        || (kind === "array" && Array.isArray(value))
        || (kind === "object" && isObject(value));
    if (!matches) {
        return [`${at}: Invalid type. Expected: ${kind}, given: ${Array.isArray(value) ? "array" : value === null ? "null" : typeof value}`];
    }
    const problems: string[] = [];
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: Must be greater than or equal to ${schema.minimum}`);
        if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) problems.push(`${at}: Must be greater than ${schema.exclusiveMinimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: Must be less than or equal to ${schema.maximum}`);
    }
    if (Array.isArray(value) && schema.items) {
        value.forEach((item, index) => problems.push(...schemaProblems(item, schema.items!, `${at}.${index}`)));
    }
    return problems;
}

function levelOf(value: unknown, policy: string): EnforcementLevel {
    if (typeof value !== "string" || !ENFORCEMENT_LEVELS.includes(value as EnforcementLevel)) {
        throw new PolicyConfigError(`parsing enforcement level for "${policy}": ${JSON.stringify(value)} is not a valid enforcement level`);
    }
    return value as EnforcementLevel;
}

/** Reads a policy config file's text into levels and properties per policy name (and `all`). */
export function parsePolicyPackConfig(text: string): Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, unknown> }> {
    let parsed: unknown;
    try {
        parsed = text.trim() === "" ? {} : JSON.parse(text);
    } catch (error) {
        throw new PolicyConfigError(`not JSON: ${(error as Error).message}`);
    }
    if (!isObject(parsed)) {
        throw new PolicyConfigError("must be a JSON object of policy names to an enforcement level or an object");
    }
    return Object.fromEntries(Object.entries(parsed).filter(([name]) => name !== "environments").map(([name, value]) => {
        if (typeof value === "string") {
            return [name, { enforcementLevel: levelOf(value, name), properties: {} }];
        }
        if (!isObject(value)) {
            throw new PolicyConfigError(`parsing "${name}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
        }
        const { enforcementLevel, ...properties } = value;
        return [name, { ...(enforcementLevel === undefined ? {} : { enforcementLevel: levelOf(enforcementLevel, name) }), properties }];
    }));
}

/** Every policy's level and properties after defaults and the file, or the CLI's validation errors. */
export function reconcilePolicyConfig(info: PolicyPackInfo, file: ReturnType<typeof parsePolicyPackConfig>): Record<string, PolicyConfigEntry> {
    const everyLevel = file.all?.enforcementLevel;
    const problems: string[] = [];
    const config = Object.fromEntries(info.policies.map((policy) => {
        const schema = (policy.configSchema?.properties ?? {}) as Record<string, Schema & { default?: unknown }>;
        const defaults = Object.fromEntries(Object.entries(schema).filter(([, property]) => property.default !== undefined).map(([key, property]) => [key, property.default]));
        const entry = file[policy.name];
        const properties = { ...defaults, ...entry?.properties };
        // Like gojsonschema under the CLI's `{type: object, properties}`: properties the schema does not name pass.
        for (const [key, value] of Object.entries(properties).filter(([name]) => Object.hasOwn(schema, name))) {
            problems.push(...schemaProblems(value, schema[key], key).map((text) => `${info.name} ${info.version}  ${policy.name}: ${text}`));
        }
        return [policy.name, { enforcementLevel: entry?.enforcementLevel ?? everyLevel ?? policy.enforcementLevel, properties }];
    }));
    if (problems.length > 0) {
        throw new PolicyConfigError(`validating policy config: ${problems.sort().join("; ")}`);
    }
    return config;
}
