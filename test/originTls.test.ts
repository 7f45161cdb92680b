import { parse } from "yaml";
import type { MockRunResult, RecordedResource } from "../plan/mockRun";
import { fixture, ofType, reveal, runConfig, userDataOf, type Config } from "./harness";

interface CloudConfig {
    write_files: { path: string; content: string; permissions: string }[];
}

const TYPES = {
    hostnameCertificate: "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate",
    hostnameAssociation: "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls",
    zoneCertificate: "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate",
    zoneSettings: "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings",
    originCertificate: "cloudflare:index/originCaCertificate:OriginCaCertificate",
};
const HOURS_PER_DAY = 24;

function named(run: MockRunResult, name: string): RecordedResource {
    return run.resources.find((resource) => resource.name === name)!;
}

function bootstrap(run: MockRunResult): CloudConfig {
    const [server] = ofType(run.resources, "hcloud:index/server:Server");
    return parse(userDataOf(server)) as CloudConfig;
}

function file(config: CloudConfig, path: string): string | undefined {
    return config.write_files.find((entry) => entry.path === path)?.content;
}

function runWith(edit: (config: Config) => void, stack = "tls"): Promise<MockRunResult> {
    const config = fixture("small");
    edit(config);
    return runConfig(config, stack);
}

let locked: MockRunResult;
let open: MockRunResult;
beforeAll(async () => {
    locked = await runWith(() => undefined);
    open = await runWith((config) => {
        config.authenticatedOriginPulls = false;
    });
});

test("a Cloudflare Origin CA certificate for the hostname is requested for a year and installed on every node", () => {
    const [certificate] = ofType(locked.resources, TYPES.originCertificate);
    expect(certificate.inputs).toMatchObject({ hostnames: ["api.dev.example.com"], requestType: "origin-rsa", requestedValidity: 365 });
    const config = bootstrap(locked);
    expect(file(config, "/etc/exchange/tls/origin.crt")).toContain("BEGIN CERTIFICATE");
    expect(config.write_files.find((entry) => entry.path === "/etc/exchange/tls/origin.key")).toMatchObject({ permissions: "0600" });
});

test("the origin certificate is renewed by a normal pulumi up: its request follows a renewal clock due 30 days before expiry", () => {
    const clock = named(locked, "exchange-tls-origin-renewal");
    expect(clock.inputs).toMatchObject({ validityPeriodHours: 365 * HOURS_PER_DAY, earlyRenewalHours: 30 * HOURS_PER_DAY });
    const request = named(locked, "exchange-tls-origin-csr");
    expect(request.propertyDependencies.subject).toContain(clock.urn);
    expect((request.inputs.subject as { serialNumber: string }).serialNumber).toBe("2026-11-25T00:00:00Z");
    const [certificate] = ofType(locked.resources, TYPES.originCertificate);
    expect(certificate.propertyDependencies.csr).toContain(request.urn);
});

test("Authenticated Origin Pulls are scoped to the stack's hostname, with no zone-wide setting", () => {
    expect(ofType(locked.resources, TYPES.zoneCertificate)).toEqual([]);
    expect(ofType(locked.resources, TYPES.zoneSettings)).toEqual([]);
    const [upload] = ofType(locked.resources, TYPES.hostnameCertificate);
    expect(reveal(upload.inputs.privateKey as string)).toContain("PRIVATE KEY");
    const [association] = ofType(locked.resources, TYPES.hostnameAssociation);
    expect(association.inputs).toEqual({ zoneId: "11111111111111111111111111111111", configs: [{ hostname: "api.dev.example.com", certId: upload.id, enabled: true }] });
    expect(association.propertyDependencies.configs).toContain(upload.urn);
});

test("two stacks in one zone register disjoint material: their own certificates, for their own hostnames", async () => {
    const other = await runConfig(fixture("medium"), "staging");
    expect(fixture("medium").zone).toBe(fixture("small").zone);
    const material = (run: MockRunResult) => {
        const [upload] = ofType(run.resources, TYPES.hostnameCertificate);
        const [association] = ofType(run.resources, TYPES.hostnameAssociation);
        return { certificate: reveal(upload.inputs.certificate as string), hostnames: (association.inputs.configs as { hostname: string }[]).map((config) => config.hostname) };
    };
    const mine = material(locked);
    const theirs = material(other);
    expect(mine.certificate).not.toBe(theirs.certificate);
    expect(mine.hostnames).toEqual(["api.dev.example.com"]);
    expect(theirs.hostnames).toEqual(["api.staging.example.com"]);
});

