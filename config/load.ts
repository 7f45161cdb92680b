import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { siteProviders } from "../components/sites";
import { stackConfigSchema, type StackConfig } from "./schema";
import { NAMESPACE, SECRET_KEYS } from "./secrets";

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

export interface LoadedConfig {
    config: StackConfig;
    secretEnv: pulumi.Output<Record<string, string>>;
    dataVolumeKey?: pulumi.Output<string>;
}

function keyOf(path: PropertyKey[]): string {
    return path.reduce<string>((key, part) => (typeof part === "number" ? `${key}[${part}]` : `${key}${key.includes(":") ? "." : ":"}${String(part)}`), NAMESPACE);
}

function describe(issue: z.core.$ZodIssue): string[] {
    if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => `${keyOf([...issue.path, key])}: unknown key; check the spelling against the README's configuration table`);
    }
    if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
        return [`${keyOf(issue.path)}: is required (${issue.expected})`];
    }
    if (issue.code === "invalid_value") {
        return [`${keyOf(issue.path)}: must be one of ${issue.values.map(String).join(", ")}`];
    }
    return [`${keyOf(issue.path)}: ${issue.message}`];
}

/** Validates a stack's `exchange:` configuration (keys without the namespace) and returns it typed, or throws ConfigError naming every offending key. */
function validateStackConfig(raw: unknown): StackConfig {
    const result = stackConfigSchema.safeParse(raw);
    if (result.success) {
        return result.data;
    }
    throw new ConfigError(result.error.issues.flatMap(describe));
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

const secretEnvSchema = z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/), z.string());

/** Reads and validates the `exchange:` namespace of the running stack's configuration. */
export function loadStackConfig(): LoadedConfig {
    const raw: Record<string, unknown> = {};
    const secrets: Record<string, string> = {};
    const prefix = `${NAMESPACE}:`;
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
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
    const problems: string[] = [];
    let config: StackConfig | undefined;
    try {
        config = validateStackConfig(raw);
    } catch (error) {
        if (!(error instanceof ConfigError)) {
            throw error;
        }
        problems.push(...error.problems);
    }
    const secretEnv = secretEnvSchema.safeParse(parseValue(secrets.secretEnv ?? "{}"));
    if (!secretEnv.success) {
        problems.push(`${NAMESPACE}:${SECRET_KEYS.secretEnv}: must be a map of environment variable names (A-Z, 0-9, '_') to strings, set with \`pulumi config set --secret --path '${NAMESPACE}:${SECRET_KEYS.secretEnv}.NAME' value\``);
    }
    const needsVolumeKey = config?.sites.some((entry) => siteProviders[entry.provider].encryptsVolumesInGuest) ?? false;
    const volumeKey = secrets.dataVolumeKey;
    if (needsVolumeKey && (volumeKey === undefined || volumeKey.length < 32)) {
        const guestEncrypted = Object.values(siteProviders).filter((provider) => provider.encryptsVolumesInGuest).map((provider) => provider.name).join(", ");
        problems.push(
            `${NAMESPACE}:${SECRET_KEYS.dataVolumeKey}: required, at least 32 characters, when a site runs on ${guestEncrypted} (volumes are encrypted in the guest); set it with \`pulumi config set --secret ${NAMESPACE}:${SECRET_KEYS.dataVolumeKey} "$(openssl rand -hex 32)"\``,
        );
    }
    if (problems.length > 0 || !config || !secretEnv.success) {
        throw new ConfigError(problems);
    }
    return {
        config,
        secretEnv: pulumi.secret(secretEnv.data),
        dataVolumeKey: needsVolumeKey && volumeKey ? pulumi.secret(volumeKey) : undefined,
    };
}
