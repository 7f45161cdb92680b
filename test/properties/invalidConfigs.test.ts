import fc from "fast-check";
import { ConfigError } from "../../config/load";
import type { RecordedResource } from "../../plan/mockRun";
import { runConfig } from "../harness";
import { invalidConfig } from "./arbitraries";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

beforeAll(() => {
    Error.stackTraceLimit = 0;
});
afterAll(() => {
    Error.stackTraceLimit = 10;
});

test(`${RUNS} random invalid configurations each end with a message naming the key, and register nothing`, async () => {
    let ran = 0;
    await fc.assert(
        fc.asyncProperty(invalidConfig, async ({ config, key }) => {
            const registered: RecordedResource[] = [];
            const error = await runConfig(config, "test", registered).then(() => undefined, (thrown: unknown) => thrown);
            ran++;
            expect(error).toBeInstanceOf(ConfigError);
            const problems = (error as ConfigError).problems;
            expect(problems.some((problem) => problem.startsWith(`${key}: `))).toBe(true);
            expect((error as ConfigError).message).not.toMatch(/\n\s+at /);
            expect(registered.map((resource) => resource.type)).toEqual(["pulumi:pulumi:Stack"]);
        }),
        { numRuns: RUNS },
    );
    console.log(`property: ${ran} invalid configurations refused, each naming its key`);
    expect(ran).toBe(RUNS);
});
