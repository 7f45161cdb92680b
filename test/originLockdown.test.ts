import { parse } from "yaml";
import type { MockRunResult } from "../plan/mockRun";
import { ofType, reveal, runConfig, shippedConfig } from "./harness";

interface CloudConfig {
    write_files: { path: string; content: string; permissions: string }[];
}

function bootstrapOf(run: MockRunResult): CloudConfig {
    const [server] = ofType(run.resources, "hcloud:index/server:Server");
    return parse(reveal(server.inputs.userData as string)) as CloudConfig;
}

function file(config: CloudConfig, path: string) {
    return config.write_files.find((entry) => entry.path === path);
}

let locked: MockRunResult;
let open: MockRunResult;
beforeAll(async () => {
    locked = await runConfig(shippedConfig("dev"));
    open = await runConfig({ ...shippedConfig("dev"), authenticatedOriginPulls: false });
});

test("a Cloudflare Origin CA certificate for the hostname is requested and installed on every node", () => {
    const [certificate] = ofType(locked.resources, "cloudflare:index/originCaCertificate:OriginCaCertificate");
    expect(certificate.inputs).toMatchObject({ hostnames: ["api.dev.example.com"], requestType: "origin-rsa" });
    const bootstrap = bootstrapOf(locked);
    expect(file(bootstrap, "/etc/exchange/tls/origin.crt")?.content).toContain("BEGIN CERTIFICATE");
    expect(file(bootstrap, "/etc/exchange/tls/origin.key")).toMatchObject({ permissions: "0600" });
});

test("Authenticated Origin Pulls are on by default, with this stack's client certificate uploaded to the zone", () => {
    const [settings] = ofType(locked.resources, "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings");
    expect(settings.inputs).toEqual({ zoneId: "11111111111111111111111111111111", enabled: true });
    const [upload] = ofType(locked.resources, "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate");
    expect(settings.dependencies).toContain(upload.urn);
    expect(reveal(upload.inputs.privateKey as string)).toContain("PRIVATE KEY");
});

test("the node's web front rejects a handshake without the client certificate", () => {
    const bootstrap = bootstrapOf(locked);
    const site = file(bootstrap, "/etc/nginx/sites-available/exchange")!.content;
    expect(site).toContain("ssl_client_certificate /etc/exchange/tls/origin-pull-ca.pem;");
    expect(site).toContain("ssl_verify_client on;");
    expect(file(bootstrap, "/etc/exchange/tls/origin-pull-ca.pem")?.content).toContain("BEGIN CERTIFICATE");
});

test("health checks present themselves as the zone, so they pass the client-certificate check", () => {
    const [monitor] = ofType(locked.resources, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor");
    expect(monitor.inputs.probeZone).toBe("example.com");
});

test("turning Authenticated Origin Pulls off removes every piece of it, and only it", () => {
    expect(ofType(open.resources, "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings")).toEqual([]);
    expect(ofType(open.resources, "cloudflare:index/originCaCertificate:OriginCaCertificate")).toHaveLength(1);
    const [monitor] = ofType(open.resources, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor");
    expect(monitor.inputs.probeZone).toBeUndefined();
    expect(file(bootstrapOf(open), "/etc/nginx/sites-available/exchange")!.content).not.toContain("ssl_verify_client");
});
