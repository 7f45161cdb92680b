import * as fs from "fs";
import * as path from "path";
import { parsePolicyPackConfig, reconcilePolicyConfig } from "../../plan/policyConfig";
import { PolicyPackServer, type PolicyPackInfo, type PolicyViolation } from "../../plan/policyPack";
import { VARIANTS, type CorpusCase, type Variant } from "./corpus/builder";

/** The cases every file in corpus/ exports (the builders export none): the authors' and an independent review's. */
const cases: CorpusCase[] = fs.readdirSync(path.join(__dirname, "corpus"))
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => (require(path.join(__dirname, "corpus", file)) as { cases?: CorpusCase[] }).cases ?? []);

function label(variant: Variant): string {
    return `${variant.preview ? "first preview" : "deployed"}, dependencies ${variant.order === "sorted" ? "sorted" : "in program order"}`;
}

/** What a case must get in a variant: honest, nothing mandatory; an evasion, one of its expected rules. */
function judgedRight(entry: CorpusCase, variant: Variant, mandatory: PolicyViolation[]): boolean {
    if (entry.kind === "honest") return mandatory.length === 0;
    if (variant.preview && entry.revealedOnlyDeployed) return true;
    return mandatory.some((violation) => entry.expect!.includes(violation.policy));
}

let pack: PolicyPackServer;
let info: PolicyPackInfo;
beforeAll(async () => {
    pack = await PolicyPackServer.start();
    info = await pack.info();
});
afterAll(() => pack.close());

test("the corpus holds at least 40 hand-written stacks, about half evasions, each saying what it is", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const evasions = cases.filter((entry) => entry.kind === "evasion").length;
    expect(evasions).toBeGreaterThanOrEqual(cases.length * 0.3);
    expect(evasions).toBeLessThanOrEqual(cases.length * 0.7);
    const rules = new Set(info.policies.map((policy) => policy.name));
    for (const entry of cases) {
        expect({ name: entry.name, described: entry.description.length > 20 }).toEqual({ name: entry.name, described: true });
        for (const expected of entry.expect ?? []) {
            expect({ name: entry.name, rule: expected, known: rules.has(expected) }).toEqual({ name: entry.name, rule: expected, known: true });
        }
    }
    expect(new Set(cases.map((entry) => entry.name)).size).toBe(cases.length);
});

test("every stack of the corpus gets the verdict it deserves, over the analyzer protocol, in every variant", async () => {
    const wrong: string[] = [];
    let right = 0;
    const defaults = reconcilePolicyConfig(info, {});
    for (const entry of cases) {
        if (entry.policyConfig) {
            await pack.configure(reconcilePolicyConfig(info, parsePolicyPackConfig(JSON.stringify(entry.policyConfig))));
        }
        const stack = entry.stack();
        for (const variant of VARIANTS) {
            const violations = await pack.analyzeStack(stack.build(variant));
            const mandatory = violations.filter((violation) => violation.enforcementLevel === "mandatory");
            if (judgedRight(entry, variant, mandatory)) {
                right++;
            } else {
                const found = mandatory.map((violation) => `${violation.policy}: ${violation.message.split("\n").slice(1).join(" ")}`);
                wrong.push(`${entry.kind} ${entry.name} (${label(variant)}): ${found.length > 0 ? found.join(" | ") : `no mandatory violation; expected ${entry.expect?.join(" or ")}`}`);
            }
        }
        if (entry.policyConfig) {
            await pack.configure(defaults);
        }
    }
    const total = cases.length * VARIANTS.length;
    console.log(`policy corpus: ${right}/${total} judged right (${cases.length} stacks × ${VARIANTS.length} variants)`);
    expect(wrong).toEqual([]);
}, 120_000);
