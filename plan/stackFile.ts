import * as fs from "fs";
import * as path from "path";
import { isScalar, parseDocument } from "yaml";
import { fullKey as projectKey, offlineStandIns, PROVIDER_SECRET_KEYS, SECRET_KEYS, SECRET_PLACEHOLDER } from "../config/keys";
import { PROJECT_DIR, projectConfigValues, readProject, requiredKeys, stackConfigProblems } from "./projectFile";

export interface StackFile {
    stack: string;
    path: string;
    /** Full keys to the string values the Pulumi CLI would hand the program. */
    config: Record<string, string>;
    secretKeys: string[];
    /** What the CLI itself would refuse before running the program (missing required keys, wrong types). */
    problems: string[];
}

export class StackFileError extends Error {}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** Encrypted as a whole, or leaf by leaf (`pulumi config set --secret --path`): no part of it in plain text. */
function whollySecure(value: unknown): boolean {
    if (isSecure(value)) return true;
    const parts = typeof value === "object" && value !== null ? Object.values(value) : [];
    return parts.length > 0 && parts.every(whollySecure);
}

function containsSecure(value: unknown): boolean {
    return isSecure(value) || (typeof value === "object" && value !== null && Object.values(value).some(containsSecure));
}

/** The CLI's own key forms: `key` belongs to the project (`stackConfigNamespacedWithProject`), `ns:config:key` is `ns:key`. */
function normalisedKey(project: string, key: string): string {
    const parts = key.split(":");
    return parts.length === 1 ? `${project}:${key}` : parts.length === 3 && parts[1] === "config" ? `${parts[0]}:${parts[2]}` : key;
}

function parseStackDocument(file: string): { document: ReturnType<typeof parseDocument>; entries: Record<string, unknown> } {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new StackFileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const document = parseDocument(text);
    if (document.errors.length > 0) {
        const [error] = document.errors;
        const line = error.linePos ? text.split("\n")[error.linePos[0].line - 1]?.trim() : undefined;
        throw new StackFileError(`${file}: ${error.message.split("\n")[0].replace(/:$/, "")}${line ? `: ${JSON.stringify(line)}` : ""}`);
    }
    let contents: unknown;
    try {
        // The YAML library stops alias expansion past 100 aliases ("billion laughs").
        contents = document.toJS();
    } catch (error) {
        throw new StackFileError(`${file}: ${(error as Error).message}`);
    }
    const entries = (contents as { config?: unknown } | null)?.config ?? {};
    if (typeof entries !== "object" || entries === null || Array.isArray(entries)) {
        throw new StackFileError(`${file}: \`config\` must be a map of keys to values`);
    }
    return { document, entries: entries as Record<string, unknown> };
}

/**
 * Reads a `Pulumi.<stack>.yaml` as the CLI would pass it to the program: keys in the project's namespace, project
 * defaults added, and encrypted values (and the secrets the program may need that the file does not set) replaced by
 * placeholders marked secret. The stack is the one the file is named for, or `stackName` (an old version of a stack
 * file, kept under any name).
 */
export function readStackFile(file: string, stackName?: string): StackFile {
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
    if (!match && stackName === undefined) {
        throw new StackFileError(`${file}: a stack file is named Pulumi.<stack>.yaml`);
    }
    const stack = stackName ?? match![1];
    const { document, entries } = parseStackDocument(file);
    // The CLI hands top-level scalars over as written: `0123` stays "0123", not 123.
    const asWritten = (key: string): string | undefined => {
        const node = document.getIn(["config", key], true);
        return isScalar(node) && typeof node.source === "string" ? node.source : undefined;
    };
    const project = readProject();
    const standIns = offlineStandIns(project.name);
    const decoded: Record<string, unknown> = { ...projectConfigValues(project) };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(projectConfigValues(project))) {
        config[key] = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    }
    const entriesByFullKey: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entries)) {
        const fullKey = normalisedKey(project.name, key);
        entriesByFullKey[fullKey] = value;
        decoded[fullKey] = value;
        if (containsSecure(value)) {
            config[fullKey] = standIns[fullKey] ?? SECRET_PLACEHOLDER;
            secretKeys.push(fullKey);
        } else {
            config[fullKey] = typeof value === "object" && value !== null ? JSON.stringify(value) : asWritten(key) ?? String(value);
        }
    }
    for (const [key, value] of Object.entries(standIns)) {
        if (!(key in config)) {
            config[key] = value;
            secretKeys.push(key);
        }
    }
    // The CLI's own rule for stack names (sdk/go/common/tokens/stack_name.go ParseStackName).
    const badName = /^[A-Za-z0-9_.-]{1,100}$/.test(stack) ? [] : [`stack name "${stack}": a stack name may only contain alphanumeric, hyphens, underscores, or periods, at most 100`];
    // A required key written under another namespace is why it is missing: say so beside the CLI's own words.
    const missing = requiredKeys(project).filter((key) => !Object.hasOwn(decoded, `${project.name}:${key}`));
    const misplaced = Object.keys(entriesByFullKey).flatMap((key) => {
        const name = key.slice(key.indexOf(":") + 1);
        return !key.startsWith(`${project.name}:`) && missing.includes(name) ? [`${key}: not read; this project's keys are ${project.name}:${name}, or ${name} alone`] : [];
    });
    const mustBeSecret = [...Object.values(SECRET_KEYS).map((key) => projectKey(project.name, key)), ...PROVIDER_SECRET_KEYS];
    const inPlainText = mustBeSecret.filter((key) => Object.hasOwn(entriesByFullKey, key) && !whollySecure(entriesByFullKey[key])).map((key) => {
        const [namespace, name] = key.split(":");
        return `${key}: in plain text in the stack file, in whole or in part; set it encrypted with \`pulumi config set --secret ${namespace === project.name ? name : key} <value>\``;
    });
    return { stack, path: file, config, secretKeys, problems: [...badName, ...inPlainText, ...stackConfigProblems(project, stack, decoded, new Set(secretKeys)), ...misplaced] };
}

export function stacksDir(): string {
    return path.join(PROJECT_DIR, readProject().stackConfigDir ?? ".");
}

/** Every `Pulumi.<stack>.yaml` in the project's stack directory, whatever a fork keeps there. */
export function shippedStackFiles(): string[] {
    const dir = stacksDir();
    return fs.readdirSync(dir)
        .filter((file) => /^Pulumi\..+\.ya?ml$/.test(file) && fs.statSync(path.join(dir, file)).isFile())
        .sort()
        .map((file) => path.join(dir, file));
}

export function stackFilePath(stack: string): string {
    return path.join(stacksDir(), `Pulumi.${stack}.yaml`);
}
