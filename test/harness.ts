import { parseValue } from "../config/load";
import { runWithMocks, type MockRunResult, type RecordedResource } from "../plan/mockRun";
import { readStackFile, SECRET_PLACEHOLDER, stackFilePath } from "../plan/stackFile";
import { exchangeProgram } from "../program";

export const PROJECT = "exchange-node";

/** Runs the real program under mocks with a shipped stack's configuration. */
export function runShippedStack(stack: string): Promise<MockRunResult> {
    const file = readStackFile(stackFilePath(stack));
    return runWithMocks({ project: PROJECT, stack, config: file.config, secretKeys: file.secretKeys, program: exchangeProgram });
}

/** A shipped stack's `exchange:` configuration as plain objects, for tests that vary it. */
export function shippedConfig(stack: string): Record<string, unknown> {
    const file = readStackFile(stackFilePath(stack));
    return Object.fromEntries(Object.entries(file.config)
        .filter(([key]) => key.startsWith("exchange:") && !file.secretKeys.includes(key))
        .map(([key, value]) => [key.slice("exchange:".length), parseValue(value, key.slice("exchange:".length))]));
}

/** `exchange:` configuration as plain objects, turned into full keys and strings as the CLI hands them to the program. */
export function asPulumiConfig(config: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [`exchange:${key}`, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Runs the program under mocks with the given `exchange:` configuration (plain objects) and a placeholder volume key. */
export function runConfig(config: Record<string, unknown>, stack = "test", record: RecordedResource[] = []): Promise<MockRunResult> {
    return runWithMocks({
        project: PROJECT,
        stack,
        config: { ...asPulumiConfig(config), "exchange:dataVolumeKey": SECRET_PLACEHOLDER },
        secretKeys: ["exchange:dataVolumeKey"],
        program: exchangeProgram,
        record,
    });
}

export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((resource) => resource.type === type);
}

export function providerOf(resource: RecordedResource): string {
    const pkg = resource.type.split(":")[0];
    return pkg === "hcloud" ? "hetzner" : pkg;
}

/** Unwraps Pulumi's secret envelope, as the engine would before handing a value to a provider. */
export function reveal<T>(value: T | { value: T }): T {
    return typeof value === "object" && value !== null && "4dabf18193072939515e22adb298388d" in value ? (value as { value: T }).value : (value as T);
}
