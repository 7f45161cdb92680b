import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import type { DataVolumeKeys } from "../config/load";
import type { NodeSpec } from "../config/schema";
import type { OriginTlsMaterial } from "./originTls";

/** Everything that differs from one node to the next; the rest of the bootstrap is the same on every provider. */
export interface NodeIdentity {
    /** `<provider>/<region>`, returned in the `x-exchange-site` header so that failover can be observed from outside. */
    site: string;
    node: string;
    /** Stable path of the data volume's block device on this provider, or a pattern that matches exactly one. */
    dataDevice: string;
    /** Present where the provider does not encrypt volumes: the bootstrap then sets up LUKS with these keys. */
    volumeKeys?: DataVolumeKeys;
}

export interface CloudInitArgs {
    identity: NodeIdentity;
    node: NodeSpec;
    tls: OriginTlsMaterial;
    secretEnv: Record<string, string>;
}

/** Headers that tell which site and node served a response; only nginx sets them, never the backend. */
export const SITE_HEADERS = ["x-exchange-site", "x-exchange-node"] as const;

const DATA_MOUNT = "/var/lib/exchange";
const CONTAINER_NAME = "exchange-node";
const ETC = "/etc/exchange";
const TLS_DIR = `${ETC}/tls`;
const ORIGIN_PULL_CA = `${TLS_DIR}/origin-pull-ca.pem`;
const SCRIPTS = path.join(__dirname, "node");

function script(name: string): string {
    return fs.readFileSync(path.join(SCRIPTS, name), "utf8");
}

/**
 * HTTPS on the node port in front of the container. With Authenticated Origin Pulls, every request but the health
 * check needs a client certificate from the stack's origin-pull CA. The health path stays open (to Cloudflare's
 * ranges, which are all the firewall admits) because Cloudflare does not document which client certificate its
 * monitors present for per-hostname AOP; `optional_no_ca` keeps the handshake of a foreign certificate from failing.
 */
function nginxSite(node: NodeSpec, verifyClient: boolean): string {
    const clientVerification = verifyClient ? `    ssl_client_certificate ${ORIGIN_PULL_CA};\n    ssl_verify_client optional_no_ca;\n` : "";
    const requireClient = verifyClient ? `        if ($ssl_client_verify != SUCCESS) {\n            return 403;\n        }\n` : "";
    return `server {
    listen ${node.port} ssl http2;
    listen [::]:${node.port} ssl http2;
    ssl_certificate ${TLS_DIR}/origin.crt;
    ssl_certificate_key ${TLS_DIR}/origin.key;
    ssl_protocols TLSv1.2 TLSv1.3;
${clientVerification}    include ${ETC}/site-headers.conf;
${SITE_HEADERS.map((header) => `    proxy_hide_header ${header};\n`).join("")}    location = ${node.healthPath} {
        proxy_pass http://127.0.0.1:${node.containerPort};
    }
    location / {
${requireClient}        proxy_pass http://127.0.0.1:${node.containerPort};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $http_cf_connecting_ip;
        proxy_set_header X-Forwarded-Proto https;
    }
}
`;
}

/** The container with no capabilities and no privilege escalation; read-only root and a non-root user when asked. */
export function containerRunArguments(node: NodeSpec): string[] {
    return [
        "--rm", "--name", CONTAINER_NAME,
        "--cap-drop", "ALL",
        "--security-opt", "no-new-privileges",
        ...(node.readOnlyRoot ? ["--read-only", "--tmpfs", "/tmp"] : []),
        ...(node.user !== undefined ? ["--user", node.user] : []),
        "--env-file", `${ETC}/node.env`,
        "-v", `${DATA_MOUNT}:/data`,
        "-p", `127.0.0.1:${node.containerPort}:${node.containerPort}`,
        node.image,
    ];
}

function containerUnit(node: NodeSpec): string {
    return `[Unit]
Description=Exchange node container
Requires=docker.service exchange-data.service exchange-metadata-block.service
After=docker.service exchange-data.service exchange-metadata-block.service

[Service]
ExecStartPre=-/usr/bin/docker rm -f ${CONTAINER_NAME}
ExecStart=/usr/bin/docker run ${containerRunArguments(node).join(" ")}
ExecStop=/usr/bin/docker stop ${CONTAINER_NAME}
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
`;
}

