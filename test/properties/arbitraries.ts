import fc from "fast-check";
import { siteProviders } from "../../components/sites";
import { CHECK_REGIONS, CLOUDFLARE_HTTPS_PORTS, PLAN_MIN_INTERVAL, STEERING_POLICIES } from "../../config/schema";
import { worstCaseFailoverSeconds } from "../../policies/lib/detection";
import { PROJECT, type Config } from "../harness";


const label = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);

/** One site on a provider, drawn from the placements its catalog gives as examples. */
function siteOn(provider: string, name: string, nodes: number, weight: number, priority: number) {
    const { examples } = siteProviders[provider].catalog;
    return fc.constantFrom(...examples).chain((example) => fc.record({
        name: fc.constant(name),
        provider: fc.constant(provider),
        region: fc.constant(example.region),
        zones: fc.shuffledSubarray([...example.zones], { minLength: 1 }),
        nodes: fc.constant(nodes),
        size: fc.constantFrom(...example.sizes),
        volumeGb: fc.integer({ min: 10, max: 2000 }),
        weight: fc.constant(weight),
        priority: fc.constant(priority),
    }));
}

/** Health checks that Cloudflare's plan allows and that detect a failure within the policy's 120 s. */
const failover = fc.constantFrom(...Object.keys(PLAN_MIN_INTERVAL)).chain((plan) => fc.record({
    plan: fc.constant(plan),
    steering: fc.constantFrom(...STEERING_POLICIES.filter((policy) => policy !== "geo" && policy !== "proximity")),
    proxied: fc.constant(true),
    interval: fc.integer({ min: PLAN_MIN_INTERVAL[plan], max: 60 }),
    timeout: fc.integer({ min: 1, max: 9 }),
    retries: fc.integer({ min: 0, max: 2 }),
    consecutiveDown: fc.integer({ min: 1, max: 10 }),
    consecutiveUp: fc.integer({ min: 1, max: 10 }),
    checkRegions: fc.shuffledSubarray([...CHECK_REGIONS], { minLength: 1, maxLength: 4 }),
    minimumOrigins: fc.integer({ min: 1, max: 2 }),
}).map((f) => (f.steering === "dynamic_latency" ? { ...f, checkRegions: [...CHECK_REGIONS] } : f))
    .filter((f) => f.timeout < f.interval && worstCaseFailoverSeconds(f) <= 120));

/**
 * A well-formed stack whose only policy question is its provider mix: every provider gets the same nodes and
 * weight, so with two or more clouds nothing else applies, and with one the minimum-providers rule must reject it.
 */
export const validConfig: fc.Arbitrary<{ config: Config; providers: string[]; stack: string }> = fc
    .record({
        providers: fc.shuffledSubarray(Object.keys(siteProviders), { minLength: 1 }),
        nodes: fc.integer({ min: 2, max: 3 }),
        weight: fc.constantFrom(0.25, 0.5, 1),
        apex: fc.tuple(label, fc.constantFrom("com", "io", "exchange")).map(([name, tld]) => `${name}.${tld}`),
        host: label,
    })
    .chain(({ providers, nodes, weight, apex, host }) => fc.record({
        config: fc.record({
            domain: fc.constant(`${host}.${apex}`),
            zone: fc.constant(apex),
            accountId: fc.stringMatching(/^[0-9a-f]{32}$/),
            zoneId: fc.stringMatching(/^[0-9a-f]{32}$/),
            sites: fc.tuple(...providers.map((provider, index) => siteOn(provider, `${provider}-${index}`, nodes, weight, index + 1))),
            node: fc.record({
                image: fc.constantFrom("ghcr.io/example/node:1.0.0", "registry.example.com/exchange/api:2.3", "nginx:1.27"),
                port: fc.constantFrom(...CLOUDFLARE_HTTPS_PORTS),
                containerPort: fc.integer({ min: 1024, max: 65535 }).filter((port) => !(CLOUDFLARE_HTTPS_PORTS as readonly number[]).includes(port)),
                healthPath: fc.constantFrom("/healthz", "/v1/health", "/"),
                env: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), fc.string({ maxLength: 20 }).filter((value) => !/[\n\r\0]/.test(value)), { maxKeys: 3 }),
                readOnlyRoot: fc.boolean(),
                user: fc.option(fc.constantFrom("10001", "10001:10001", "app"), { nil: undefined }),
            }),
            failover,
            protectData: fc.boolean(),
            authenticatedOriginPulls: fc.boolean(),
        }),
        providers: fc.constant(providers),
        // Pulumi stack names: letters, digits, `-`, `_` and `.`; labels must carry them whatever their case.
        stack: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,24}$/),
    }));

