import { setTimeout as sleep } from "timers/promises";
import type { ProviderCut } from "./cuts";
import { answersFrom, measureMovement, settled, type Answers, type Movement } from "./measure";
import { answered, Prober, providerOfSite, type ProbeRecord } from "./probe";

/** A real fault on one provider, and its undoing. Each resolves once the change is in effect. */
export interface Fault {
    /** Whether the cut also ends connections already open to the provider: a soft one lets them go on being served. */
    readonly cut: ProviderCut;
    isolate(): Promise<void>;
    restore(): Promise<void>;
}

export interface DrillOptions {
    url: string;
    /** The provider to cut off. */
    provider: string;
    intervalMs: number;
    timeoutMs: number;
    /** How long to wait for traffic to move, after the cut and after the restore. */
    maxWaitMs: number;
    /** How long traffic must stay where it moved to before the drill calls it settled. */
    settleMs: number;
    fault: Fault;
    /** Cloudflare's view of each site's pool, for the sites the hostname does not show (failover steering serves one at a time). */
    poolHealth?: () => Promise<Record<string, boolean>>;
    log: (message: string) => void;
    signal?: AbortSignal;
}

export interface DrillResult {
    sitesSeen: string[];
    poolHealth?: Record<string, boolean>;
    /** Whether the provider was serving traffic before the cut: only then is failback visible from outside. */
    servedBefore: boolean;
    cutAtMs?: number;
    restoreAtMs?: number;
    cut: ProviderCut;
    failover?: Movement;
    /** What the cut provider still answered after the cut, until the restore. */
    answersAfterCut?: Answers;
    /** Failover measured from the cut provider's last answer after the cut, when there was one. */
    failoverFromLastAnswer?: Movement;
    failback?: Movement;
    records: ProbeRecord[];
    interrupted: boolean;
    restored: boolean;
}

export class PreflightError extends Error {}

async function waitUntil(done: () => boolean, maxWaitMs: number, intervalMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    while (!done() && Date.now() < deadline) {
        await sleep(intervalMs, undefined, { signal });
    }
}

/**
 * Probes the public hostname throughout; cuts the provider off, measures until traffic has left it, restores it and
 * measures the way back. The provider is always restored, on error and on interruption too.
 */
export async function runDrill(options: DrillOptions): Promise<DrillResult> {
    const { intervalMs, settleMs, maxWaitMs, signal, log } = options;
    const prober = new Prober(options.url, intervalMs, options.timeoutMs);
    const isFailed = (provider: string) => provider === options.provider;
    const isOther = (provider: string) => !isFailed(provider);
    const result: DrillResult = { sitesSeen: [], servedBefore: false, cut: options.fault.cut, records: prober.records, interrupted: false, restored: false };
    let isolated = false;
    prober.start();
    try {
        await sleep(Math.max(settleMs, 5 * intervalMs), undefined, { signal });
        const before = prober.records.filter(answered);
        result.sitesSeen = [...new Set(before.map((record) => record.site))].sort();
        if (before.length === 0) {
            throw new PreflightError(`${options.url} does not answer: nothing to drill against`);
        }
        result.poolHealth = await options.poolHealth?.();
        const unhealthy = Object.entries(result.poolHealth ?? {}).filter(([, healthy]) => !healthy).map(([site]) => site);
        if (unhealthy.length > 0) {
            throw new PreflightError(`Cloudflare reports pools ${unhealthy.join(", ")} unhealthy before the drill: fix them first`);
        }
        result.servedBefore = before.some((record) => isFailed(providerOfSite(record.site)));
        log(`preflight: answered by ${result.sitesSeen.join(", ")}${result.poolHealth ? `; Cloudflare reports ${Object.keys(result.poolHealth).length} pools healthy` : ""}`);

        // The pool-health request does not listen to the signal: an interruption during it must still stop the cut.
        signal?.throwIfAborted();
        log(`cutting ${options.provider} off${result.cut.kind === "soft" ? " (a soft cut: open connections may survive it)" : ""}…`);
        isolated = true;
        await options.fault.isolate();
        const cutAt = prober.now();
        result.cutAtMs = cutAt;
        log(`${options.provider} cut off at ${(cutAt / 1000).toFixed(2)} s; waiting for traffic to leave it`);
        await waitUntil(() => settled(prober.records, prober.now(), settleMs, isOther, cutAt), maxWaitMs, intervalMs, signal);

        log(`restoring ${options.provider}…`);
        await options.fault.restore();
        isolated = false;
        result.restored = true;
        const restoreAt = prober.now();
        result.restoreAtMs = restoreAt;
        log(`${options.provider} restored at ${(restoreAt / 1000).toFixed(2)} s`);
        if (result.servedBefore) {
            await waitUntil(() => settled(prober.records, prober.now(), settleMs, isFailed, restoreAt), maxWaitMs, intervalMs, signal);
        } else {
            await sleep(settleMs, undefined, { signal });
        }
        result.failback = measureMovement(prober.records, restoreAt, Infinity, result.servedBefore ? isFailed : () => true);
    } catch (error) {
        const interruption = signal?.aborted === true && (error === signal.reason || (error as Error).name === "AbortError");
        if (!interruption) {
            throw error;
        }
        result.interrupted = true;
    } finally {
        await prober.stop();
        // Measured once every probe has come back: those still in flight at the restore count too.
        if (result.cutAtMs !== undefined && result.restoreAtMs !== undefined) {
            result.failover = measureMovement(prober.records, result.cutAtMs, result.restoreAtMs, isOther);
            result.answersAfterCut = answersFrom(prober.records, result.cutAtMs, result.restoreAtMs, isFailed);
            if (result.answersAfterCut.lastStartedMs !== undefined) {
                result.failoverFromLastAnswer = measureMovement(prober.records, result.answersAfterCut.lastStartedMs, result.restoreAtMs, isOther);
            }
        }
        if (isolated) {
            log(`restoring ${options.provider} after ${result.interrupted ? "interruption" : "an error"}…`);
            await options.fault.restore();
            result.restored = true;
            log(`${options.provider} restored`);
        }
    }
    return result;
}
