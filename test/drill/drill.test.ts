import { cutOf, PROVIDER_CUTS } from "../../drill/cuts";
import { PreflightError, runDrill } from "../../drill/run";
import { summarize } from "../../drill/summary";
import { standIns } from "./standIns";

const INTERVAL = 100;
/** How late a timer may fire on a busy 2-core machine: a measurement is good to one probe interval plus this. */
const TIMER_SLACK_MS = 30;
const WITHIN = INTERVAL + TIMER_SLACK_MS;
/** Known behaviour of the stand-in edge: how long it keeps sending to the dead site, and how long failback takes. */
const DETECT_MS = 800;
const FAILBACK_MS = 500;
/** How long a softly cut provider goes on answering over the connections the edge opened before the cut. */
const KEPT_ALIVE_MS = 400;

const options = { intervalMs: INTERVAL, timeoutMs: 1000, maxWaitMs: 5000, settleMs: 500, log: () => undefined };
const PLAN = { worstCaseSeconds: 38, formula: "interval × max(1, consecutiveDown) + (retries + 1) × timeout" };
const RESTORE = "pulumi config rm exchange-node:drillIsolate --stack staging && pulumi up --stack staging";

/** AWS serving, cut hard: it stops answering at once, and the edge moves to GCP once it has noticed. */
const awsCutHard = () => standIns({ serving: "aws", cut: cutOf("aws"), afterCut: [[0, "dead"], [DETECT_MS, "gcp"]], afterRestore: [[FAILBACK_MS, "aws"]] });

// Each of these mostly waits on its own local servers: run side by side, they take the time of the longest.
test.concurrent("measures failover and failback to within the probe interval (and a late timer) of the known switch-over times", async () => {
    const env = await awsCutHard();
    try {
        const result = await runDrill({ ...options, provider: "aws", url: env.url, fault: env.fault });
        expect(result.sitesSeen).toEqual(["aws/eu-central-1"]);
        expect(result.servedBefore).toBe(true);
        expect(env.calls).toEqual(["isolate", "restore"]);
        expect(Math.abs(result.failover!.firstMs! - DETECT_MS)).toBeLessThanOrEqual(WITHIN);
        expect(Math.abs(result.failover!.allMs! - DETECT_MS)).toBeLessThanOrEqual(WITHIN);
        expect(Math.abs(result.failover!.failedRequests - DETECT_MS / INTERVAL)).toBeLessThanOrEqual(1);
        expect(result.answersAfterCut).toEqual({ count: 0, lastStartedMs: undefined });
        expect(result.failoverFromLastAnswer).toBeUndefined();
        expect(Math.abs(result.failback!.firstMs! - FAILBACK_MS)).toBeLessThanOrEqual(WITHIN);
        expect(result.failback!.failedRequests).toBe(0);
        expect(result.restored).toBe(true);
        const summary = summarize(result, "aws", PLAN, INTERVAL, RESTORE);
        expect(summary).toContain("Answers aws still gave after the cut: 0\n");
        expect(summary).toContain(`The cut is hard on aws: ${PROVIDER_CUTS.aws.why}.`);
        expect(summary).not.toContain("soft");
    } finally {
        env.close();
    }
});

test.concurrent("a soft cut: counts the answers the cut provider still gave, and measures failover from the last of them too", async () => {
    const env = await standIns({ serving: "gcp", cut: cutOf("gcp"), afterCut: [[KEPT_ALIVE_MS, "dead"], [DETECT_MS, "aws"]], afterRestore: [[FAILBACK_MS, "gcp"]] });
    try {
        const result = await runDrill({ ...options, provider: "gcp", url: env.url, fault: env.fault });
        expect(result.cut.kind).toBe("soft");
        const lastAfterCutMs = result.answersAfterCut!.lastStartedMs! - result.cutAtMs!;
        expect(Math.abs(result.answersAfterCut!.count - KEPT_ALIVE_MS / INTERVAL)).toBeLessThanOrEqual(1);
        expect(lastAfterCutMs).toBeGreaterThanOrEqual(KEPT_ALIVE_MS - 2 * INTERVAL);
        expect(lastAfterCutMs).toBeLessThanOrEqual(KEPT_ALIVE_MS + TIMER_SLACK_MS);
        // From the cut, the kept-alive answers hide how long the provider was really gone; from its last answer they do not.
        expect(Math.abs(result.failover!.allMs! - DETECT_MS)).toBeLessThanOrEqual(WITHIN);
        expect(result.failoverFromLastAnswer!.allMs).toBeCloseTo(result.failover!.allMs! - lastAfterCutMs, 6);
        expect(Math.abs(result.failoverFromLastAnswer!.failedRequests - (DETECT_MS - KEPT_ALIVE_MS) / INTERVAL)).toBeLessThanOrEqual(1);
        expect(result.failover!.failedRequests).toBe(result.failoverFromLastAnswer!.failedRequests);

        const summary = summarize(result, "gcp", PLAN, INTERVAL, RESTORE);
        expect(summary).toContain(`Answers gcp still gave after the cut: ${result.answersAfterCut!.count}, the last ${(lastAfterCutMs / 1000).toFixed(2)} s after the cut`);
        expect(summary).toContain("Failover away from gcp, from the cut:");
        expect(summary).toContain(`Failover away from gcp, from its last answer:\n  first answer from the other side  ${(result.failoverFromLastAnswer!.firstMs! / 1000).toFixed(2)} s`);
        expect(summary).toMatch(/^The cut is soft on gcp: VPC firewall rules are stateful.*may go on being served.*may under-count failed requests/m);
    } finally {
        env.close();
    }
});