test("the client certificate lives a year and renews itself; the CA that signs it lives five years", () => {
    expect(named(locked, "exchange-tls-pull-client-cert").inputs).toMatchObject({ validityPeriodHours: 365 * HOURS_PER_DAY, earlyRenewalHours: 30 * HOURS_PER_DAY });
    expect(named(locked, "exchange-tls-pull-ca-1").inputs).toMatchObject({ validityPeriodHours: 5 * 365 * HOURS_PER_DAY, isCaCertificate: true });
});

test("the node's web front asks for the client certificate, and demands it for everything but the health check", () => {
    const site = file(bootstrap(locked), "/etc/nginx/sites-available/exchange")!;
    expect(site).toContain("ssl_client_certificate /etc/exchange/tls/origin-pull-ca.pem;");
    expect(site).toContain("ssl_verify_client optional_no_ca;");
    expect(site).toMatch(/location \/ \{\n\s+if \(\$ssl_client_verify != SUCCESS\) \{\n\s+return 403;/);
    expect(file(bootstrap(locked), "/etc/exchange/tls/origin-pull-ca.pem")).toContain("BEGIN CERTIFICATE");
});

test("health checks present themselves as the zone", () => {
    const [monitor] = ofType(locked.resources, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor");
    expect(monitor.inputs.probeZone).toBe("example.com");
});

test("turning Authenticated Origin Pulls off removes every piece of it, and only it", () => {
    expect(ofType(open.resources, TYPES.hostnameAssociation)).toEqual([]);
    expect(ofType(open.resources, TYPES.hostnameCertificate)).toEqual([]);
    expect(ofType(open.resources, TYPES.originCertificate)).toHaveLength(1);
    const [monitor] = ofType(open.resources, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor");
    expect(monitor.inputs.probeZone).toBeUndefined();
    expect(file(bootstrap(open), "/etc/nginx/sites-available/exchange")).not.toContain("ssl_verify_client");
});

describe("rotating the origin-pull CA in three updates, never presenting a certificate a node does not trust", () => {
    const phase = (generations: number[]) => runWith((config) => {
        config.originPullCaGenerations = generations;
    });
    const signer = (run: MockRunResult) => {
        const client = named(run, "exchange-tls-pull-client-cert");
        return run.resources.find((resource) => client.propertyDependencies.caCertPem.includes(resource.urn))!.name;
    };
    const trusted = (run: MockRunResult) => file(bootstrap(run), "/etc/exchange/tls/origin-pull-ca.pem")!;
    const caPem = (run: MockRunResult, generation: number) => reveal(named(run, `exchange-tls-pull-ca-${generation}`).outputs.certPem as string);

    test("add the new CA second: nodes trust both, the old one still signs", async () => {
        const run = await phase([1, 2]);
        expect(signer(run)).toBe("exchange-tls-pull-ca-1");
        expect(trusted(run)).toBe(caPem(run, 1) + caPem(run, 2));
    });

    test("move it first: the new CA signs, and the nodes are left exactly as they were", async () => {
        const adding = await phase([1, 2]);
        const switching = await phase([2, 1]);
        expect(signer(switching)).toBe("exchange-tls-pull-ca-2");
        const userData = (run: MockRunResult) => ["aws:ec2/instance:Instance", "gcp:compute/instance:Instance", "hcloud:index/server:Server"].flatMap((type) => ofType(run.resources, type)).map(userDataOf);
        expect(userData(switching)).toEqual(userData(adding));
    });

    test("drop the old CA: nodes trust the new one alone", async () => {
        const run = await phase([2]);
        expect(signer(run)).toBe("exchange-tls-pull-ca-2");
        expect(trusted(run)).toBe(caPem(run, 2));
        expect(run.resources.some((resource) => resource.name === "exchange-tls-pull-ca-1")).toBe(false);
    });
});
