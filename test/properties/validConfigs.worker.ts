/**
 * Runs the valid-configuration property outside jest, where a registration is about three times cheaper, so that
 * hundreds of configurations fit in the test budget. Prints one JSON line: { ran, rejected, failure? }.
 */
import assert from "assert";
import fc from "fast-check";
import { textRules } from "../../components/sites";
import { textViolations } from "../../components/textRules";
import { runConfig } from "../harness";
import { validConfig } from "./arbitraries";
import { judge } from "./policyInProcess";

// Pulumi captures a stack trace per promise; these runs need none.
Error.stackTraceLimit = 0;

async function main(numRuns: number, seed: number): Promise<void> {
    let ran = 0;
    let rejected = 0;
    let failure: string | undefined;
    try {
        await fc.assert(
            fc.asyncProperty(validConfig, async ({ config, providers, stack }) => {
                const { resources } = await runConfig(config, stack);
                assert.deepStrictEqual(textViolations(resources, textRules), [], "text a provider would refuse");
                const mandatory = [...new Set((await judge(resources)).filter((verdict) => verdict.enforcementLevel === "mandatory").map((verdict) => verdict.policy))];
                ran++;
                // Each cause once: one cloud only, and mTLS to the origins switched off (mandatory unless waived).
                const expected = [
                    ...(providers.length < 2 ? ["exchange-nodes-span-providers"] : []),
                    ...(config.authenticatedOriginPulls === false ? ["authenticated-origin-pulls"] : []),
                ];
                if (expected.length > 0) rejected++;
                assert.deepStrictEqual([...mandatory].sort(), expected.sort(), `${providers.join("+")}, authenticatedOriginPulls ${config.authenticatedOriginPulls}: mandatory ${mandatory.join(", ") || "none"}`);
            }),
            { numRuns, seed },
        );
    } catch (error) {
        failure = (error as Error).message;
    }
    process.stdout.write(`${JSON.stringify({ ran, rejected, failure })}\n`);
}

main(Number(process.argv[2]), Number(process.argv[3]));