test.concurrent("restores the provider when interrupted", async () => {
    const env = await awsCutHard();
    const controller = new AbortController();
    const isolate = env.fault.isolate;
    env.fault.isolate = async () => {
        await isolate();
        setTimeout(() => controller.abort(), 100);
    };
    try {
        const result = await runDrill({ ...options, provider: "aws", url: env.url, fault: env.fault, signal: controller.signal });
        expect(result.interrupted).toBe(true);
        expect(result.restored).toBe(true);
        expect(env.calls).toEqual(["isolate", "restore"]);
    } finally {
        env.close();
    }
});

test.concurrent("cuts nothing when interrupted while Cloudflare reports the pools' health", async () => {
    const env = await awsCutHard();
    const controller = new AbortController();
    const poolHealth = async () => {
        controller.abort("SIGTERM");
        return { "aws-fra": true, "gcp-bel": true };
    };
    try {
        const result = await runDrill({ ...options, settleMs: 200, provider: "aws", url: env.url, fault: env.fault, poolHealth, signal: controller.signal });
        expect(result.interrupted).toBe(true);
        expect(env.calls).toEqual([]);
    } finally {
        env.close();
    }
});

test.concurrent("restores the provider when the drill fails after the cut, and says so", async () => {
    const env = await awsCutHard();
    const messages: string[] = [];
    env.fault.isolate = async () => {
        env.calls.push("isolate");
        throw new Error("pulumi up failed half-way");
    };
    try {
        await expect(runDrill({ ...options, provider: "aws", url: env.url, fault: env.fault, log: (message) => messages.push(message) })).rejects.toThrow("pulumi up failed half-way");
        expect(env.calls).toEqual(["isolate", "restore"]);
        expect(messages).toContain("aws restored");
    } finally {
        env.close();
    }
});

test.concurrent("refuses to cut anything when the hostname does not answer or a pool is already unhealthy", async () => {
    const env = await awsCutHard();
    try {
        await expect(runDrill({ ...options, provider: "aws", url: "http://127.0.0.1:9/healthz", fault: env.fault })).rejects.toThrow(PreflightError);
        await expect(runDrill({ ...options, provider: "aws", url: env.url, fault: env.fault, poolHealth: async () => ({ "aws-fra": true, "gcp-bel": false }) })).rejects.toThrow("gcp-bel unhealthy");
        expect(env.calls).toEqual([]);
    } finally {
        env.close();
    }
});

test("a provider the cut table does not know is taken for soft", () => {
    expect(cutOf("no-such-cloud").kind).toBe("soft");
    expect(cutOf("no-such-cloud").why).toContain("assumes they survive the cut");
    expect(cutOf("constructor").kind).toBe("soft");
    expect([cutOf("aws").kind, cutOf("gcp").kind, cutOf("hetzner").kind]).toEqual(["hard", "soft", "soft"]);
});

test("the summary puts the measured figures next to the plan's worst case", () => {
    const text = summarize({
        sitesSeen: ["aws/eu-central-1"],
        servedBefore: true,
        cut: cutOf("aws"),
        failover: { firstMs: 31_200, allMs: 33_000, failedRequests: 12, probes: 200 },
        failback: { firstMs: 20_000, allMs: 20_500, failedRequests: 0, probes: 100 },
        records: [],
        interrupted: false,
        restored: true,
    }, "aws", PLAN, 250, RESTORE);
    expect(text).toContain("all answers from the other side   33.00 s");
    expect(text).toContain("failed requests in between        12 of 200 (probe every 250 ms; figures are ± one interval)");
    expect(text).toContain("Plan's worst case: 38 s (interval × max(1, consecutiveDown) + (retries + 1) × timeout); measured 33.00 s: within the plan");
    expect(text).toContain("aws restored: yes");
    expect(summarize({ sitesSeen: [], servedBefore: false, cut: cutOf("aws"), records: [], interrupted: true, restored: false }, "aws", PLAN, 250, RESTORE)).toContain(`aws restored: NO — restore it now: ${RESTORE}`);
});
