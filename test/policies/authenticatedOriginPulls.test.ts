import { parsePolicyPackConfig, reconcilePolicyConfig } from "../../plan/policyConfig";
import type { PolicyPackInfo } from "../../plan/policyPack";
import { rules } from "../../policies/rules";
import { authenticatedOriginPulls as rule } from "../../policies/rules/authenticatedOriginPulls";
import { runRule } from "../properties/policyInProcess";
import { VARIANTS } from "./corpus/builder";
import { CLOUDS, DEPLOYED, ExchangeStack, HOST, ZONE, ZONE_ID, honestStack, messages } from "./exchangeStack";

/** The exchange's load balancer with no origin-pull resource yet. */
function withoutOriginPulls(inputs: Record<string, unknown> = {}): ExchangeStack {
    const stack = new ExchangeStack("aop");
    const sites = CLOUDS.map((cloud) => stack.site(cloud));
    stack.loadBalancer({ defaultPools: sites.map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool), ...inputs });
    return stack;
}

/** The pack's rules as GetAnalyzerInfo describes them, for the CLI's reading of `--policy-pack-config`. */
const info: PolicyPackInfo = {
    name: "exchange-multicloud",
    version: "0.1.0",
    policies: rules.map((policy) => ({
        name: policy.name,
        description: policy.description ?? "",
        enforcementLevel: policy.enforcementLevel ?? "advisory",
        ...(policy.configSchema ? { configSchema: { properties: policy.configSchema.properties as Record<string, unknown>, required: [] } } : {}),
    })),
};

const MISSING = `${HOST} is proxied without Authenticated Origin Pulls`;

test("is the mandatory rule authenticated-origin-pulls", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["authenticated-origin-pulls", "mandatory"]);
});

test.each(VARIANTS)("passes a proxied hostname with its own origin-pull certificate (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("reports a proxied hostname without Authenticated Origin Pulls, and what to upload (%o)", async (variant) => {
    const found = await messages(rule, withoutOriginPulls(), variant);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(MISSING);
    expect(found[0]).toContain("AuthenticatedOriginPullsHostnameCertificate");
});

test("zone-level Authenticated Origin Pulls cover the load balancer's zone only, when enabled and with the zone's own certificate", async () => {
    const zoneSetting = (zoneId: string, enabled: boolean, ownCertificate = true) => {
        const stack = withoutOriginPulls();
        stack.resource("cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings", "zone-origin-pulls", { zoneId, enabled }, { outputs: { id: zoneId } });
        if (ownCertificate) {
            stack.resource("cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate", "zone-origin-pull-cert", { zoneId, certificate: "-----BEGIN CERTIFICATE-----", privateKey: "-----BEGIN PRIVATE KEY-----" }, { outputs: { id: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d" } });
        }
        return stack;
    };
    expect(await messages(rule, zoneSetting(ZONE_ID, true))).toEqual([]);
    expect(await messages(rule, zoneSetting(ZONE_ID, false))).toEqual([expect.stringContaining(MISSING)]);
    expect(await messages(rule, zoneSetting("0123456789abcdef0123456789abcdef", true))).toEqual([expect.stringContaining(MISSING)]);
    // Cloudflare's shared certificate proves only that a request comes through Cloudflare, from any account.
    expect(await messages(rule, zoneSetting(ZONE_ID, true, false))).toEqual([expect.stringContaining("Cloudflare's shared certificate")]);
});

test("per-hostname Authenticated Origin Pulls cover their hostname, written whole or relative to the zone, when enabled", async () => {
    const perHostname = (configs: Record<string, unknown>[]) => {
        const stack = withoutOriginPulls();
        stack.resource("cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls", "origin-pulls", { zoneId: ZONE_ID, configs }, { outputs: { id: "5e6f708192a3b4c5d6e7f8091a2b3c4d" } });
        return stack;
    };
    const certId = "2458a2ab-1b89-4a0e-8d5d-6f43c1d2e3f4";
    expect(await messages(rule, perHostname([{ hostname: "api", certId, enabled: true }]))).toEqual([]);
    expect(await messages(rule, perHostname([{ hostname: `www.${ZONE}`, certId, enabled: true }]))).toEqual([expect.stringContaining(MISSING)]);
    expect(await messages(rule, perHostname([{ hostname: HOST, certId, enabled: false }]))).toEqual([expect.stringContaining(MISSING)]);
});

test("understands the older provider's shape: a hostname and enabled on the resource, or neither hostname for the zone", async () => {
    const older = (inputs: Record<string, unknown>) => {
        const stack = withoutOriginPulls();
        stack.resource("cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls", "origin-pulls", { zoneId: ZONE_ID, ...inputs }, { outputs: { id: "6f708192a3b4c5d6e7f8091a2b3c4d5e" } });
        return stack;
    };
    expect(await messages(rule, older({ hostname: HOST, enabled: true }))).toEqual([]);
    const zoneWide = older({ enabled: true });
    zoneWide.resource("cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate", "zone-origin-pull-cert", { zoneId: ZONE_ID, certificate: "-----BEGIN CERTIFICATE-----", privateKey: "-----BEGIN PRIVATE KEY-----" }, { outputs: { id: "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e" } });
    expect(await messages(rule, zoneWide)).toEqual([]);
    expect(await messages(rule, older({ hostname: `ws.${ZONE}`, enabled: true }))).toEqual([expect.stringContaining(MISSING)]);
});

test("judges each proxied hostname; DNS-only and disabled load balancers are other rules' business", async () => {
    const { stack, sites } = honestStack();
    stack.loadBalancer({ name: `ws.${ZONE}`, defaultPools: [stack.link(sites.gcp.pool)], fallbackPool: stack.link(sites.aws.pool) }, "ws");
    expect(await messages(rule, stack)).toEqual([expect.stringContaining(`ws.${ZONE} is proxied without Authenticated Origin Pulls`)]);
    expect(await messages(rule, withoutOriginPulls({ proxied: false }))).toEqual([]);
    expect(await messages(rule, withoutOriginPulls({ enabled: false }))).toEqual([]);
});

test("is waived to advisory, or off, by --policy-pack-config", async () => {
    const levelFrom = (text: string) => reconcilePolicyConfig(info, parsePolicyPackConfig(text))[rule.name].enforcementLevel;
    const recorded = withoutOriginPulls().build(DEPLOYED);
    const advisory = await runRule(rule, recorded, {}, levelFrom(`{"${rule.name}": "advisory"}`));
    expect(advisory).toEqual([{ policy: rule.name, enforcementLevel: "advisory", message: expect.stringContaining(MISSING) }]);
    expect(await runRule(rule, recorded, {}, levelFrom(`{"${rule.name}": {"enforcementLevel": "disabled"}}`))).toEqual([]);
    expect(await runRule(rule, recorded, {}, levelFrom("{}"))).toEqual([{ policy: rule.name, enforcementLevel: "mandatory", message: expect.stringContaining(MISSING) }]);
});