/** Breaks a valid configuration in place and returns the key its message must name. */
type Mutation = (config: Config) => string;

const mutations: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom("azure", "AWS", "", "hetzner-cloud", "constructor", "__proto__", "hasOwnProperty").map((provider) => (c: Config) => { c.sites[0].provider = provider; return `${PROJECT}:sites[0].provider`; }),
    fc.constantFrom("mars-1", "eu-central-9", "", "constructor", "valueOf").map((region) => (c: Config) => { c.sites[0].region = region; return `${PROJECT}:sites[0].region`; }),
    fc.constantFrom("t9.nano", "cx22", "cpx21", "n1-huge", "toString", "constructor").map((size) => (c: Config) => { c.sites[0].size = size; return `${PROJECT}:sites[0].size`; }),
    fc.constantFrom("zz-nowhere-1a", "fsn9").map((zone) => (c: Config) => { c.sites[0].zones[0] = zone; return `${PROJECT}:sites[0].zones[0]`; }),
    fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 501 }), fc.constant(1.5)).map((nodes) => (c: Config) => { c.sites[0].nodes = nodes; return `${PROJECT}:sites[0].nodes`; }),
    fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 70000 }), fc.constant(12.5)).map((size) => (c: Config) => { c.sites[0].volumeGb = size; return `${PROJECT}:sites[0].volumeGb`; }),
    fc.oneof(fc.double({ max: -0.001, noNaN: true }), fc.double({ min: 1.001, noNaN: true, noDefaultInfinity: true })).map((weight) => (c: Config) => { c.sites[0].weight = weight; return `${PROJECT}:sites[0].weight`; }),
    fc.constant((c: Config) => { c.sites.push({ ...c.sites[0] }); return `${PROJECT}:sites[${c.sites.length - 1}].name`; }),
    fc.constantFrom("api example.com", "*.example.com", "API.example.com", "example", "-api.example.com", "api.example.com.").map((domain) => (c: Config) => { c.domain = domain; return `${PROJECT}:domain`; }),
    fc.constant((c: Config) => { c.failover.plan = "pro"; c.failover.interval = 30; return `${PROJECT}:failover.interval`; }),
    fc.constantFrom("domain", "zone", "accountId", "zoneId", "sites", "node", "failover", "protectData").map((key) => (c: Config) => { delete c[key]; return `${PROJECT}:${key}`; }),
    fc.constantFrom("region", "nodes", "size", "weight").map((key) => (c: Config) => { delete c.sites[0][key]; return `${PROJECT}:sites[0].${key}`; }),
    fc.tuple(fc.constantFrom("", "node.", "failover.", "sites[0]."), fc.stringMatching(/^x[a-zA-Z]{1,8}$/)).map(([at, extra]) => (c: Config) => {
        const target = at === "" ? c : at === "sites[0]." ? c.sites[0] : c[at.slice(0, -1)];
        target[extra] = 1;
        return `${PROJECT}:${at}${extra}`;
    }),
    fc.constantFrom<[string, unknown]>(["protectData", "yes"], ["sites", "aws"], ["node", 7], ["failover", []], ["domain", 42]).map(([key, value]) => (c: Config) => { c[key] = value; return `${PROJECT}:${key}`; }),
    fc.constantFrom("nodes", "volumeGb", "priority").map((key) => (c: Config) => { c.sites[0][key] = "3"; return `${PROJECT}:sites[0].${key}`; }),
    fc.constantFrom("\n", "\r", "\u0000").map((bad) => (c: Config) => { c.node.env = { SECRET: `a${bad}b` }; return `${PROJECT}:node.env.SECRET`; }),
    fc.constant((c: Config) => { c.node.containerPort = c.node.port; return `${PROJECT}:node.containerPort`; }),
    fc.constantFrom(0.001, 0.125, 0.999).map((weight) => (c: Config) => { c.sites[0].weight = weight; return `${PROJECT}:sites[0].weight`; }),
];

export const invalidConfig: fc.Arbitrary<{ config: Config; key: string }> = fc.tuple(validConfig, fc.oneof(...mutations)).map(([{ config }, mutation]) => {
    const broken = structuredClone(config);
    return { config: broken, key: mutation(broken) };
});
