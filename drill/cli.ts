import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { fullKey } from "../config/keys";
import type { FailoverConfig, NodeSpec } from "../config/schema";
import { DETECTION_FORMULA, DNS_ONLY_DEFAULT_TTL, worstCaseFailoverSeconds } from "../policies/lib/detection";
import { PROJECT_DIR, ProjectFileError, readProject } from "../plan/projectFile";
import { oneLine, shownPath } from "../plan/userFacing";
import { toCsv, toSvg } from "./artifacts";
import { cloudflarePoolHealth, isPulumiCliMissing, PulumiFirewallFault, pulumiErrorLine } from "./pulumiFault";
import { PreflightError, runDrill } from "./run";
import { abortOnStopSignals, exitCodeOf, type StopSignal } from "./signals";
import { summarize } from "./summary";

/** Stack names that say "not production"; a drill on any other stack needs --yes. */
const NON_PRODUCTION_WORDS = new Set(["dev", "test", "staging", "stage", "qa", "sandbox", "drill", "demo"]);
/** Words that make a name production whatever else it says, such as prod-test. */
const PRODUCTION_WORDS = new Set(["prod", "prd", "production", "live", "main", "mainnet"]);

/**
 * At 100 ms the drill sends at most 10 requests a second to a production hostname, and is already 50 times finer than
 * Cloudflare's shortest health-check interval (5 s; this project's schema allows 10 s at the least): finer probing
 * adds load, not information. At 5 s the figures' error of one interval is as coarse as the fastest health check.
 */
const PROBE_INTERVAL_MS = { min: 100, max: 5_000 };
/**
 * Traffic cannot move before a health check has failed, 10 s at the earliest here. The provider stays cut off for up to
 * this long, so a slip such as 300m for 300s must not pass: 30 minutes is the cap. A plan whose worst case is longer
 * still drills, and the summary shows its failover as not reached.
 */
const MAX_WAIT_MS = { min: 10_000, max: 1_800_000 };

