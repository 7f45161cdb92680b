/**
 * The node's nginx site, as cloud-init writes it, served by a real nginx in front of a backend that tries to forge the
 * site headers, and called with curl presenting real client certificates made with openssl.
 *
 * What differs from a node, and why: the schema allows only the ports Cloudflare proxies (443, 2053, …), which a test
 * cannot count on being free, and the site reads /etc/exchange. So after rendering, and only then, the `listen` lines
 * are rewritten to one free port on 127.0.0.1 (the [::] one is dropped: the test binds to 127.0.0.1 only), and
 * /etc/exchange is moved to a temporary directory. Everything else in the site is used exactly as rendered.
 */
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as path from "path";
import { parse } from "yaml";
import { renderCloudInit, SITE_HEADERS } from "../components/cloudInit";
import type { OriginTlsMaterial } from "../components/originTls";
import type { NodeSpec } from "../config/schema";
import { must, requireTools, run, start, tempDir, testWhen, type Started } from "./support/realTools";

const reason = requireTools(["nginx", "openssl", "curl"]);
const maybe = testWhen(reason, "nginx site tests");

const SITE = "aws/eu-central-1";
const NODE_NAME = "aws-fra-node-0";
const HEALTH_PATH = "/healthz";

interface WriteFile {
    path: string;
    content: string;
}

interface Pki {
    server: { cert: string; key: string };
    originPullCa: string;
    client: { cert: string; key: string };
    foreignClient: { cert: string; key: string };
}

/** A server certificate, the origin-pull CA with a client certificate, and an unrelated CA with one of its own. */
function makePki(dir: string): Pki {
    const file = (name: string) => path.join(dir, name);
    const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    const selfSigned = (name: string, subject: string, extensions: string[]) =>
        must("openssl", ["req", "-x509", ...ecKey, "-keyout", file(`${name}.key`), "-out", file(`${name}.crt`), "-days", "2", "-subj", subject, ...extensions]);
    const clientOf = (name: string, ca: string) => {
        must("openssl", ["req", "-new", ...ecKey, "-keyout", file(`${name}.key`), "-out", file(`${name}.csr`), "-subj", `/CN=${name}`]);
        fs.writeFileSync(file(`${name}.ext`), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n");
        must("openssl", ["x509", "-req", "-in", file(`${name}.csr`), "-CA", file(`${ca}.crt`), "-CAkey", file(`${ca}.key`), "-CAcreateserial",
            "-days", "2", "-extfile", file(`${name}.ext`), "-out", file(`${name}.crt`)]);
        return { cert: file(`${name}.crt`), key: file(`${name}.key`) };
    };
    selfSigned("server", "/CN=node.exchange.test", ["-addext", "subjectAltName=DNS:node.exchange.test"]);
    selfSigned("origin-pull-ca", "/CN=Exchange origin-pull CA", ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]);
    selfSigned("foreign-ca", "/CN=Some other CA", ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]);
    return {
        server: { cert: file("server.crt"), key: file("server.key") },
        originPullCa: file("origin-pull-ca.crt"),
        client: clientOf("cloudflare-client", "origin-pull-ca"),
        foreignClient: clientOf("foreign-client", "foreign-ca"),
    };
}

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

/** Temp-path directives for the proxy modules this nginx was built with (nginx creates their directories at start). */
function tempPathDirectives(dir: string): string {
    const built = run("nginx", ["-V"]);
    const configure = `${built.stdout}${built.stderr}`;
    return ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
        .filter((module) => module === "client_body" || !configure.includes(`--without-http_${module}_module`))
        .map((module) => `    ${module}_temp_path ${path.join(dir, `${module}-temp`)};\n`)
        .join("");
}

/** One node's nginx: the rendered site and /etc/exchange files in a temporary prefix, and the nginx serving them. */
interface NginxNode {
    dir: string;
    port: number;
    site: string;
    configTest: { status: number | null; output: string };
    process?: Started;
}

