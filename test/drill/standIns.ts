import * as http from "http";
import type { AddressInfo } from "net";
import type { ProviderCut } from "../../drill/cuts";
import type { Fault } from "../../drill/run";

/** Which site the stand-in edge sends requests to, or "dead" for Cloudflare's 522 when the origin does not answer. */
type Route = "aws" | "gcp" | "dead";
/** Route changes, each in milliseconds after the cut (or the restore) went through. */
type Timeline = [atMs: number, route: Route][];

const SITES: Record<Exclude<Route, "dead">, string> = { aws: "aws/eu-central-1", gcp: "gcp/europe-west1" };

export function listen(handler: http.RequestListener): Promise<http.Server> {
    const server = http.createServer(handler);
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export function urlOf(server: http.Server, path = "/healthz"): string {
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
}

/**
 * Two sites and an edge in front of them that follows a known timeline after the cut and after the restore, as
 * Cloudflare would after detection. A step at 0 ms takes effect before the fault's change resolves.
 */
export async function standIns(options: { serving: Route; cut: ProviderCut; afterCut: Timeline; afterRestore: Timeline }) {
    const site = (name: string) => listen((_, response) => response.writeHead(200, { "x-exchange-site": name }).end("ok"));
    const origins = { aws: await site(SITES.aws), gcp: await site(SITES.gcp) };
    let route = options.serving;
    const edge = await listen((request, response) => {
        if (route === "dead") {
            response.writeHead(522).end();
            return;
        }
        http.request(urlOf(origins[route], request.url), (answer) => {
            response.writeHead(answer.statusCode!, answer.headers);
            answer.pipe(response);
        }).end();
    });
    const calls: string[] = [];
    const timers: NodeJS.Timeout[] = [];
    const follow = (timeline: Timeline) => {
        for (const [atMs, next] of timeline) {
            if (atMs === 0) {
                route = next;
            } else {
                timers.push(setTimeout(() => { route = next; }, atMs));
            }
        }
    };
    const fault: Fault = {
        cut: options.cut,
        isolate: async () => {
            calls.push("isolate");
            follow(options.afterCut);
        },
        restore: async () => {
            calls.push("restore");
            follow(options.afterRestore);
        },
    };
    return {
        url: urlOf(edge),
        fault,
        calls,
        close: () => {
            timers.forEach(clearTimeout);
            [origins.aws, origins.gcp, edge].forEach((server) => server.close());
        },
    };
}
