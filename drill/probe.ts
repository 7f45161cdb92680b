import { performance } from "perf_hooks";

const SITE_HEADER = "x-exchange-site";
/** Sites are `<provider>/<region>`; anything longer than this is not one, and is cut short. */
const SITE_MAX_LENGTH = 100;

/** One request to the public hostname. Times are milliseconds since the drill started. */
export interface ProbeRecord {
    startedMs: number;
    durationMs: number;
    /** HTTP status, or 0 when the request failed or timed out. */
    status: number;
    /** `<provider>/<region>` from the `x-exchange-site` header, or "" without an answer. */
    site: string;
    error?: string;
}

/** The header is whatever the origin (or anything in between) sends: printable ASCII only, so it cannot drive a terminal. */
function siteFromHeader(value: string | null): string {
    return (value ?? "").replace(/[^\x20-\x7e]/g, "?").slice(0, SITE_MAX_LENGTH);
}

export function providerOfSite(site: string): string {
    return site.split("/")[0];
}

export function answered(record: ProbeRecord): boolean {
    return record.status >= 200 && record.status < 300;
}

/**
 * Probes a URL on a fixed schedule: request k starts at k × interval, whether or not earlier ones have finished,
 * so a hanging origin shows as a run of timeouts rather than as a gap.
 */
export class Prober {
    readonly records: ProbeRecord[] = [];
    private readonly origin = performance.now();
    private timer?: NodeJS.Timeout;
    private count = 0;
    private readonly inflight = new Set<Promise<void>>();

    constructor(private readonly url: string, private readonly intervalMs: number, private readonly timeoutMs: number) {}

    /** Milliseconds since the drill started, on the same clock as the records. */
    now(): number {
        return performance.now() - this.origin;
    }

    start(): void {
        const tick = () => {
            const request = this.probe().finally(() => this.inflight.delete(request));
            this.inflight.add(request);
            this.count++;
            this.timer = setTimeout(tick, Math.max(0, this.count * this.intervalMs - this.now()));
        };
        tick();
    }

    async stop(): Promise<void> {
        clearTimeout(this.timer);
        await Promise.all(this.inflight);
        this.records.sort((a, b) => a.startedMs - b.startedMs);
    }

    private async probe(): Promise<void> {
        const startedMs = this.now();
        try {
            const response = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { "cache-control": "no-cache" } });
            await response.arrayBuffer();
            this.records.push({ startedMs, durationMs: this.now() - startedMs, status: response.status, site: siteFromHeader(response.headers.get(SITE_HEADER)) });
        } catch (error) {
            const cause = (error as { cause?: { code?: string } }).cause?.code;
            this.records.push({ startedMs, durationMs: this.now() - startedMs, status: 0, site: "", error: cause ?? (error as Error).name });
        }
    }
}
