import { stringify } from "yaml";
import type { NodeSpec } from "../config/schema";
import type { OriginTlsMaterial } from "./originTls";

/** Everything that differs from one node to the next; the rest of the bootstrap is the same on every provider. */
export interface NodeIdentity {
    /** `<provider>/<region>`, returned in the `x-exchange-site` header so that failover can be observed from outside. */
    site: string;
    node: string;
    /** Stable path of the data volume's block device on this provider. */
    dataDevice: string;
    /** Present where the provider does not encrypt volumes: the bootstrap then sets up LUKS with this key. */
    volumeKey?: string;
}

export interface CloudInitArgs {
    identity: NodeIdentity;
    node: NodeSpec;
    tls: OriginTlsMaterial;
    secretEnv: Record<string, string>;
}

const DATA_MOUNT = "/var/lib/exchange";
const CONTAINER_NAME = "exchange-node";
const ETC = "/etc/exchange";
const TLS_DIR = `${ETC}/tls`;

const DATA_VOLUME_SCRIPT = `#!/bin/bash
# Idempotent: safe on every boot and on a volume that already holds data.
set -euo pipefail
. ${ETC}/volume.env
for _ in $(seq 1 120); do [ -b "$DEVICE" ] && break; sleep 5; done
[ -b "$DEVICE" ] || { echo "data volume $DEVICE did not appear" >&2; exit 1; }
TARGET="$DEVICE"
if [ -f ${ETC}/volume.key ]; then
  cryptsetup isLuks "$DEVICE" || cryptsetup luksFormat --batch-mode --type luks2 --key-file ${ETC}/volume.key "$DEVICE"
  [ -e /dev/mapper/exchange-data ] || cryptsetup open --key-file ${ETC}/volume.key "$DEVICE" exchange-data
  TARGET=/dev/mapper/exchange-data
fi
blkid -o value -s TYPE "$TARGET" >/dev/null || mkfs.ext4 -L exchange-data "$TARGET"
mkdir -p ${DATA_MOUNT}
mountpoint -q ${DATA_MOUNT} || mount -o noatime "$TARGET" ${DATA_MOUNT}
`;

const ORIGIN_PULL_CA = `${TLS_DIR}/origin-pull-ca.pem`;

/** With Authenticated Origin Pulls, nginx refuses the TLS handshake of anyone without this zone's client certificate. */
function nginxSite(node: NodeSpec, verifyClient: boolean): string {
    const clientVerification = verifyClient ? `    ssl_client_certificate ${ORIGIN_PULL_CA};\n    ssl_verify_client on;\n` : "";
    return `server {
    listen ${node.port} ssl http2;
    listen [::]:${node.port} ssl http2;
    ssl_certificate ${TLS_DIR}/origin.crt;
    ssl_certificate_key ${TLS_DIR}/origin.key;
    ssl_protocols TLSv1.2 TLSv1.3;
${clientVerification}    include ${ETC}/site-headers.conf;
    location = ${node.healthPath} {
        proxy_pass http://127.0.0.1:${node.containerPort};
    }
    location / {
        proxy_pass http://127.0.0.1:${node.containerPort};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $http_cf_connecting_ip;
        proxy_set_header X-Forwarded-Proto https;
    }
}
`;
}

function containerUnit(node: NodeSpec): string {
    return `[Unit]
Description=Exchange node container
Requires=docker.service exchange-data.service
After=docker.service exchange-data.service

[Service]
ExecStartPre=-/usr/bin/docker rm -f ${CONTAINER_NAME}
ExecStart=/usr/bin/docker run --rm --name ${CONTAINER_NAME} --env-file ${ETC}/node.env -v ${DATA_MOUNT}:/data -p 127.0.0.1:${node.containerPort}:${node.containerPort} ${node.image}
ExecStop=/usr/bin/docker stop ${CONTAINER_NAME}
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
`;
}

const DATA_UNIT = `[Unit]
Description=Exchange data volume
After=local-fs.target
Before=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/exchange-data-volume

[Install]
WantedBy=multi-user.target
`;

function envFile(env: Record<string, string>): string {
    return Object.entries(env)
        .map(([name, value]) => `${name}=${value.replace(/\n/g, "\\n")}\n`)
        .join("");
}

/** Renders the cloud-init user data of one node. The document is built as data and serialised with a YAML library. */
export function renderCloudInit({ identity, node, tls, secretEnv }: CloudInitArgs): string {
    const perNodeFiles = [
        { path: `${ETC}/volume.env`, permissions: "0644", content: `DEVICE=${identity.dataDevice}\n` },
        { path: `${ETC}/site-headers.conf`, permissions: "0644", content: `add_header x-exchange-site "${identity.site}" always;\nadd_header x-exchange-node "${identity.node}" always;\n` },
        ...(identity.volumeKey ? [{ path: `${ETC}/volume.key`, permissions: "0400", content: identity.volumeKey }] : []),
    ];
    const document = {
        package_update: true,
        packages: ["docker.io", "nginx", "cryptsetup"],
        write_files: [
            ...perNodeFiles,
            { path: `${TLS_DIR}/origin.crt`, permissions: "0644", content: tls.certificatePem },
            { path: `${TLS_DIR}/origin.key`, permissions: "0600", content: tls.privateKeyPem },
            ...(tls.clientCaPem ? [{ path: ORIGIN_PULL_CA, permissions: "0644", content: tls.clientCaPem }] : []),
            { path: `${ETC}/node.env`, permissions: "0600", content: envFile({ ...node.env, ...secretEnv }) },
            { path: "/usr/local/sbin/exchange-data-volume", permissions: "0755", content: DATA_VOLUME_SCRIPT },
            { path: "/etc/systemd/system/exchange-data.service", permissions: "0644", content: DATA_UNIT },
            { path: "/etc/systemd/system/exchange-node.service", permissions: "0644", content: containerUnit(node) },
            { path: "/etc/nginx/sites-available/exchange", permissions: "0644", content: nginxSite(node, tls.clientCaPem !== undefined) },
        ],
        runcmd: [
            ["ln", "-sf", "/etc/nginx/sites-available/exchange", "/etc/nginx/sites-enabled/exchange"],
            ["rm", "-f", "/etc/nginx/sites-enabled/default"],
            ["systemctl", "daemon-reload"],
            ["systemctl", "enable", "--now", "exchange-data.service", "docker.service", "exchange-node.service"],
            ["systemctl", "restart", "nginx"],
        ],
    };
    return `#cloud-config\n${stringify(document, { lineWidth: 0 })}`;
}
