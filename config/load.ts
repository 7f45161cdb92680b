import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { siteProviders } from "../components/sites";
import { environment, stackConfigSchema, type StackConfig } from "./schema";
import { fullKey, SECRET_KEYS } from "./keys";

/**
 * Bad configuration. Extends RunError so that the Pulumi CLI prints the message alone, with no stack trace.
 * `problems` holds one line per offending key.
 */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(`invalid stack configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** Keys of guest-side volume encryption: the one volumes are opened with, and the one a rotation replaces. */
export interface DataVolumeKeys {
    current: string;
    previous?: string;
}

export interface LoadedConfig {
    config: StackConfig;
    secretEnv: pulumi.Output<Record<string, string>>;
    /** Present when a site runs on a provider that does not encrypt volumes itself. */
    dataVolumeKeys?: pulumi.Output<DataVolumeKeys>;
}

/** A LUKS key file is read whole: printable ASCII keeps it the same in YAML, the CLI and the shell. */
const VOLUME_KEY = /^[\x21-\x7e]{32,512}$/;

function keyOf(namespace: string, path: PropertyKey[]): string {
    return path.reduce<string>((key, part) => (typeof part === "number" ? `${key}[${part}]` : `${key}${key.includes(":") ? "." : ":"}${String(part)}`), namespace);
}

function describe(namespace: string, issue: z.core.$ZodIssue): string[] {
    if (issue.code === "unrecognized_keys") {
        // `__proto__` is refused by name (protoKeys).
        return issue.keys.filter((key) => key !== "__proto__").map((key) => `${keyOf(namespace, [...issue.path, key])}: unknown key; check the spelling against the README's configuration table`);
    }
    if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
        return [`${keyOf(namespace, issue.path)}: is required (${issue.expected})`];
    }
    if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input")) {
        // A YAML .inf or .nan reaches the program as null: JSON has no such numbers.
        const received = /received (\w+)$/.exec(issue.message)?.[1] ?? "something else";
        const quoted = issue.expected === "number" && received === "string" ? " (write it without quotes)" : "";
        return [`${keyOf(namespace, issue.path)}: must be a ${issue.expected}, not ${received === "null" ? "null (YAML's .inf, .nan and ~ are not numbers)" : `a ${received}`}${quoted}`];
    }
    if (issue.code === "invalid_key") {
        return [`${keyOf(namespace, issue.path)}: ${issue.issues[0]?.message ?? issue.message}`];
    }
    if (issue.code === "invalid_value") {
        return [`${keyOf(namespace, issue.path)}: must be one of ${issue.values.map(String).join(", ")}`];
    }
    return [`${keyOf(namespace, issue.path)}: ${issue.message}`];
}

/** Paths of `__proto__` keys, which JSON.parse keeps as own keys and record validation passes over without a word. */
function protoKeys(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
    if (typeof value !== "object" || value === null) return [];
    return Object.keys(value).flatMap((key) => [
        ...(key === "__proto__" ? [[...path, key]] : []),
        ...protoKeys((value as Record<string, unknown>)[key], [...path, Array.isArray(value) ? Number(key) : key]),
    ]);
}

/** Validates a stack's configuration (keys without the namespace) and returns it typed, or the problems, each naming its full key. */
function validateStackConfig(namespace: string, raw: unknown): { config?: StackConfig; problems: string[] } {
    const result = stackConfigSchema.safeParse(raw);
    const hidden = protoKeys(raw).map((path) => `${keyOf(namespace, path)}: "__proto__" is not allowed as a key`);
    if (result.success && hidden.length === 0) {
        return { config: result.data, problems: [] };
    }
    // One line per key and message: a value can fail several checks that say the same.
    return { problems: [...new Set([...hidden, ...(result.success ? [] : result.error.issues.flatMap((issue) => describe(namespace, issue)))])] };
}