/** Waits as long as the volume takes to be attached, then opens and mounts it; the container starts after it. */
const DATA_UNIT = `[Unit]
Description=Exchange data volume
After=local-fs.target
Before=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
TimeoutStartSec=infinity
ExecStart=/usr/local/sbin/exchange-data-volume

[Install]
WantedBy=multi-user.target
`;

const METADATA_BLOCK_UNIT = `[Unit]
Description=Keep containers away from the cloud metadata service
Requires=docker.service
After=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/exchange-metadata-block

[Install]
WantedBy=multi-user.target
`;

/** Docker's --env-file: one `NAME=value` line per variable, taken literally (values are checked to hold no newline). */
function envFile(env: Record<string, string>): string {
    return Object.entries(env).map(([name, value]) => `${name}=${value}\n`).join("");
}

function volumeFiles(identity: NodeIdentity) {
    const keys = identity.volumeKeys;
    const settings = [
        `DEVICE='${identity.dataDevice}'`,
        ...(keys ? [`KEY_FILE=${ETC}/volume.key`] : []),
        ...(keys?.previous !== undefined ? [`PREVIOUS_KEY_FILE=${ETC}/volume-previous.key`] : []),
    ];
    return [
        { path: `${ETC}/volume.env`, permissions: "0644", content: `${settings.join("\n")}\n` },
        ...(keys ? [{ path: `${ETC}/volume.key`, permissions: "0400", content: keys.current }] : []),
        ...(keys?.previous !== undefined ? [{ path: `${ETC}/volume-previous.key`, permissions: "0400", content: keys.previous }] : []),
    ];
}

/** Renders the cloud-init user data of one node. The document is built as data and serialised with a YAML library. */
export function renderCloudInit({ identity, node, tls, secretEnv }: CloudInitArgs): string {
    const document = {
        package_update: true,
        packages: ["docker.io", "nginx", "cryptsetup", "iptables"],
        write_files: [
            ...volumeFiles(identity),
            { path: `${ETC}/site-headers.conf`, permissions: "0644", content: `add_header x-exchange-site "${identity.site}" always;\nadd_header x-exchange-node "${identity.node}" always;\n` },
            { path: `${TLS_DIR}/origin.crt`, permissions: "0644", content: tls.certificatePem },
            { path: `${TLS_DIR}/origin.key`, permissions: "0600", content: tls.privateKeyPem },
            ...(tls.clientCaPem ? [{ path: ORIGIN_PULL_CA, permissions: "0644", content: tls.clientCaPem }] : []),
            { path: `${ETC}/node.env`, permissions: "0600", content: envFile({ ...node.env, ...secretEnv }) },
            { path: "/usr/local/sbin/exchange-data-volume", permissions: "0755", content: script("exchange-data-volume.sh") },
            { path: "/usr/local/sbin/exchange-metadata-block", permissions: "0755", content: script("exchange-metadata-block.sh") },
            { path: "/etc/systemd/system/exchange-data.service", permissions: "0644", content: DATA_UNIT },
            { path: "/etc/systemd/system/exchange-metadata-block.service", permissions: "0644", content: METADATA_BLOCK_UNIT },
            { path: "/etc/systemd/system/exchange-node.service", permissions: "0644", content: containerUnit(node) },
            { path: "/etc/nginx/sites-available/exchange", permissions: "0644", content: nginxSite(node, tls.clientCaPem !== undefined) },
        ],
        runcmd: [
            ["ln", "-sf", "/etc/nginx/sites-available/exchange", "/etc/nginx/sites-enabled/exchange"],
            ["rm", "-f", "/etc/nginx/sites-enabled/default"],
            ["systemctl", "daemon-reload"],
            ["systemctl", "enable", "exchange-data.service", "exchange-metadata-block.service", "exchange-node.service"],
            // --no-block: the data volume may be attached after boot, and cloud-init must not wait for it.
            ["systemctl", "start", "--no-block", "exchange-data.service", "exchange-metadata-block.service", "exchange-node.service"],
            ["systemctl", "restart", "nginx"],
        ],
    };
    return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}
