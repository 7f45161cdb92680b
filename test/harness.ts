import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { gunzipSync } from "zlib";
import { stringify } from "yaml";
import { fullKey, SECRET_KEYS, SECRET_PLACEHOLDER } from "../config/keys";
import { cloudOf } from "../policies/lib/clouds";
import { runWithMocks, type MockRunResult, type RecordedResource } from "../plan/mockRun";
import { readProject } from "../plan/projectFile";
import { readStackFile } from "../plan/stackFile";
import { exchangeProgram } from "../program";
import { FIXTURES, type FixtureName } from "./fixtures/configs";

/** The project name in Pulumi.yaml, which is also the namespace of the program's configuration. */
export const PROJECT = readProject().name;

/** `key` in the project's namespace, as a stack file and the CLI name it. */
export function key(name: string): string {
    return fullKey(PROJECT, name);
}

export type Config = Record<string, any>;

/** A fresh copy of one of the tests' own stack configurations, for a test to vary. */
export function fixture(name: FixtureName): Config {
    return structuredClone(FIXTURES[name]) as Config;
}

/** Configuration as plain objects, turned into full keys and strings as the CLI hands them to the program. */
export function asPulumiConfig(config: Config): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([name, value]) => [key(name), typeof value === "string" ? value : JSON.stringify(value)]));
}

/**
 * Runs the program under mocks with the given configuration (plain objects), a placeholder volume key and any other
 * secrets (short key to value), as the CLI hands them over.
 */
export function runConfig(config: Config, stack = "test", record: RecordedResource[] = [], secrets: Record<string, string> = {}): Promise<MockRunResult> {
    const secretConfig = Object.fromEntries(Object.entries({ [SECRET_KEYS.dataVolumeKey]: SECRET_PLACEHOLDER, ...secrets }).map(([name, value]) => [key(name), value]));
    return runWithMocks({
        project: PROJECT,
        stack,
        config: { ...asPulumiConfig(config), ...secretConfig },
        secretKeys: Object.keys(secretConfig),
        program: exchangeProgram,
        record,
    });
}

/** Runs the program under mocks with a stack file, as the offline plan reads it. */
export function runStackFile(file: string): Promise<MockRunResult> {
    const stackFile = readStackFile(file);
    return runWithMocks({ project: PROJECT, stack: stackFile.stack, config: stackFile.config, secretKeys: stackFile.secretKeys, program: exchangeProgram });
}

export function runFixture(name: FixtureName, stack: string = name): Promise<MockRunResult> {
    return runConfig(fixture(name), stack);
}

/** Writes `config` as a stack file `Pulumi.<stack>.yaml` in a new temporary directory and returns its path. */
export function writeStackFile(stack: string, config: Config): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stack-")), `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringify({ config: Object.fromEntries(Object.entries(config).map(([name, value]) => [key(name), value])) }));
    return file;
}

export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((resource) => resource.type === type);
}

export function providerOf(resource: RecordedResource): string {
    return cloudOf(resource.type);
}

/** A node's cloud-init as the machine receives it, whichever property its provider takes it in. */
export function userDataOf(node: RecordedResource): string {
    if (node.type === "aws:ec2/instance:Instance") {
        return gunzipSync(Buffer.from(reveal(node.inputs.userDataBase64 as string), "base64")).toString("utf8");
    }
    if (node.type === "gcp:compute/instance:Instance") {
        return reveal((node.inputs.metadata as Record<string, string>)["user-data"]);
    }
    return reveal(node.inputs.userData as string);
}

/** Unwraps Pulumi's secret envelope, as the engine would before handing a value to a provider. */
export function reveal<T>(value: T | { value: T }): T {
    return typeof value === "object" && value !== null && "4dabf18193072939515e22adb298388d" in value ? (value as { value: T }).value : (value as T);
}
