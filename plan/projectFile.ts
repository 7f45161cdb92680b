/**
 * The Pulumi CLI's rules for Pulumi.yaml, PulumiPolicy.yaml and stack configuration, applied here so that what the
 * CLI would refuse is refused offline first. Each rule names its source in pulumi/pulumi (v3.248.0):
 * - sdk/go/common/workspace/project.json (the schema) and project.go `Project.Validate`, `configKeyIsNamespacedByProject`;
 * - sdk/go/common/workspace/loaders.go `RewriteShorthandConfigValues`, `stackConfigNamespacedWithProject`;
 * - sdk/go/common/workspace/config.go `mergeConfig`, `ValidateConfigValue` (required keys, types, secrets);
 * - sdk/nodejs/cmd/pulumi-language-nodejs/main.go `parseOptions` (Node.js runtime options);
 * - sdk/go/common/workspace/project.go `PolicyPackProject.Validate` (PulumiPolicy.yaml).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** The directory of Pulumi.yaml, whether this module runs from its source or compiled into .build/. */
function projectDir(from: string): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`no Pulumi.yaml above ${from}`);
        }
    }
}

export const PROJECT_DIR = projectDir(__dirname);

export type ConfigType = "string" | "integer" | "boolean" | "array" | "object";
const CONFIG_TYPES: readonly ConfigType[] = ["string", "integer", "boolean", "array", "object"];

export interface ConfigItems {
    type: ConfigType;
    items?: ConfigItems;
}

export interface ConfigDeclaration {
    type?: ConfigType;
    items?: ConfigItems;
    description?: string;
    secret?: boolean;
    default?: unknown;
    value?: unknown;
}

export interface Project {
    name: string;
    runtime?: string | { name: string; options?: Record<string, unknown> };
    main?: string;
    stackConfigDir?: string;
    template?: { config?: Record<string, { description?: string; default?: unknown; secret?: boolean }> } & Record<string, unknown>;
    config?: Record<string, unknown>;
}

export class ProjectFileError extends Error {}

const DECLARATION_KEYS = new Set(["type", "items", "description", "secret", "default", "value"]);
const TEMPLATE_KEYS = new Set(["displayName", "description", "quickstart", "important", "metadata", "config"]);
const TEMPLATE_CONFIG_KEYS = new Set(["description", "default", "secret"]);
const PACKAGE_MANAGERS = ["auto", "npm", "yarn", "pnpm", "bun"];

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `configKeyIsNamespacedByProject`: no namespace, or exactly the project's. */
export function isProjectKey(projectName: string, key: string): boolean {
    return !key.includes(":") || key.startsWith(`${projectName}:`);
}

/** The key's name without the project's namespace. */
function shortKey(projectName: string, key: string): string {
    return key.startsWith(`${projectName}:`) ? key.slice(projectName.length + 1) : key;
}

/** `ValidateConfigValue`: whether `value` (as YAML decodes it, or a CLI string) has the declared type. */
export function matchesType(value: unknown, declaration: ConfigItems): boolean {
    switch (declaration.type) {
        case "string":
            return typeof value === "string";
        case "integer":
            return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return isObject(value);
        case "array":
            return Array.isArray(value) && (!declaration.items || value.every((item) => matchesType(item, declaration.items!)));
    }
}

function validateItems(items: unknown, where: string): string[] {
    if (!isObject(items) || !CONFIG_TYPES.includes(items.type as ConfigType)) {
        return [`${where}: 'items' needs a 'type' of ${CONFIG_TYPES.join(", ")}`];
    }
    if (items.type === "array" && items.items === undefined) {
        return [`${where}: an array in 'items' needs its own 'items'`];
    }
    return items.items === undefined ? [] : validateItems(items.items, `${where}.items`);
}

/** `RewriteShorthandConfigValues`: a scalar or array is a default for a project key and a value for any other. */
export function configDeclarations(project: Project): Record<string, ConfigDeclaration> {
    return Object.fromEntries(Object.entries(project.config ?? {}).map(([key, entry]) => [
        key,
        isObject(entry) ? (entry as ConfigDeclaration) : isProjectKey(project.name, key) ? { default: entry } : { value: entry },
    ]));
}

