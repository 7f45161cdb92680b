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

/** The drill's findings next to the plan's computed worst case. */
export function summarize(result: DrillResult, provider: string, plan: PlanFigure, intervalMs: number, isolateKey: string): string {
    const within = result.failover?.allMs !== undefined && result.failover.allMs / 1000 <= plan.worstCaseSeconds;
    return [
        `Failover drill: ${provider} cut off${result.interrupted ? " (interrupted)" : ""}`,
        `  before the cut, traffic was served by ${result.sitesSeen.join(", ") || "nobody"}`,
        ...movement(`Failover away from ${provider}`, result.failover, intervalMs),
        ...movement(result.servedBefore ? `Failback to ${provider}` : `After restoring ${provider} (it was not serving before, so its return is not visible from outside)`, result.failback, intervalMs),
        `Plan's worst case: ${plan.worstCaseSeconds} s (${plan.formula}); measured ${seconds(result.failover?.allMs)}: ${within ? "within" : "NOT within"} the plan`,
        `${provider} restored: ${result.restored ? "yes" : `NO — restore it now: pulumi config rm ${isolateKey} && pulumi up`}`,
    ].join("\n");
}