/** Pulumi's stack names, optionally qualified as org/project/stack; none of their parts can climb out of drill-results/. */
const STACK_NAME = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*\/){0,2}[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

const PULUMI_INSTALL = "https://www.pulumi.com/docs/install/";

function shownDuration(ms: number): string {
    return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}

export const USAGE = `usage: npm run drill -- --stack <name> --fail <provider> [--probe-interval 250ms] [--max-wait 300s] [--yes]

Cuts one provider's nodes off through a targeted \`pulumi up\` (their firewalls admit nothing), probes the stack's
public hostname throughout, measures how long traffic takes to leave the provider and to come back, and restores it,
on an error, Ctrl-C, SIGTERM or SIGHUP too. Needs the Pulumi CLI, the stack deployed and \`pulumi up\`'s credentials.

  --fail <provider>        a site provider (components/sites)
  --probe-interval <time>  one request to the hostname per interval: ${shownDuration(PROBE_INTERVAL_MS.min)} to ${shownDuration(PROBE_INTERVAL_MS.max)}
  --max-wait <time>        how long to wait for traffic to move, after the cut and after the restore: ${shownDuration(MAX_WAIT_MS.min)} to ${shownDuration(MAX_WAIT_MS.max)}
  --yes                    needed unless the stack's name says it is not production: split at - _ and . (after any
                           org/project/), one of its words, digits at the end ignored, is one of
                           ${[...NON_PRODUCTION_WORDS].join(", ")},
                           and none is one of ${[...PRODUCTION_WORDS].join(", ")}
Times are a number and ms, s or m. Exit codes: 0 the drill ran (its findings are on stdout), 1 it failed once
started, 2 bad input or a failed preflight, 128 + the signal's number when a signal stopped it.`;

const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export class DrillUsageError extends Error {}

export interface DrillArgs {
    stack: string;
    provider: string;
    intervalMs: number;
    maxWaitMs: number;
}

function progress(message: string): void {
    process.stderr.write(`${message}\n`);
}

function duration(flag: string, value: string, bounds: { min: number; max: number }): number {
    const range = `${shownDuration(bounds.min)} to ${shownDuration(bounds.max)}`;
    const match = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
    if (!match) {
        throw new DrillUsageError(`--${flag}: "${value}" is not a duration such as 250ms, 30s or 5m; allowed: ${range}`);
    }
    const ms = Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[match[2] as "ms" | "s" | "m"];
    if (ms < bounds.min || ms > bounds.max) {
        throw new DrillUsageError(`--${flag}: ${value} is outside the allowed ${range}`);
    }
    return ms;
}

/** Whether a stack's name says it is not production (see USAGE); any other name is taken for production. */
export function isNonProductionStack(stack: string): boolean {
    const words = stack.slice(stack.lastIndexOf("/") + 1).toLowerCase().split(/[-_.]/).map((word) => word.replace(/\d+$/, ""));
    return words.some((word) => NON_PRODUCTION_WORDS.has(word)) && !words.some((word) => PRODUCTION_WORDS.has(word));
}

/** Parses and checks the drill's arguments; undefined when the user asked for help. */
export function parseDrillArgs(argv: string[]): DrillArgs | undefined {
    let values: { stack?: string; fail?: string; "probe-interval"?: string; "max-wait"?: string; yes?: boolean; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                fail: { type: "string" },
                "probe-interval": { type: "string" },
                "max-wait": { type: "string" },
                yes: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (error) {
        throw new DrillUsageError((error as Error).message);
    }
    if (values.help) {
        return undefined;
    }
    const { stack, fail: provider } = values;
    if (!stack || !provider) {
        throw new DrillUsageError("--stack and --fail are required");
    }
    if (!STACK_NAME.test(stack)) {
        throw new DrillUsageError(`--stack: "${stack}" is not a stack name: letters, digits, _ . and -, as org/project/stack at most`);
    }
    // The site providers load their cloud SDKs: only once the arguments need them, so that --help stays fast.
    const { siteProviders } = require("../components/sites") as typeof import("../components/sites");
    if (!Object.hasOwn(siteProviders, provider)) {
        throw new DrillUsageError(`--fail: unknown provider "${provider}"; allowed: ${Object.keys(siteProviders).join(", ")}`);
    }
    if (!isNonProductionStack(stack) && values.yes !== true) {
        throw new DrillUsageError(`--stack: "${stack}" is not named as a non-production stack, and a drill cuts ${provider} off for real; add --yes to go ahead`);
    }
    return {
        stack,
        provider,
        intervalMs: duration("probe-interval", values["probe-interval"] ?? "250ms", PROBE_INTERVAL_MS),
        maxWaitMs: duration("max-wait", values["max-wait"] ?? "300s", MAX_WAIT_MS),
    };
}

/** What the drill failed on before it changed anything, as one line. */
function preflightFailure(error: unknown, stack: string): string {
    if (isPulumiCliMissing(error)) {
        return `the drill runs the Pulumi CLI, and there is no \`pulumi\` on PATH: install it (${PULUMI_INSTALL}) and run the drill again`;
    }
    if ((error as Error).name === "StackNotFoundError") {
        return `--stack: no stack "${stack}" in the Pulumi backend you are logged in to; \`pulumi stack ls\` lists them`;
    }
    if (error instanceof PreflightError || error instanceof ProjectFileError) {
        return oneLine(error);
    }
    return `drill preflight failed: ${pulumiErrorLine(error)}`;
}

/** Runs the drill against the deployed stack, from the preflight to the report; resolves to the exit code. */
async function drill(args: DrillArgs): Promise<number> {
    const controller = new AbortController();
    const removeStopHandlers = abortOnStopSignals(process, controller, progress);
    // After SIGHUP the terminal is gone and writing to it fails; that must not end the drill before it restores.
    const ignoreClosedOutput = () => undefined;
    process.stdout.on("error", ignoreClosedOutput);
    process.stderr.on("error", ignoreClosedOutput);
    let fault: PulumiFirewallFault | undefined;
    let isolateKey = "";
    let started = false;
    try {
        const { LocalWorkspace } = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
        const { parseValue } = require("../config/load") as typeof import("../config/load");
        const namespace = readProject().name;
        isolateKey = fullKey(namespace, "drillIsolate");
        const stack = await LocalWorkspace.selectStack({ stackName: args.stack, workDir: PROJECT_DIR });
        const outputs = await stack.outputs();
        const config = await stack.getAllConfig();
        const read = <T>(key: string) => {
            const entry = config[fullKey(namespace, key)];
            if (entry === undefined) {
                throw new PreflightError(`stack ${args.stack} has no ${fullKey(namespace, key)} in its configuration`);
            }
            return parseValue(entry.value, key) as T;
        };
        const output = <T>(name: string) => {
            if (outputs[name] === undefined) {
                throw new PreflightError(`stack ${args.stack} has no \`${name}\` output: deploy it (pulumi up) before drilling it`);
            }
            return outputs[name].value as T;
        };
        if (config[isolateKey] !== undefined) {
            throw new PreflightError(`stack ${args.stack} still has ${isolateKey} = ${config[isolateKey].value} from an earlier drill; restore it first: ${restoreCommand(isolateKey, args.stack)}`);
        }
        const node = read<NodeSpec>("node");
        const failover = read<FailoverConfig>("failover");
        const hostname = output<string>("hostname");
        const token = process.env.CLOUDFLARE_API_TOKEN;
        const poolIds = token ? output<Record<string, string>>("poolIds") : {};
        if (!token) {
            progress("CLOUDFLARE_API_TOKEN is not set: the preflight checks only what the hostname serves, not Cloudflare's pool health");
        }
        fault = await PulumiFirewallFault.forStack(stack, args.provider, isolateKey, progress);
        started = true;
        const result = await runDrill({
            url: `https://${hostname}${node.healthPath}`,
            provider: args.provider,
            intervalMs: args.intervalMs,
            timeoutMs: Math.max(2000, 4 * args.intervalMs),
            maxWaitMs: args.maxWaitMs,
            settleMs: Math.max(10_000, 20 * args.intervalMs),
            fault,
            poolHealth: token ? () => cloudflarePoolHealth(read<string>("accountId"), poolIds, token) : undefined,
            log: progress,
            signal: controller.signal,
        });
        const worstCaseSeconds = worstCaseFailoverSeconds(failover, failover.proxied ? undefined : DNS_ONLY_DEFAULT_TTL);
        process.stdout.write(`${summarize(result, args.provider, { worstCaseSeconds, formula: DETECTION_FORMULA }, args.intervalMs, restoreCommand(isolateKey, args.stack))}\n`);
        const stackName = args.stack.slice(args.stack.lastIndexOf("/") + 1);
        const out = path.join(PROJECT_DIR, "drill-results", `${stackName}-${args.provider}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, "probes.csv"), toCsv(result.records));
        fs.writeFileSync(path.join(out, "serving-site.svg"), toSvg(result.records, [
            ...(result.cutAtMs !== undefined ? [{ label: `cut ${args.provider}`, atMs: result.cutAtMs }] : []),
            ...(result.restoreAtMs !== undefined ? [{ label: "restore", atMs: result.restoreAtMs }] : []),
        ]));
        process.stdout.write(`Probe log and plot: ${shownPath(out)}\n`);
        return result.interrupted ? exitCodeOf(controller.signal.reason as StopSignal) : EXIT.ok;
    } catch (error) {
        const stillCut = fault?.mayBeCutOff ? `; ${args.provider} may still be cut off: restore it with ${restoreCommand(isolateKey, args.stack)}` : "";
        if (controller.signal.aborted) {
            progress(`drill stopped by ${controller.signal.reason}: ${pulumiErrorLine(error)}${stillCut}`);
            return exitCodeOf(controller.signal.reason as StopSignal);
        }
        if (!started || error instanceof PreflightError) {
            progress(preflightFailure(error, args.stack));
            return EXIT.badInput;
        }
        progress(`drill failed: ${pulumiErrorLine(error)}${stillCut}`);
        return EXIT.failed;
    } finally {
        removeStopHandlers();
        process.stdout.off("error", ignoreClosedOutput);
        process.stderr.off("error", ignoreClosedOutput);
    }
}

/** How to undo the cut by hand, when the drill could not. */
function restoreCommand(isolateKey: string, stack: string): string {
    return `pulumi config rm ${isolateKey} --stack ${stack} && pulumi up --stack ${stack}`;
}

/** Runs the drill; resolves to the exit code. Every failure that is not a drill result is one line, never a trace. */
export async function main(argv: string[]): Promise<number> {
    Error.stackTraceLimit = 0;
    let args: DrillArgs | undefined;
    try {
        args = parseDrillArgs(argv);
    } catch (error) {
        const usage = error instanceof DrillUsageError ? `\n${USAGE}` : "";
        process.stderr.write(`${oneLine(error)}${usage}\n`);
        return EXIT.badInput;
    }
    if (!args) {
        process.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
    }
    return drill(args);
}
