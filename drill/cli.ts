import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { siteProviders } from "../components/sites";
import { parseValue } from "../config/load";
import type { FailoverConfig, NodeSpec } from "../config/schema";
import { DETECTION_FORMULA, DNS_ONLY_DEFAULT_TTL, worstCaseFailoverSeconds } from "../policies/lib/detection";
import { fullKey } from "../config/keys";
import { PROJECT_DIR, readProject } from "../plan/projectFile";
import { toCsv, toSvg } from "./artifacts";
import { cloudflarePoolHealth, PulumiFirewallFault } from "./pulumiFault";
import { PreflightError, runDrill } from "./run";
import { summarize } from "./summary";

const USAGE = "usage: npm run drill -- --stack <name> --fail <provider> [--probe-interval 250ms] [--max-wait 300s] [--yes]";

export class DrillUsageError extends Error {}

export interface DrillArgs {
    stack: string;
    provider: string;
    intervalMs: number;
    maxWaitMs: number;
}

function duration(flag: string, value: string): number {
    const match = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(value);
    if (!match) {
        throw new DrillUsageError(`--${flag}: "${value}" is not a duration such as 250ms or 30s\n${USAGE}`);
    }
    return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
}

/** Parses and checks the drill's arguments; a production-like stack needs an explicit --yes. */
export function parseDrillArgs(argv: string[]): DrillArgs {
    let values: Record<string, string | boolean | undefined>;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: { stack: { type: "string" }, fail: { type: "string" }, "probe-interval": { type: "string" }, "max-wait": { type: "string" }, yes: { type: "boolean" } },
            strict: true,
        }));
    } catch (error) {
        throw new DrillUsageError(`${(error as Error).message}\n${USAGE}`);
    }
    const stack = values.stack as string | undefined;
    const provider = values.fail as string | undefined;
    if (!stack || !provider) {
        throw new DrillUsageError(`--stack and --fail are required\n${USAGE}`);
    }
    if (!(provider in siteProviders)) {
        throw new DrillUsageError(`--fail: unknown provider "${provider}"; allowed: ${Object.keys(siteProviders).join(", ")}`);
    }
    if (/prod|live|main|mainnet/i.test(stack) && values.yes !== true) {
        throw new DrillUsageError(`stack "${stack}" looks like production: a drill cuts ${provider} off for real. Add --yes to go ahead.`);
    }
    return {
        stack,
        provider,
        intervalMs: duration("probe-interval", (values["probe-interval"] as string | undefined) ?? "250ms"),
        maxWaitMs: duration("max-wait", (values["max-wait"] as string | undefined) ?? "300s"),
    };
}

async function main(): Promise<number> {
    const args = parseDrillArgs(process.argv.slice(2));
    const log = (message: string) => process.stderr.write(`${message}\n`);
    const stack = await LocalWorkspace.selectStack({ stackName: args.stack, workDir: PROJECT_DIR });
    const outputs = await stack.outputs();
    const config = await stack.getAllConfig();
    const namespace = readProject().name;
    const read = <T>(key: string) => parseValue(config[fullKey(namespace, key)].value, key) as T;
    const node = read<NodeSpec>("node");
    const failover = read<FailoverConfig>("failover");
    const hostname = outputs.hostname.value as string;
    const poolIds = outputs.poolIds.value as Record<string, string>;
    const token = process.env.CLOUDFLARE_API_TOKEN;
    if (!token) {
        log("CLOUDFLARE_API_TOKEN is not set: the preflight checks only what the hostname serves, not Cloudflare's pool health");
    }
    const controller = new AbortController();
    process.once("SIGINT", () => {
        log("interrupted: stopping and restoring…");
        controller.abort();
    });
    const result = await runDrill({
        url: `https://${hostname}${node.healthPath}`,
        provider: args.provider,
        intervalMs: args.intervalMs,
        timeoutMs: Math.max(2000, 4 * args.intervalMs),
        maxWaitMs: args.maxWaitMs,
        settleMs: Math.max(10_000, 20 * args.intervalMs),
        fault: new PulumiFirewallFault(stack, args.provider, fullKey(namespace, "drillIsolate"), log),
        poolHealth: token ? () => cloudflarePoolHealth(read<string>("accountId"), poolIds, token) : undefined,
        log,
        signal: controller.signal,
    });
    const out = path.join(PROJECT_DIR, "drill-results", `${args.stack}-${args.provider}-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "probes.csv"), toCsv(result.records));
    fs.writeFileSync(path.join(out, "serving-site.svg"), toSvg(result.records, [
        ...(result.cutAtMs !== undefined ? [{ label: `cut ${args.provider}`, atMs: result.cutAtMs }] : []),
        ...(result.restoreAtMs !== undefined ? [{ label: "restore", atMs: result.restoreAtMs }] : []),
    ]));
    const worstCaseSeconds = worstCaseFailoverSeconds(failover, failover.proxied ? undefined : DNS_ONLY_DEFAULT_TTL);
    process.stdout.write(`${summarize(result, args.provider, { worstCaseSeconds, formula: DETECTION_FORMULA }, args.intervalMs, fullKey(namespace, "drillIsolate"))}\nProbe log and plot: ${path.relative(process.cwd(), out)}\n`);
    return result.interrupted ? 130 : 0;
}

if (require.main === module) {
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (error) => {
            process.stderr.write(`${error instanceof DrillUsageError || error instanceof PreflightError ? error.message : (error as Error).stack}\n`);
            process.exitCode = error instanceof DrillUsageError ? 2 : 1;
        },
    );
}
