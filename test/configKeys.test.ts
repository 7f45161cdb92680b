import { stackConfigSchema } from "../config/schema";
import { configAdvice } from "../plan/configKeys";
import { PolicyPackServer } from "../plan/policyPack";
import { PROJECT } from "./harness";

test("a finding on a stack of ours names the configuration keys to change, in the project's namespace", () => {
    expect(configAdvice(PROJECT, "proxied-load-balancer")).toEqual({ keys: [`${PROJECT}:failover.proxied`], advice: "set it to true" });
    expect(configAdvice(PROJECT, "independent-fallback")?.keys).toEqual([`${PROJECT}:sites[].provider`, `${PROJECT}:sites[].priority`]);
    expect(configAdvice(PROJECT, "constructor")).toBeUndefined();
});

/** The schema inside `.optional()` and `.default()`. */
function innermost(schema: unknown): unknown {
    const inner = (schema as { _zod: { def: { innerType?: unknown } } })._zod.def.innerType;
    return inner ? innermost(inner) : schema;
}

/** Whether a key such as `sites[].priority` names a field of the stack's schema. */
function schemaHas(key: string): boolean {
    let schema: unknown = stackConfigSchema;
    for (const part of key.split(".")) {
        const [field, element] = [part.replace("[]", ""), part.endsWith("[]")];
        const shape = (schema as { shape?: Record<string, unknown> }).shape;
        if (!shape || !Object.hasOwn(shape, field)) return false;
        schema = innermost(shape[field]);
        if (element) schema = innermost((schema as { element: unknown }).element);
    }
    return true;
}

test("every rule the configuration can satisfy has advice, and the advice names keys the schema has", async () => {
    const pack = await PolicyPackServer.start();
    let rules: string[];
    try {
        rules = (await pack.info()).policies.map((policy) => policy.name);
    } finally {
        pack.close();
    }
    // The components never open other ports or leave volumes unencrypted, and always use Cloudflare: no key helps.
    const notConfigurable = new Set(["origin-lockdown", "encryption-and-metadata", "dns-layer-single-provider", "unclassified-resources", "verdicts-pending"]);
    for (const name of rules) {
        const advice = configAdvice(PROJECT, name);
        expect({ name, advised: advice !== undefined }).toEqual({ name, advised: !notConfigurable.has(name) });
        for (const key of advice?.keys ?? []) {
            expect({ key, inSchema: schemaHas(key.slice(PROJECT.length + 1)) }).toEqual({ key, inSchema: true });
        }
    }
    expect(schemaHas("failover.nope")).toBe(false);
});
