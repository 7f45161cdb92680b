import { healthCheckedFailover as rule } from "../../policies/rules/healthCheckedFailover";
import { VARIANTS } from "./corpus/builder";
import { CLOUDS, DEPLOYED, ExchangeStack, HOST, PREVIEW, ZONE, ZONE_ID, honestStack, messages, type Honest } from "./exchangeStack";

const SLOW = { interval: 60, timeout: 5, retries: 2, consecutiveDown: 3 };

/** Pools on three clouds behind two load balancers, every pool watched by one monitor of `timing`. */
function sharedMonitor(timing: Record<string, unknown>, imported = false): ExchangeStack {
    const stack = new ExchangeStack("shared", { imported });
    const monitor = stack.cloudflareMonitor("slow-health", timing);
    const sites = CLOUDS.map((cloud) => stack.site(cloud, { pool: { monitor: stack.link(monitor) } }));
    stack.loadBalancer({ defaultPools: sites.map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool) });
    stack.loadBalancer({ name: `ws.${ZONE}`, defaultPools: sites.map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[1].pool) }, "ws");
    return stack;
}

/** The honest exchange with its load balancer disabled: DNS records serve the hostname instead. */
function disabledLoadBalancer(): Honest {
    return honestStack({ loadBalancer: () => ({ enabled: false }) });
}

test("is the mandatory rule health-checked-failover", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["health-checked-failover", "mandatory"]);
});

