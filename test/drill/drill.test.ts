import * as http from "http";
import type { AddressInfo } from "net";
import { toCsv, toSvg } from "../../drill/artifacts";
import { PreflightError, runDrill, type Fault } from "../../drill/run";

const INTERVAL = 100;
/** Known behaviour of the stand-in edge: how long it keeps sending to the dead site, and how long failback takes. */
const DETECT_MS = 800;
const FAILBACK_MS = 500;

type Route = "aws" | "gcp" | "dead";

function listen(handler: http.RequestListener): Promise<http.Server> {
    const server = http.createServer(handler);
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function port(server: http.Server): number {
    return (server.address() as AddressInfo).port;
}

/** Two sites and an edge in front of them that switches over at known times, as Cloudflare would after detection. */
async function standIns() {
    const site = (name: string) => listen((_, response) => response.writeHead(200, { "x-exchange-site": name }).end("ok"));
    const aws = await site("aws/eu-central-1");
    const gcp = await site("gcp/europe-west1");
    let route: Route = "aws";
    const edge = await listen((request, response) => {
        if (route === "dead") {
            response.writeHead(522).end();
            return;
        }
        const upstream = http.request({ host: "127.0.0.1", port: port(route === "aws" ? aws : gcp), path: request.url }, (answer) => {
            response.writeHead(answer.statusCode!, answer.headers);
            answer.pipe(response);
        });
        upstream.end();
    });
    const calls: string[] = [];
    const timers: NodeJS.Timeout[] = [];
    const fault: Fault = {
        isolate: async () => {
            calls.push("isolate");
            route = "dead";
            timers.push(setTimeout(() => { route = "gcp"; }, DETECT_MS));
        },
        restore: async () => {
            calls.push("restore");
            timers.push(setTimeout(() => { route = "aws"; }, FAILBACK_MS));
        },
    };
    return {
        url: `http://127.0.0.1:${port(edge)}/healthz`,
        fault,
        calls,
        close: () => {
            timers.forEach(clearTimeout);
            [aws, gcp, edge].forEach((server) => server.close());
        },
    };
}

const options = { provider: "aws", intervalMs: INTERVAL, timeoutMs: 1000, maxWaitMs: 5000, settleMs: 500, log: () => undefined };

test("measures failover and failback to within the probe interval of the known switch-over times", async () => {
    const env = await standIns();
    try {
        const result = await runDrill({ ...options, url: env.url, fault: env.fault });
        expect(result.sitesSeen).toEqual(["aws/eu-central-1"]);
        expect(result.servedBefore).toBe(true);
        expect(env.calls).toEqual(["isolate", "restore"]);
        expect(Math.abs(result.failover!.firstMs! - DETECT_MS)).toBeLessThanOrEqual(INTERVAL);
        expect(Math.abs(result.failover!.allMs! - DETECT_MS)).toBeLessThanOrEqual(INTERVAL);
        expect(Math.abs(result.failover!.failedRequests - DETECT_MS / INTERVAL)).toBeLessThanOrEqual(1);
        expect(Math.abs(result.failback!.firstMs! - FAILBACK_MS)).toBeLessThanOrEqual(INTERVAL);
        expect(result.failback!.failedRequests).toBe(0);
        expect(result.restored).toBe(true);
    } finally {
        env.close();
    }
});

test("restores the provider when interrupted", async () => {
    const env = await standIns();
    const controller = new AbortController();
    const isolate = env.fault.isolate;
    env.fault.isolate = async () => {
        await isolate();
        setTimeout(() => controller.abort(), 100);
    };
    try {
        const result = await runDrill({ ...options, url: env.url, fault: env.fault, signal: controller.signal });
        expect(result.interrupted).toBe(true);
        expect(result.restored).toBe(true);
        expect(env.calls).toEqual(["isolate", "restore"]);
    } finally {
        env.close();
    }
});

test("restores the provider when the drill fails after the cut, and says so", async () => {
    const env = await standIns();
    const messages: string[] = [];
    env.fault.isolate = async () => {
        env.calls.push("isolate");
        throw new Error("pulumi up failed half-way");
    };
    try {
        await expect(runDrill({ ...options, url: env.url, fault: env.fault, log: (message) => messages.push(message) })).rejects.toThrow("pulumi up failed half-way");
        expect(env.calls).toEqual(["isolate", "restore"]);
        expect(messages).toContain("aws restored");
    } finally {
        env.close();
    }
});

test("refuses to cut anything when the hostname does not answer or a pool is already unhealthy", async () => {
    const env = await standIns();
    try {
        await expect(runDrill({ ...options, url: "http://127.0.0.1:9/healthz", fault: env.fault })).rejects.toThrow(PreflightError);
        await expect(runDrill({ ...options, url: env.url, fault: env.fault, poolHealth: async () => ({ "aws-fra": true, "gcp-bel": false }) })).rejects.toThrow("gcp-bel unhealthy");
        expect(env.calls).toEqual([]);
    } finally {
        env.close();
    }
});

test("writes the probe log as CSV and plots the serving site over time", () => {
    const records = [
        { startedMs: 0, durationMs: 3, status: 200, site: "aws/eu-central-1" },
        { startedMs: 50, durationMs: 1000, status: 0, site: "", error: "TimeoutError" },
        { startedMs: 100, durationMs: 4, status: 200, site: "gcp/europe-west1" },
    ];
    expect(toCsv(records)).toBe("started_ms,duration_ms,status,site,error\n0.0,3.0,200,aws/eu-central-1,\n50.0,1000.0,0,,TimeoutError\n100.0,4.0,200,gcp/europe-west1,\n");
    const svg = toSvg(records, [{ label: "cut aws", atMs: 40 }]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain(">no answer</text>");
    expect(svg).toContain(">cut aws</text>");
});