async function prepareNode(dir: string, node: NodeSpec, tls: OriginTlsMaterial): Promise<NginxNode> {
    const userData = renderCloudInit({ identity: { site: SITE, node: NODE_NAME, dataDevice: "/dev/sdb" }, node, tls, secretEnv: {} });
    const files = new Map((parse(userData) as { write_files: WriteFile[] }).write_files.map((file) => [file.path, file.content]));
    const etc = path.join(dir, "etc-exchange");
    for (const [filePath, content] of files) {
        if (filePath.startsWith("/etc/exchange/")) {
            const target = path.join(etc, filePath.slice("/etc/exchange/".length));
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, content, { mode: 0o600 });
        }
    }
    const rendered = files.get("/etc/nginx/sites-available/exchange");
    if (rendered === undefined) {
        throw new Error("the user data writes no /etc/nginx/sites-available/exchange");
    }
    // The only changes to the rendered site (see the header): the listen port and address, and /etc/exchange.
    const port = await freePort();
    let ipv4Listens = 0;
    const site = rendered
        .replace(/^(\s*)listen\s+(\[::\]:)?(\d+)\b([^;]*);\n/gm, (_line, indent: string, ipv6: string | undefined, listenPort: string, rest: string) => {
            expect(Number(listenPort)).toBe(node.port);
            if (ipv6) {
                return "";
            }
            ipv4Listens++;
            return `${indent}listen 127.0.0.1:${port}${rest};\n`;
        })
        .replaceAll("/etc/exchange/", `${etc}/`);
    expect(ipv4Listens).toBe(1);
    expect(site).not.toContain("/etc/exchange");
    const sitePath = path.join(dir, "site-exchange");
    fs.writeFileSync(sitePath, site);
    fs.writeFileSync(path.join(dir, "nginx.conf"), `daemon off;
master_process off;
worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} info;
events {
    worker_connections 64;
}
http {
    access_log ${path.join(dir, "access.log")};
${tempPathDirectives(dir)}    include ${sitePath};
}
`);
    const configTest = run("nginx", nginxArgs(dir, ["-t"]));
    return { dir, port, site, configTest: { status: configTest.status, output: `${configTest.stdout}${configTest.stderr}` } };
}