test.each(VARIANTS)("passes pools watched by a monitor that detects a failure in 45 s (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("reports a pool without a monitor, by hostname and pool (%o)", async (variant) => {
    const { stack } = honestStack({ site: { gcp: { pool: { monitor: undefined } } } });
    const found = await messages(rule, stack, variant);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${HOST}: pool(s) gcp-pool have no monitor`);
    expect(found[0]).toContain("Attach a LoadBalancerMonitor");
});

test("a fallback pool no default pool names must be monitored too", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ defaultPools: [pool("aws"), pool("gcp")] }), site: { hetzner: { pool: { monitor: undefined } } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("pool(s) hetzner-pool have no monitor")]);
});

test.each(VARIANTS)("reports a slow monitor once, with every pool it watches and the worst case against the limit (%o)", async (variant) => {
    const found = await messages(rule, sharedMonitor(SLOW), variant);
    expect(found).toHaveLength(1);
    // 60 s × 3 + (2 + 1) × 5 s
    expect(found[0]).toContain("the monitor of pool(s) aws-pool, gcp-pool and hetzner-pool detects a failure in 195s at worst, above 120s");
    expect(found[0]).toContain("Shorten its interval");
});

test("takes Cloudflare's defaults for fields a monitor leaves unset", async () => {
    // 60 s × 1 + (2 + 1) × 5 s = 75 s; with consecutiveDown 2, 135 s.
    expect(await messages(rule, sharedMonitor({}))).toEqual([]);
    expect(await messages(rule, sharedMonitor({ consecutiveDown: 2 }))).toEqual([expect.stringContaining("detects a failure in 135s at worst")]);
});

test("adds a DNS-only load balancer's TTL to its pools' detection", async () => {
    const dnsOnly = (ttl: number) => honestStack({ loadBalancer: () => ({ proxied: false, ttl }) }).stack;
    expect(await messages(rule, dnsOnly(60))).toEqual([]);
    expect(await messages(rule, dnsOnly(90))).toEqual([expect.stringContaining(`aws-pool (DNS-only ${HOST}, TTL 90s), gcp-pool (DNS-only ${HOST}, TTL 90s) and hetzner-pool (DNS-only ${HOST}, TTL 90s) detects a failure in 135s at worst`)]);
});

test("maxDetectionSeconds sets the limit", async () => {
    const { stack } = honestStack();
    expect(await messages(rule, stack, DEPLOYED, { maxDetectionSeconds: 45 })).toEqual([]);
    expect(await messages(rule, stack, DEPLOYED, { maxDetectionSeconds: 44 })).toEqual([expect.stringContaining("detects a failure in 45s at worst, above 44s")]);
});

test("finds the monitor of an imported pool by its ID, with no dependency", async () => {
    expect(await messages(rule, honestStack({ imported: true }).stack)).toEqual([]);
    expect(await messages(rule, sharedMonitor(SLOW, true))).toEqual([expect.stringContaining("detects a failure in 195s at worst")]);
});

test("gives no verdict on a monitor this stack does not hold, or one whose timing is not known yet", async () => {
    const { stack } = honestStack({ site: { aws: { pool: { monitor: "0f4c4a0ecc2a4b0cb5a2a0b1c2d3e4f5" } } } });
    expect(await messages(rule, stack)).toEqual([]);
    // Cloudflare fills in the interval: a first preview does not know it yet.
    const computed = new ExchangeStack("computed");
    const monitor = computed.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "computed-health", { accountId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", type: "https", path: "/healthz", timeout: 5, retries: 2, consecutiveDown: 3 }, { outputs: { id: "6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a", interval: 60 } });
    const sites = CLOUDS.map((cloud) => computed.site(cloud, { pool: { monitor: computed.link(monitor) } }));
    computed.loadBalancer({ defaultPools: sites.map((site) => computed.link(site.pool)), fallbackPool: computed.link(sites[2].pool) });
    expect(await messages(rule, computed, DEPLOYED)).toEqual([expect.stringContaining("detects a failure in 195s at worst")]);
    expect(await messages(rule, computed, PREVIEW)).toEqual([]);
});

describe("a hostname served by DNS records straight to a machine", () => {
    test.each(VARIANTS)("a Cloudflare record to one node's address is reported, naming the record, machine and cloud (%o)", async (variant) => {
        const { stack, sites } = disabledLoadBalancer();
        stack.resource("cloudflare:index/dnsRecord:DnsRecord", "api-direct", { zoneId: ZONE_ID, name: HOST, type: "A", content: sites.aws.nodes[0].address, proxied: true, ttl: 1 }, { outputs: { id: "1a2b3c4d5e6f708192a3b4c5d6e7f809" } });
        const found = await messages(rule, stack, variant);
        expect(found).toHaveLength(1);
        expect(found[0]).toContain(`${HOST} is served by DNS records (api-direct) straight to aws-node-0 on aws, with no health-checked failover`);
    });

    test("a Route 53 record and a Cloud DNS record set are reported per hostname", async () => {
        const { stack, sites } = disabledLoadBalancer();
        stack.resource("aws:route53/record:Record", "api-direct", { zoneId: "Z0123456789ABCDEFGHIJ", name: HOST, type: "A", ttl: 60, records: [sites.gcp.nodes[0].address] }, { outputs: { id: `Z0123456789ABCDEFGHIJ_${HOST}_A`, fqdn: HOST } });
        stack.resource("gcp:dns/recordSet:RecordSet", "ws-direct", { managedZone: "exchange", name: `ws.${ZONE}.`, type: "A", ttl: 60, rrdatas: [sites.hetzner.nodes[1].address] }, { outputs: { id: `projects/acme/managedZones/exchange/rrsets/ws.${ZONE}./A` } });
        const found = await messages(rule, stack);
        expect(found).toEqual([
            expect.stringContaining(`${HOST} is served by DNS records (api-direct) straight to gcp-node-0 on gcp`),
            expect.stringContaining(`ws.${ZONE}. is served by DNS records (ws-direct) straight to hetzner-node-1 on hetzner`),
        ]);
    });

    test("records for a hostname an enabled load balancer serves, and records to nothing the stack runs, are not", async () => {
        const { stack, sites } = honestStack();
        stack.resource("cloudflare:index/dnsRecord:DnsRecord", "api-shadow", { zoneId: ZONE_ID, name: "api", type: "A", content: sites.aws.nodes[0].address, ttl: 1 }, { outputs: { id: "2b3c4d5e6f708192a3b4c5d6e7f8091a" } });
        stack.resource("cloudflare:index/dnsRecord:DnsRecord", "docs", { zoneId: ZONE_ID, name: `docs.${ZONE}`, type: "CNAME", content: "exchange-docs.pages.dev", proxied: true, ttl: 1 }, { outputs: { id: "3c4d5e6f708192a3b4c5d6e7f8091a2b" } });
        stack.resource("cloudflare:index/dnsRecord:DnsRecord", "spf", { zoneId: ZONE_ID, name: ZONE, type: "TXT", content: "v=spf1 ip4:203.0.113.11 -all", ttl: 3600 }, { outputs: { id: "4d5e6f708192a3b4c5d6e7f8091a2b3c" } });
        expect(await messages(rule, stack)).toEqual([]);
    });
});

describe("a pool watched by a monitor group", () => {
    /**
     * Pools on three clouds, the AWS pool watched by a group of the stack's fast monitor (45 s) and a slow one (195 s),
     * each member must be healthy or not as given.
     */
    function grouped(fastMustBeHealthy: boolean, slowMustBeHealthy: boolean, slowMember: Record<string, boolean> = {}): ExchangeStack {
        const stack = new ExchangeStack("grouped");
        const slow = stack.cloudflareMonitor("slow-health", SLOW);
        const group = stack.monitorGroup("api-health-group", [{ monitor: stack.monitor(), mustBeHealthy: fastMustBeHealthy }, { monitor: slow, mustBeHealthy: slowMustBeHealthy, ...slowMember }]);
        const sites = CLOUDS.map((cloud) => stack.site(cloud, cloud === "aws" ? { pool: { monitor: undefined, monitorGroup: stack.link(group) } } : {}));
        stack.loadBalancer({ defaultPools: sites.map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool) });
        return stack;
    }

    test.each(VARIANTS)("is monitored (%o)", async (variant) => {
        const found = await messages(rule, grouped(true, true), variant);
        expect(found).toEqual([]);
    });

    test("detects a failure as fast as its fastest must-be-healthy member", async () => {
        expect(await messages(rule, grouped(true, false))).toEqual([]);
        expect(await messages(rule, grouped(true, true))).toEqual([]);
        // Only the slow monitor must be healthy: the fast one alone takes no origin out.
        const found = await messages(rule, grouped(false, true));
        expect(found).toEqual([expect.stringContaining("the monitor of pool(s) aws-pool detects a failure in 195s at worst, above 120s")]);
    });

    test("with no must-be-healthy member, detects a failure once the slowest member does", async () => {
        expect(await messages(rule, grouped(false, false))).toEqual([expect.stringContaining("the monitor of pool(s) aws-pool detects a failure in 195s at worst, above 120s")]);
        // A disabled or monitoring-only member takes no part.
        expect(await messages(rule, grouped(false, false, { enabled: false }))).toEqual([]);
        expect(await messages(rule, grouped(false, false, { monitoringOnly: true }))).toEqual([]);
    });

    test("in a first preview, the members' monitors are not known until their IDs are: no verdict", async () => {
        expect(await messages(rule, grouped(false, true), PREVIEW)).toEqual([]);
    });
});

describe("which load balancer a DNS record's name is", () => {
    test.each(VARIANTS)("a record for example.com.au is not the load balancer example.com, in its zone or another (%o)", async (variant) => {
        for (const zoneId of [ZONE_ID, "7e6d5c4b3a2918f7e6d5c4b3a2918f7e"]) {
            const { stack, sites } = honestStack({ loadBalancer: () => ({ name: "example.com" }) });
            stack.resource("cloudflare:index/dnsRecord:DnsRecord", "au-direct", { zoneId, name: "example.com.au", type: "A", content: sites.aws.nodes[0].address, proxied: true, ttl: 1 }, { outputs: { id: "5e6f708192a3b4c5d6e7f8091a2b3c4d" } });
            expect(await messages(rule, stack, variant)).toEqual([expect.stringContaining("example.com.au is served by DNS records (au-direct) straight to aws-node-0 on aws")]);
        }
    });

    test.each(VARIANTS)("a record named relative to its zone is that zone's hostname only in the load balancer's zone (%o)", async (variant) => {
        const relative = (zoneId: string) => {
            const { stack, sites } = honestStack();
            stack.resource("cloudflare:index/dnsRecord:DnsRecord", "api-relative", { zoneId, name: "api", type: "A", content: sites.gcp.nodes[1].address, ttl: 1 }, { outputs: { id: "6f708192a3b4c5d6e7f8091a2b3c4d5e" } });
            return stack;
        };
        expect(await messages(rule, relative(ZONE_ID), variant)).toEqual([]);
        expect(await messages(rule, relative("7e6d5c4b3a2918f7e6d5c4b3a2918f7e"), variant)).toEqual([expect.stringContaining("api is served by DNS records (api-relative) straight to gcp-node-1 on gcp")]);
    });
});
