import { answered, providerOfSite, type ProbeRecord } from "./probe";

/** How traffic moved after an event (the cut, or the restore), seen from outside. */
export interface Movement {
    /** From the event to the first probe answered by the wanted side. */
    firstMs?: number;
    /** From the event to the first probe from which on every probe is answered by the wanted side. */
    allMs?: number;
    /** Probes between the event and `allMs` that got no answer (error, timeout or non-2xx). */
    failedRequests: number;
    /** Probes started after the event and before the next one. */
    probes: number;
}

/**
 * Measures, over probes started in [fromMs, untilMs), when answers came from the side `wanted` accepts.
 * A probe is good when it was answered (2xx) by a site `wanted` accepts; `allMs` is when the last bad one is behind.
 */
export function measureMovement(records: ProbeRecord[], fromMs: number, untilMs: number, wanted: (provider: string) => boolean): Movement {
    const window = records.filter((record) => record.startedMs >= fromMs && record.startedMs < untilMs).sort((a, b) => a.startedMs - b.startedMs);
    const good = (record: ProbeRecord) => answered(record) && wanted(providerOfSite(record.site));
    const first = window.find(good);
    let lastBad = -1;
    window.forEach((record, index) => {
        if (!good(record)) {
            lastBad = index;
        }
    });
    const settled = lastBad + 1 < window.length ? window[lastBad + 1] : undefined;
    return {
        firstMs: first && first.startedMs - fromMs,
        allMs: settled && settled.startedMs - fromMs,
        failedRequests: window.slice(0, lastBad + 1).filter((record) => !answered(record)).length,
        probes: window.length,
    };
}

/** True once the last `settleMs` of probes (and at least one) were all good. */
export function settled(records: ProbeRecord[], nowMs: number, settleMs: number, wanted: (provider: string) => boolean, sinceMs: number): boolean {
    const recent = records.filter((record) => record.startedMs >= Math.max(sinceMs, nowMs - settleMs) && record.startedMs + record.durationMs <= nowMs);
    const covered = nowMs - sinceMs >= settleMs;
    return covered && recent.length > 0 && recent.every((record) => answered(record) && wanted(providerOfSite(record.site)));
}

/** Answers from one side over a stretch of the drill. */
export interface Answers {
    count: number;
    /** When the last probe that side answered started, on the records' clock. */
    lastStartedMs?: number;
}

/** The probes started in [fromMs, untilMs) that a site of the side `from` accepts answered (2xx). */
export function answersFrom(records: ProbeRecord[], fromMs: number, untilMs: number, from: (provider: string) => boolean): Answers {
    const answers = records.filter((record) => record.startedMs >= fromMs && record.startedMs < untilMs && answered(record) && from(providerOfSite(record.site)));
    return { count: answers.length, lastStartedMs: answers.reduce<number | undefined>((last, record) => Math.max(last ?? record.startedMs, record.startedMs), undefined) };
}