/** Every problem the CLI would report loading this Pulumi.yaml, in its words where it has them. */
export function validateProject(project: unknown): string[] {
    if (!isObject(project)) {
        return ["Pulumi.yaml must be a map"];
    }
    const problems: string[] = [];
    const name = project.name;
    if (typeof name !== "string" || name === "") {
        return ["project is missing a non-empty string 'name' attribute"];
    }
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name) || name === "Pulumi" || name.startsWith("Pulumi.")) {
        problems.push(`project name "${name}": only alphanumerics, hyphens, underscores and periods, at most 100, and not Pulumi or Pulumi.*`);
    }
    const runtime = project.runtime;
    if (runtime !== undefined && !(typeof runtime === "string" && runtime !== "") && !(isObject(runtime) && typeof runtime.name === "string")) {
        problems.push("runtime section must be a string or an object with name and options attributes");
    }
    if (isObject(runtime) && runtime.name === "nodejs" && isObject(runtime.options)) {
        const options = runtime.options;
        if (options.typescript !== undefined && typeof options.typescript !== "boolean") problems.push("typescript option must be a boolean");
        if (options.tsconfig !== undefined && typeof options.tsconfig !== "string") problems.push("tsconfigpath option must be a string");
        if (options.nodeargs !== undefined && typeof options.nodeargs !== "string") problems.push("nodeargs option must be a string");
        if (options.packagemanager !== undefined && !PACKAGE_MANAGERS.includes(options.packagemanager as string)) {
            problems.push(`packagemanager option must be one of auto, npm, yarn, pnpm or bun, got "${String(options.packagemanager)}"`);
        }
    }
    if (project.config !== undefined && !isObject(project.config)) {
        problems.push("config must be a map of keys to declarations");
    }
    for (const [key, entry] of Object.entries(isObject(project.config) ? project.config : {})) {
        const scalar = ["string", "number", "boolean"].includes(typeof entry) || Array.isArray(entry);
        if (!scalar && !isObject(entry)) {
            problems.push(`config.${key}: must be a string, integer, boolean, array or declaration`);
            continue;
        }
        if (typeof entry === "number" && !Number.isInteger(entry)) {
            problems.push(`config.${key}: a shorthand number must be an integer`);
        }
        if (!isObject(entry)) {
            continue;
        }
        for (const attribute of Object.keys(entry).filter((attribute) => !DECLARATION_KEYS.has(attribute))) {
            problems.push(`config.${key}: unknown attribute '${attribute}'; allowed: ${[...DECLARATION_KEYS].join(", ")}`);
        }
        if (entry.type !== undefined && !CONFIG_TYPES.includes(entry.type as ConfigType)) {
            problems.push(`config.${key}: type must be one of ${CONFIG_TYPES.join(", ")}`);
        }
        if (entry.default !== undefined && entry.value !== undefined) {
            problems.push(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
        }
        if (isProjectKey(name, key)) {
            if (entry.type === "array" && entry.items === undefined) {
                problems.push(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
            }
            if (entry.items !== undefined) {
                problems.push(...validateItems(entry.items, `config.${key}`));
            }
            if (entry.type !== undefined && entry.default !== undefined && !matchesType(entry.default, entry as unknown as ConfigItems)) {
                problems.push(`The default value specified for configuration key '${key}' is not of the expected type '${String(entry.type)}'`);
            }
        } else {
            if (entry.type !== undefined) problems.push(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
            if (entry.default !== undefined) {
                problems.push(`Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`);
            }
            if (entry.value === undefined) problems.push(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
    const template = project.template;
    if (template !== undefined) {
        if (!isObject(template)) {
            problems.push("template must be a map");
        } else {
            for (const field of Object.keys(template).filter((field) => !TEMPLATE_KEYS.has(field))) {
                problems.push(`template: unknown field '${field}'; allowed: ${[...TEMPLATE_KEYS].join(", ")}`);
            }
            for (const [key, entry] of Object.entries(isObject(template.config) ? template.config : {})) {
                if (!isObject(entry) || Object.keys(entry).some((field) => !TEMPLATE_CONFIG_KEYS.has(field))) {
                    problems.push(`template.config.${key}: only description, default and secret are allowed`);
                }
            }
        }
    }
    return problems;
}

/** Project keys the CLI requires of every stack: declared with neither `value` nor `default` (`mergeConfig`). */
export function requiredKeys(project: Project): string[] {
    return Object.entries(configDeclarations(project))
        .filter(([key, declaration]) => isProjectKey(project.name, key) && declaration.value === undefined && declaration.default === undefined)
        .map(([key]) => shortKey(project.name, key));
}

/** `mergeConfig`'s errors for one stack's configuration (full keys to values as YAML decodes them). */
export function stackConfigProblems(project: Project, stack: string, config: Record<string, unknown>, secureKeys: Set<string>): string[] {
    const problems: string[] = [];
    const missing = requiredKeys(project).filter((key) => !(`${project.name}:${key}` in config));
    if (missing.length > 0) {
        const quoted = missing.map((key) => `'${key}'`);
        const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
        problems.push(`Stack '${stack}' is missing configuration value${missing.length === 1 ? "" : "s"} ${list}`);
    }
    for (const [key, declaration] of Object.entries(configDeclarations(project))) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        if (!isProjectKey(project.name, key) || declaration.type === undefined || !(fullKey in config)) {
            continue;
        }
        if (secureKeys.has(fullKey)) {
            continue;
        }
        if (declaration.secret) {
            problems.push(`Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`);
        } else if (!matchesType(config[fullKey], declaration as ConfigItems)) {
            problems.push(`Stack '${stack}' with configuration key '${key}' must be of type '${declaration.type}'`);
        }
    }
    return problems;
}

/** Project defaults and values that a stack does not set, as `mergeConfig` adds them to the program's configuration. */
export function projectConfigValues(project: Project): Record<string, unknown> {
    return Object.fromEntries(Object.entries(configDeclarations(project)).flatMap(([key, declaration]) => {
        const value = declaration.value ?? declaration.default;
        return value === undefined ? [] : [[key.includes(":") ? key : `${project.name}:${key}`, value]];
    }));
}

/** `PolicyPackProject.Validate`: `runtime` is the one required field. */
export function validatePolicyProject(policyProject: unknown): string[] {
    if (!isObject(policyProject)) {
        return ["PulumiPolicy.yaml must be a map"];
    }
    const runtime = policyProject.runtime;
    if (runtime === undefined || runtime === "") {
        return ["project is missing a 'runtime' attribute"];
    }
    return typeof runtime === "string" || (isObject(runtime) && typeof runtime.name === "string")
        ? []
        : ["runtime section must be a string or an object with name and options attributes"];
}

export interface PolicyProject {
    runtime: NonNullable<Project["runtime"]>;
    description?: string;
}

/** Reads a YAML file and returns it as T, or throws with every problem `validate` finds, as the CLI refuses to load it. */
function readValidated<T>(file: string, validate: (value: unknown) => string[]): T {
    const value = parse(fs.readFileSync(file, "utf8")) as unknown;
    const problems = validate(value);
    if (problems.length > 0) {
        throw new ProjectFileError(`${file}: ${problems.join("; ")}`);
    }
    return value as T;
}

/** Reads and validates a policy pack's PulumiPolicy.yaml, as `workspace.LoadPolicyPack` does. */
export function readPolicyProject(packDir: string): PolicyProject {
    return readValidated(path.join(packDir, "PulumiPolicy.yaml"), validatePolicyProject);
}

export interface NodeRuntimeOptions {
    typescript: boolean;
    nodeargs: string;
    tsconfig?: string;
}

/**
 * The Node.js runtime options of a `runtime` section (Pulumi.yaml or PulumiPolicy.yaml), with the language host's
 * defaults (`parseOptions`): `typescript` is true unless set, and then ts-node is registered, type-checking, before the
 * program or policy pack loads.
 */
export function nodeRuntimeOptions(runtime: Project["runtime"]): NodeRuntimeOptions {
    const options = typeof runtime === "object" && runtime !== null ? runtime.options ?? {} : {};
    if (options.typescript !== undefined && typeof options.typescript !== "boolean") throw new ProjectFileError("typescript option must be a boolean");
    if (options.nodeargs !== undefined && typeof options.nodeargs !== "string") throw new ProjectFileError("nodeargs option must be a string");
    if (options.tsconfig !== undefined && typeof options.tsconfig !== "string") throw new ProjectFileError("tsconfig option must be a string");
    return {
        typescript: options.typescript === undefined ? true : options.typescript,
        nodeargs: options.nodeargs ?? "",
        ...(options.tsconfig !== undefined ? { tsconfig: options.tsconfig } : {}),
    };
}

/** Reads and validates Pulumi.yaml; a file the CLI would not load is an error here too. */
export function readProject(dir = PROJECT_DIR): Project {
    return readValidated(path.join(dir, "Pulumi.yaml"), validateProject);
}
