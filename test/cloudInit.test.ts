import { parse } from "yaml";
import type { RecordedResource } from "../plan/mockRun";
import { ofType, providerOf, reveal, runShippedStack } from "./harness";

interface CloudConfig {
    packages: string[];
    write_files: { path: string; content: string; permissions: string }[];
    runcmd: string[][];
}

let userData: Map<string, string>;
beforeAll(async () => {
    const { resources } = await runShippedStack("staging");
    const read = (node: RecordedResource): string => reveal(node.type.startsWith("gcp:")
        ? (node.inputs.metadata as Record<string, string>)["user-data"]
        : node.inputs.userData as string);
    userData = new Map([
        ...ofType(resources, "aws:ec2/instance:Instance"),
        ...ofType(resources, "gcp:compute/instance:Instance"),
        ...ofType(resources, "hcloud:index/server:Server"),
    ].map((node) => [`${providerOf(node)}/${node.name}`, read(node)]));
});

function document(key: string): CloudConfig {
    const text = userData.get(key)!;
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    return parse(text) as CloudConfig;
}

function file(config: CloudConfig, path: string): string {
    const entry = config.write_files.find((candidate) => candidate.path === path);
    expect(entry).toBeDefined();
    return entry!.content;
}

test("every node's user data is a cloud-config document that parses as YAML", () => {
    expect(userData.size).toBe(6);
    for (const key of userData.keys()) {
        expect(document(key).packages).toEqual(expect.arrayContaining(["docker.io", "nginx", "cryptsetup"]));
    }
});

test("the bootstrap formats only a blank volume and mounts it, on every boot", () => {
    const config = document("aws/aws-fra-node-0");
    const script = file(config, "/usr/local/sbin/exchange-data-volume");
    expect(script).toMatch(/blkid .* \|\| mkfs\.ext4/);
    expect(script).toMatch(/mountpoint -q \/var\/lib\/exchange \|\| mount/);
    expect(file(config, "/etc/systemd/system/exchange-data.service")).toContain("ExecStart=/usr/local/sbin/exchange-data-volume");
    expect(config.runcmd).toContainEqual(expect.arrayContaining(["enable", "--now", "exchange-data.service"]));
});

test("the bootstrap runs the configured image behind HTTPS on the node port and names the serving site", () => {
    const config = document("gcp/gcp-bel-node-1");
    expect(file(config, "/etc/systemd/system/exchange-node.service")).toContain("-p 127.0.0.1:8080:8080 ghcr.io/example/exchange-node:1.0.0");
    const site = file(config, "/etc/nginx/sites-available/exchange");
    expect(site).toContain("listen 443 ssl");
    expect(site).toContain("location = /healthz");
    expect(file(config, "/etc/exchange/site-headers.conf")).toContain('add_header x-exchange-site "gcp/europe-west1" always;');
    expect(file(config, "/etc/exchange/node.env")).toContain("LOG_LEVEL=info\n");
});

test("each provider points the bootstrap at its own stable device path, and only Hetzner encrypts in the guest", () => {
    expect(file(document("aws/aws-fra-node-0"), "/etc/exchange/volume.env")).toMatch(/^DEVICE=\/dev\/disk\/by-id\/nvme-Amazon_Elastic_Block_Store_vol[0-9a-f]{17}\n$/);
    expect(file(document("gcp/gcp-bel-node-0"), "/etc/exchange/volume.env")).toBe("DEVICE=/dev/disk/by-id/google-data\n");
    expect(file(document("hetzner/hetzner-fsn-node-0"), "/etc/exchange/volume.env")).toMatch(/^DEVICE=\/dev\/disk\/by-id\/scsi-0HC_Volume_\d+\n$/);
    expect(document("hetzner/hetzner-fsn-node-0").write_files.map((f) => f.path)).toContain("/etc/exchange/volume.key");
    expect(document("aws/aws-fra-node-0").write_files.map((f) => f.path)).not.toContain("/etc/exchange/volume.key");
    expect(file(document("aws/aws-fra-node-0"), "/usr/local/sbin/exchange-data-volume")).toContain("cryptsetup luksFormat");
});

test("the bootstrap is the same on every provider apart from the per-node files", () => {
    const PER_NODE = ["/etc/exchange/volume.env", "/etc/exchange/site-headers.conf", "/etc/exchange/volume.key"];
    const shared = (key: string) => {
        const config = document(key);
        return { ...config, write_files: config.write_files.filter((entry) => !PER_NODE.includes(entry.path)) };
    };
    const reference = shared("aws/aws-fra-node-0");
    for (const key of userData.keys()) {
        expect(shared(key)).toEqual(reference);
    }
});
