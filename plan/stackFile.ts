import * as fs from "fs";
import * as path from "path";
import { isScalar, parse, parseDocument } from "yaml";
import { SECRET_CONFIG } from "../config/secrets";

export const PROJECT_DIR = path.resolve(__dirname, "..");
const STACKS_DIR = path.join(PROJECT_DIR, "stacks");
/** Stands in for every secret: the offline plan has no way to decrypt, and needs none. Long enough for any key check. */
export const SECRET_PLACEHOLDER = "offline-plan-placeholder-not-a-real-secret-value";

export interface StackFile {
    stack: string;
    path: string;
    /** Full keys to the string values the Pulumi CLI would hand the program. */
    config: Record<string, string>;
    secretKeys: string[];
}

export class StackFileError extends Error {}

interface ProjectFile {
    name: string;
}

export function readProject(): ProjectFile {
    return parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

function containsSecure(value: unknown): boolean {
    return isSecure(value) || (typeof value === "object" && value !== null && Object.values(value).some(containsSecure));
}

function placeholderFor(key: string): string {
    return SECRET_CONFIG[key] === "object" ? "{}" : SECRET_PLACEHOLDER;
}

/**
 * Reads a `Pulumi.<stack>.yaml` as the CLI would pass it to the program. Encrypted values, and the program's secrets
 * that the file does not set, become placeholders marked secret.
 */
export function readStackFile(file: string): StackFile {
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file));
    if (!match) {
        throw new StackFileError(`${file}: a stack file is named Pulumi.<stack>.yaml`);
    }
    const document = parseDocument(fs.readFileSync(file, "utf8"));
    if (document.errors.length > 0) {
        throw new StackFileError(`${file}: ${document.errors[0].message}`);
    }
    const entries = (document.toJS() as { config?: unknown } | null)?.config ?? {};
    if (typeof entries !== "object" || Array.isArray(entries)) {
        throw new StackFileError(`${file}: \`config\` must be a map of keys to values`);
    }
    // The CLI hands top-level scalars over as written: `0123` stays "0123", not 123.
    const asWritten = (key: string): string | undefined => {
        const node = document.getIn(["config", key], true);
        return isScalar(node) && typeof node.source === "string" ? node.source : undefined;
    };
    const project = readProject();
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        if (containsSecure(value)) {
            config[fullKey] = placeholderFor(fullKey);
            secretKeys.push(fullKey);
        } else {
            config[fullKey] = typeof value === "object" && value !== null ? JSON.stringify(value) : asWritten(key) ?? String(value);
        }
    }
    for (const key of Object.keys(SECRET_CONFIG)) {
        if (!(key in config)) {
            config[key] = placeholderFor(key);
            secretKeys.push(key);
        }
    }
    return { stack: match[1], path: file, config, secretKeys };
}

export function shippedStackFiles(): string[] {
    return fs.readdirSync(STACKS_DIR)
        .filter((file) => /^Pulumi\..+\.ya?ml$/.test(file))
        .sort()
        .map((file) => path.join(STACKS_DIR, file));
}

export function stackFilePath(stack: string): string {
    return path.join(STACKS_DIR, `Pulumi.${stack}.yaml`);
}