function nginxArgs(dir: string, extra: string[] = []): string[] {
    return [...extra, "-p", `${dir}/`, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")];
}

async function startNginx(node: NginxNode): Promise<void> {
    if (node.configTest.status !== 0) {
        throw new Error(`nginx -t failed for ${node.dir}:\n${node.configTest.output}`);
    }
    node.process = start("nginx", nginxArgs(node.dir));
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
        if (node.process.child.exitCode !== null) {
            break;
        }
        const connected = await new Promise<boolean>((resolve) => {
            const socket = net.connect(node.port, "127.0.0.1", () => {
                socket.destroy();
                resolve(true);
            });
            socket.on("error", () => resolve(false));
        });
        if (connected) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const errorLog = fs.existsSync(path.join(node.dir, "error.log")) ? fs.readFileSync(path.join(node.dir, "error.log"), "utf8") : "";
    throw new Error(`nginx did not start listening on 127.0.0.1:${node.port}:\n${node.process.output.stderr}${errorLog}`);
}

async function stopNginx(node: NginxNode | undefined): Promise<void> {
    if (node?.process && node.process.child.exitCode === null && node.process.child.signalCode === null) {
        node.process.child.kill("SIGTERM");
        await node.process.done;
    }
}

interface Response {
    status: number;
    protocol: string;
    /** Every header line, names lower-cased, in order; repeated headers stay repeated. */
    headers: [string, string][];
}

let probeCount = 0;
/**
 * A request with curl, optionally presenting a client certificate; a fresh process, so no TLS session is reused. It
 * runs in the background: the backend answers from this process's event loop.
 */
async function request(node: NginxNode, urlPath: string, options: { client?: { cert: string; key: string }; http?: "--http1.1" | "--http2" } = {}): Promise<Response & { probe: string }> {
    const probe = `probe-${++probeCount}`;
    const separator = urlPath.includes("?") ? "&" : "?";
    const result = await start("curl", [
        "--silent", "--show-error", "--insecure", "--max-time", "5", options.http ?? "--http2",
        ...(options.client ? ["--cert", options.client.cert, "--key", options.client.key] : []),
        "--output", "/dev/null", "--dump-header", "-",
        "--header", "CF-Connecting-IP: 203.0.113.7",
        `https://127.0.0.1:${node.port}${urlPath}${separator}${probe}`,
    ]).done;
    if (result.status !== 0) {
        throw new Error(`curl ${urlPath} exited ${result.status}: ${result.stderr}`);
    }
    const lines = result.stdout.split("\r\n").filter(Boolean);
    const [protocol, status] = lines[0].split(" ");
    const headers = lines.slice(1).map((line): [string, string] => {
        const at = line.indexOf(":");
        return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
    });
    return { status: Number(status), protocol, headers, probe };
}

function headerValues(response: Response, name: string): string[] {
    return response.headers.filter(([header]) => header === name).map(([, value]) => value);
}

describe("nginx site", () => {
    const node: NodeSpec = {
        image: "ghcr.io/example/exchange-node:1.0.0",
        port: 443,
        containerPort: 8080, // replaced by the backend's real port in beforeAll
        healthPath: HEALTH_PATH,
        env: {},
        readOnlyRoot: false,
    };
    let dir: string;
    let pki: Pki;
    let backend: http.Server;
    /** What reached the container: the probe id of every request, with the headers nginx passed on. */
    const received = new Map<string, http.IncomingHttpHeaders & { url?: string }>();
    let withAop: NginxNode;
    let withoutAop: NginxNode;

    beforeAll(async () => {
        if (reason) {
            return;
        }
        dir = tempDir("nginx-site");
        pki = makePki(dir);
        backend = http.createServer((req, res) => {
            const probe = /[?&](probe-\d+)/.exec(req.url ?? "")?.[1];
            if (probe) {
                received.set(probe, { ...req.headers, url: req.url });
            }
            // A container that tries to pass itself off as another site and node.
            res.writeHead(200, { "content-type": "text/plain", "x-exchange-site": "forged", "x-exchange-node": "forged" });
            res.end("ok\n");
        });
        await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
        node.containerPort = (backend.address() as net.AddressInfo).port;

        const pem = (file: string) => fs.readFileSync(file, "utf8");
        const material: OriginTlsMaterial = { certificatePem: pem(pki.server.cert), privateKeyPem: pem(pki.server.key) };
        const aopDir = path.join(dir, "with-aop");
        const openDir = path.join(dir, "without-aop");
        fs.mkdirSync(aopDir);
        fs.mkdirSync(openDir);
        withAop = await prepareNode(aopDir, node, { ...material, clientCaPem: pem(pki.originPullCa) });
        withoutAop = await prepareNode(openDir, node, material);
        await startNginx(withAop);
        await startNginx(withoutAop);
    });

    afterAll(async () => {
        await stopNginx(withAop);
        await stopNginx(withoutAop);
        if (backend) {
            await new Promise<void>((resolve) => backend.close(() => resolve()));
        }
        if (dir) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    maybe("nginx -t accepts the rendered site, with and without Authenticated Origin Pulls", () => {
        for (const rendered of [withAop, withoutAop]) {
            expect(rendered.configTest.output).toContain("syntax is ok");
            expect(rendered.configTest.status).toBe(0);
        }
        expect(withAop.site).toContain("ssl_verify_client");
        expect(withoutAop.site).not.toContain("ssl_verify_client");
    });

    maybe("with Authenticated Origin Pulls, the health path is open to anyone, with or without a certificate", async () => {
        for (const client of [undefined, pki.foreignClient, pki.client]) {
            const response = await request(withAop, HEALTH_PATH, { client });
            expect(response.status).toBe(200);
            expect(received.has(response.probe)).toBe(true);
        }
    });

    maybe("with Authenticated Origin Pulls, everything else needs the origin-pull CA's client certificate", async () => {
        for (const urlPath of ["/", "/api/orders", `${HEALTH_PATH}/more`, `${HEALTH_PATH}x`]) {
            for (const client of [undefined, pki.foreignClient]) {
                const refused = await request(withAop, urlPath, { client });
                expect({ urlPath, client: client?.cert, status: refused.status }).toEqual({ urlPath, client: client?.cert, status: 403 });
                // Refused by nginx: the request never reached the container.
                expect(received.has(refused.probe)).toBe(false);
            }
            const admitted = await request(withAop, urlPath, { client: pki.client });
            expect(admitted.status).toBe(200);
            expect(received.has(admitted.probe)).toBe(true);
        }
    });

    maybe("without Authenticated Origin Pulls, / is served without a client certificate", async () => {
        for (const urlPath of ["/", HEALTH_PATH]) {
            const response = await request(withoutAop, urlPath);
            expect(response.status).toBe(200);
            expect(received.has(response.probe)).toBe(true);
        }
    });

    maybe("the container gets the original host, the Cloudflare client address and the scheme", async () => {
        const response = await request(withAop, "/api/orders", { client: pki.client });
        expect(received.get(response.probe)).toMatchObject({ host: "127.0.0.1", "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" });
    });

    maybe("every response names the site and node once, from site-headers.conf, never the container's forgery", async () => {
        const headersConf = fs.readFileSync(path.join(withAop.dir, "etc-exchange", "site-headers.conf"), "utf8");
        expect(headersConf).toContain(`x-exchange-site "${SITE}"`);
        expect(headersConf).toContain(`x-exchange-node "${NODE_NAME}"`);
        const expected: Record<(typeof SITE_HEADERS)[number], string> = { "x-exchange-site": SITE, "x-exchange-node": NODE_NAME };
        const cases: [NginxNode, string, { cert: string; key: string } | undefined, number][] = [
            [withAop, HEALTH_PATH, undefined, 200],
            [withAop, HEALTH_PATH, pki.foreignClient, 200],
            [withAop, "/", undefined, 403],
            [withAop, "/", pki.foreignClient, 403],
            [withAop, "/", pki.client, 200],
            [withoutAop, "/", undefined, 200],
            [withoutAop, HEALTH_PATH, undefined, 200],
        ];
        for (const http of ["--http1.1", "--http2"] as const) {
            for (const [target, urlPath, client, status] of cases) {
                const response = await request(target, urlPath, { client, http });
                expect(response.protocol).toBe(http === "--http2" ? "HTTP/2" : "HTTP/1.1");
                expect(response.status).toBe(status);
                for (const header of SITE_HEADERS) {
                    expect({ urlPath, http, header, values: headerValues(response, header) }).toEqual({ urlPath, http, header, values: [expected[header]] });
                }
            }
        }
    });
});