/** The CLI hands every value over as a string; structured and numeric keys arrive as JSON, string keys as they are. */
export function parseValue(value: string, key?: string): unknown {
    const shape: Record<string, z.ZodType> = stackConfigSchema.shape;
    if (key !== undefined && shape[key] instanceof z.ZodString) {
        return value;
    }
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function describeSecretEnv(namespace: string, issue: z.core.$ZodIssue): string {
    const [name] = issue.path;
    const key = fullKey(namespace, SECRET_KEYS.secretEnv);
    return name === undefined
        ? `${key}: must be a map of environment variable names to strings, set with \`pulumi config set --secret --path '${key}.NAME' value\``
        : `${key}.${String(name)}: ${issue.message}`;
}

/**
 * Keys of the configuration schema that turn up in another namespace: a stack file written for a project of another
 * name (a fork renamed the project, or copied a stack file), so that the error can say so.
 */
function foreignKeys(namespace: string, all: Record<string, string>): string[] {
    const known = new Set([...Object.keys(stackConfigSchema.shape), ...Object.values<string>(SECRET_KEYS)]);
    return Object.keys(all).filter((key) => {
        const [space, name] = key.split(":", 2);
        return space !== namespace && known.has(name) && !Object.hasOwn(siteProviders, space);
    });
}

/** Reads and validates the running stack's configuration, in the project's own namespace. */
export function loadStackConfig(): LoadedConfig {
    const namespace = pulumi.getProject();
    const all = pulumi.runtime.allConfig();
    const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const secrets: Record<string, string> = {};
    const prefix = `${namespace}:`;
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(prefix)) {
            continue;
        }
        const name = key.slice(prefix.length);
        if (Object.values<string>(SECRET_KEYS).includes(name)) {
            secrets[name] = value;
        } else {
            raw[name] = parseValue(value, name);
        }
    }
    const { config, problems } = validateStackConfig(namespace, raw);
    const foreign = foreignKeys(namespace, all);
    if (foreign.length > 0) {
        problems.push(
            `${foreign.join(", ")}: not read; this project is named "${namespace}" (the name in Pulumi.yaml) and reads its configuration as ${namespace}:<key>. Rename these keys in the stack file to the ${namespace}: namespace`,
        );
    }
    const secretEnvValue = parseValue(secrets.secretEnv ?? "{}");
    problems.push(...protoKeys(secretEnvValue, [SECRET_KEYS.secretEnv]).map((path) => `${keyOf(namespace, path)}: "__proto__" is not allowed as a key`));
    const secretEnv = environment.safeParse(secretEnvValue);
    if (!secretEnv.success) {
        problems.push(...secretEnv.error.issues.map((issue) => describeSecretEnv(namespace, issue)));
    }
    const guestEncrypted = Object.values(siteProviders).filter((provider) => provider.encryptsVolumesInGuest).map((provider) => provider.name);
    const needsVolumeKey = config?.sites.some((entry) => guestEncrypted.includes(entry.provider)) ?? false;
    for (const key of [SECRET_KEYS.dataVolumeKey, SECRET_KEYS.previousDataVolumeKey]) {
        const value = secrets[key];
        const required = key === SECRET_KEYS.dataVolumeKey && needsVolumeKey;
        if ((required && value === undefined) || (value !== undefined && !VOLUME_KEY.test(value))) {
            problems.push(
                `${fullKey(namespace, key)}: ${required ? `required when a site runs on ${guestEncrypted.join(", ")} (volumes are encrypted in the guest); ` : ""}32 to 512 printable characters; set it with \`pulumi config set --secret ${fullKey(namespace, key)} "$(openssl rand -hex 32)"\``,
            );
        }
    }
    if (secrets.previousDataVolumeKey !== undefined && secrets.previousDataVolumeKey === secrets.dataVolumeKey) {
        // The node removes the previous key once the current one opens the volume: the same key would be its only one.
        problems.push(`${fullKey(namespace, SECRET_KEYS.previousDataVolumeKey)}: must differ from ${SECRET_KEYS.dataVolumeKey}; remove it when no rotation is under way`);
    }
    if (problems.length > 0 || !config || !secretEnv.success) {
        throw new ConfigError(problems);
    }
    return {
        config,
        secretEnv: pulumi.secret(secretEnv.data),
        dataVolumeKeys: needsVolumeKey
            ? pulumi.secret({ current: secrets.dataVolumeKey, ...(secrets.previousDataVolumeKey !== undefined ? { previous: secrets.previousDataVolumeKey } : {}) })
            : undefined,
    };
}
