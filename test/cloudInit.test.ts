import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { containerRunArguments, SITE_HEADERS } from "../components/cloudInit";
import { fixture, ofType, providerOf, runConfig, runFixture, userDataOf } from "./harness";

interface CloudConfig {
    packages: string[];
    write_files: { path: string; content: string; permissions: string }[];
    runcmd: string[][];
}

const NODE_TYPES = ["aws:ec2/instance:Instance", "gcp:compute/instance:Instance", "hcloud:index/server:Server"];
let userData: Map<string, string>;
beforeAll(async () => {
    const { resources } = await runFixture("medium");
    userData = new Map(NODE_TYPES.flatMap((type) => ofType(resources, type)).map((node) => [`${providerOf(node)}/${node.name}`, userDataOf(node)]));
});

function document(key: string): CloudConfig {
    const text = userData.get(key)!;
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    return parse(text) as CloudConfig;
}

function file(config: CloudConfig, filePath: string): string {
    const entry = config.write_files.find((candidate) => candidate.path === filePath);
    expect(entry).toBeDefined();
    return entry!.content;
}

test("every node's user data is a cloud-config document that parses as YAML", () => {
    expect(userData.size).toBe(6);
    for (const key of userData.keys()) {
        expect(document(key).packages).toEqual(expect.arrayContaining(["docker.io", "nginx", "cryptsetup", "iptables"]));
    }
});

test("the node's scripts are the repository's own files, byte for byte", () => {
    const config = document("aws/aws-fra-node-0");
    const source = (name: string) => fs.readFileSync(path.join(__dirname, "..", "components", "node", name), "utf8");
    expect(file(config, "/usr/local/sbin/exchange-data-volume")).toBe(source("exchange-data-volume.sh"));
    expect(file(config, "/usr/local/sbin/exchange-metadata-block")).toBe(source("exchange-metadata-block.sh"));
});

test("the container starts only after the data volume is mounted and the metadata service is blocked", () => {
    const unit = file(document("gcp/gcp-bel-node-1"), "/etc/systemd/system/exchange-node.service");
    expect(unit).toContain("Requires=docker.service exchange-data.service exchange-metadata-block.service");
    expect(unit).toContain("After=docker.service exchange-data.service exchange-metadata-block.service");
    const block = file(document("gcp/gcp-bel-node-1"), "/etc/systemd/system/exchange-metadata-block.service");
    expect(block).toContain("After=docker.service");
    expect(block).toContain("ExecStart=/usr/local/sbin/exchange-metadata-block");
});

test("the data volume waits as long as the volume takes, and cloud-init does not wait for it", () => {
    const config = document("hetzner/hetzner-fsn-node-0");
    expect(file(config, "/etc/systemd/system/exchange-data.service")).toContain("TimeoutStartSec=infinity");
    const start = config.runcmd.find((command) => command.includes("start"))!;
    expect(start).toEqual(["systemctl", "start", "--no-block", "exchange-data.service", "exchange-metadata-block.service", "exchange-node.service"]);
    expect(config.runcmd).toContainEqual(["systemctl", "enable", "exchange-data.service", "exchange-metadata-block.service", "exchange-node.service"]);
});

test("the container runs with no capabilities and no privilege escalation, and read-only or as a user when asked", () => {
    const plain = fixture("medium").node;
    const defaults = containerRunArguments({ ...plain, readOnlyRoot: false });
    expect(defaults.join(" ")).toContain("--cap-drop ALL --security-opt no-new-privileges");
    expect(defaults).not.toContain("--read-only");
    expect(defaults).not.toContain("--user");
    const locked = containerRunArguments({ ...plain, readOnlyRoot: true, user: "10001:10001" });
    expect(locked.join(" ")).toContain("--read-only --tmpfs /tmp --user 10001:10001");
    expect(locked[locked.length - 1]).toBe(plain.image);
    expect(file(document("aws/aws-fra-node-1"), "/etc/systemd/system/exchange-node.service")).toContain(`ExecStart=/usr/bin/docker run ${defaults.join(" ")}\n`);
});

test("nginx serves the configured image on the node port, names the serving site, and hides the backend's copies", () => {
    const config = document("gcp/gcp-bel-node-1");
    const site = file(config, "/etc/nginx/sites-available/exchange");
    expect(site).toContain("listen 443 ssl");
    expect(site).toContain("location = /healthz");
    expect(site).toContain("proxy_pass http://127.0.0.1:8080;");
    for (const header of SITE_HEADERS) {
        expect(site).toContain(`proxy_hide_header ${header};`);
    }
    expect(file(config, "/etc/exchange/site-headers.conf")).toBe('add_header x-exchange-site "gcp/europe-west1" always;\nadd_header x-exchange-node "gcp-bel-node-1" always;\n');
    expect(file(config, "/etc/exchange/node.env")).toBe("LOG_LEVEL=info\n");
});

test("each provider points the bootstrap at its own stable device, and only Hetzner encrypts in the guest", () => {
    expect(file(document("aws/aws-fra-node-0"), "/etc/exchange/volume.env")).toMatch(/^DEVICE='\/dev\/disk\/by-id\/nvme-Amazon_Elastic_Block_Store_vol[0-9a-f]{17}'\n$/);
    expect(file(document("gcp/gcp-bel-node-0"), "/etc/exchange/volume.env")).toBe("DEVICE='/dev/disk/by-id/google-data'\n");
    expect(file(document("hetzner/hetzner-fsn-node-0"), "/etc/exchange/volume.env")).toBe("DEVICE='/dev/disk/by-id/scsi-0HC_Volume_*'\nKEY_FILE=/etc/exchange/volume.key\n");
    expect(file(document("hetzner/hetzner-fsn-node-0"), "/etc/exchange/volume.key")).toMatch(/^\S{32,}$/);
    expect(document("aws/aws-fra-node-0").write_files.map((f) => f.path)).not.toContain("/etc/exchange/volume.key");
});

test("a key rotation hands the node the previous key too, so it can add the new one and remove the old", async () => {
    const { resources } = await runConfig(fixture("small"), "rotate", [], { previousDataVolumeKey: "previous-key-previous-key-previous-key-0" });
    const [server] = ofType(resources, "hcloud:index/server:Server");
    const config = parse(userDataOf(server)) as CloudConfig;
    expect(file(config, "/etc/exchange/volume.env")).toContain("PREVIOUS_KEY_FILE=/etc/exchange/volume-previous.key\n");
    expect(file(config, "/etc/exchange/volume-previous.key")).toBe("previous-key-previous-key-previous-key-0");
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
