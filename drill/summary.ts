import type { Movement } from "./measure";
import type { DrillResult } from "./run";

export interface PlanFigure {
    worstCaseSeconds: number;
    formula: string;
}

function seconds(ms: number | undefined): string {
    return ms === undefined ? "not reached" : `${(ms / 1000).toFixed(2)} s`;
}

function movement(label: string, measured: Movement | undefined, intervalMs: number): string[] {
    if (!measured) {
        return [`${label}: not measured`];
    }
    return [
        `${label}:`,
        `  first answer from the other side  ${seconds(measured.firstMs)}`,
        `  all answers from the other side   ${seconds(measured.allMs)}`,
        `  failed requests in between        ${measured.failedRequests} of ${measured.probes} (probe every ${intervalMs} ms; figures are ± one interval)`,
    ];
}

/** What the cut provider still answered after the cut, and what kind of cut it was. */
function afterTheCut(result: DrillResult, provider: string, intervalMs: number): string[] {
    const answers = result.answersAfterCut;
    const lines: string[] = [];
    if (answers && result.cutAtMs !== undefined) {
        const last = answers.lastStartedMs === undefined ? "" : `, the last ${seconds(answers.lastStartedMs - result.cutAtMs)} after the cut`;
        lines.push(`Answers ${provider} still gave after the cut: ${answers.count}${last}`);
        if (result.failoverFromLastAnswer) {
            lines.push(...movement(`Failover away from ${provider}, from its last answer`, result.failoverFromLastAnswer, intervalMs));
        }
    }
    lines.push(result.cut.kind === "hard"
        ? `The cut is hard on ${provider}: ${result.cut.why}.`
        : `The cut is soft on ${provider}: ${result.cut.why}. Connections Cloudflare already holds open to its origins may go on being served while new ones are refused, so the figures may under-count failed requests: `
            + "these probes reach one Cloudflare data centre and keep its connections to the origins warm, while clients through other data centres or on new connections fail sooner, and a real outage ends every connection at once.");
    return lines;
}

/** The drill's findings next to the plan's computed worst case. */
export function summarize(result: DrillResult, provider: string, plan: PlanFigure, intervalMs: number, restoreCommand: string): string {
    const within = result.failover?.allMs !== undefined && result.failover.allMs / 1000 <= plan.worstCaseSeconds;
    return [
        `Failover drill: ${provider} cut off${result.interrupted ? " (interrupted)" : ""}`,
        `  before the cut, traffic was served by ${result.sitesSeen.join(", ") || "nobody"}`,
        ...movement(`Failover away from ${provider}, from the cut`, result.failover, intervalMs),
        ...afterTheCut(result, provider, intervalMs),
        ...movement(result.servedBefore ? `Failback to ${provider}` : `After restoring ${provider} (it was not serving before, so its return is not visible from outside)`, result.failback, intervalMs),
        `Plan's worst case: ${plan.worstCaseSeconds} s (${plan.formula}); measured ${seconds(result.failover?.allMs)}: ${within ? "within" : "NOT within"} the plan`,
        `${provider} restored: ${result.restored ? "yes" : `NO — restore it now: ${restoreCommand}`}`,
    ].join("\n");
}
