import type { Stack } from "@pulumi/pulumi/automation";
import { cloudOf, descriptionOf } from "../policies/lib/clouds";
import { cutOf, type ProviderCut } from "./cuts";
import { PreflightError, type Fault } from "./run";

/** What the drill changes: the provider's firewalls, and its subnet filters, which also cut tracked connections. */
const CUTS_TRAFFIC = new Set(["firewall", "subnetFilter"]);

/** The resources a targeted `pulumi up` must include for `drillIsolate` to cut `provider` off: its firewalls and subnet filters. */
export function drillTargets(resources: readonly { urn: string; type: string }[], provider: string): string[] {
    return resources
        .filter((resource) => CUTS_TRAFFIC.has(descriptionOf(resource.type)?.role ?? "network") && cloudOf(resource.type) === provider)
        .map((resource) => resource.urn);
}

/**
 * A real fault through the Pulumi Automation API: sets `<project>:drillIsolate` (see config/schema.ts) and runs `pulumi up` targeted at that
 * provider's firewalls, so its nodes stop answering on the node port while Cloudflare still believes in them.
 * Cloudflare origins are never disabled: that would skip the detection the drill is there to measure.
 */
export class PulumiFirewallFault implements Fault {
    readonly cut: ProviderCut;
    /** From the first change of the cut until a restore has gone through: what to tell the user when the drill fails. */
    mayBeCutOff = false;

    private constructor(private readonly stack: Stack, private readonly provider: string, private readonly isolateKey: string, private readonly target: string[], private readonly log: (message: string) => void) {
        this.cut = cutOf(provider);
    }

    /** The fault for `provider` on `stack`; refuses, before anything changes, a stack where the drill would change nothing. */
    static async forStack(stack: Stack, provider: string, isolateKey: string, log: (message: string) => void): Promise<PulumiFirewallFault> {
        const { deployment } = await stack.exportStack();
        const target = drillTargets(deployment.resources ?? [], provider);
        if (target.length === 0) {
            throw new PreflightError(`stack ${stack.name} has no ${provider} firewall or subnet filter for the drill to change`);
        }
        return new PulumiFirewallFault(stack, provider, isolateKey, target, log);
    }

    private async apply(): Promise<void> {
        await this.stack.up({ target: this.target, onOutput: (line) => this.log(line.trimEnd()) });
    }

    async isolate(): Promise<void> {
        this.mayBeCutOff = true;
        await this.stack.setConfig(this.isolateKey, { value: this.provider });
        await this.apply();
    }

    async restore(): Promise<void> {
        await this.stack.removeConfig(this.isolateKey);
        await this.apply();
        this.mayBeCutOff = false;
    }
}

/** Whether the Automation API found no `pulumi` to run: it spawns the CLI for everything, `pulumi version` first. */
export function isPulumiCliMissing(error: unknown): boolean {
    const spawnFailure = (error as { commandResult?: { err?: { code?: string } } } | undefined)?.commandResult?.err;
    return spawnFailure?.code === "ENOENT" || /spawn pulumi ENOENT|pulumi: (command )?not found/.test(String((error as Error | undefined)?.message ?? error));
}

/** One line for a failed Pulumi command: the CLI's first `error:` line (its whole output is logged already), else its first word on stderr. */
export function pulumiErrorLine(error: unknown): string {
    const result = (error as { commandResult?: { stdout?: string; stderr?: string } } | undefined)?.commandResult;
    const linesOf = (text = "") => text.split("\n").map((line) => line.trim()).filter(Boolean);
    const stderr = linesOf(result?.stderr);
    return [...stderr, ...linesOf(result?.stdout)].find((line) => line.startsWith("error:")) ?? stderr[0] ?? (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

export interface CloudflareApi {
    base: string;
    /** A request that has not answered by then fails the preflight, rather than hold the drill. */
    timeoutMs: number;
}

const CLOUDFLARE_API: CloudflareApi = { base: "https://api.cloudflare.com/client/v4", timeoutMs: 30_000 };

/** Cloudflare's health of each pool, by site, from its API: healthy when any check region says so. */
export async function cloudflarePoolHealth(accountId: string, poolIds: Record<string, string>, token: string, api: CloudflareApi = CLOUDFLARE_API): Promise<Record<string, boolean>> {
    const health: Record<string, boolean> = {};
    for (const [site, poolId] of Object.entries(poolIds)) {
        let response: Response;
        try {
            response = await fetch(`${api.base}/accounts/${accountId}/load_balancers/pools/${poolId}/health`, {
                headers: { authorization: `Bearer ${token}` },
                signal: AbortSignal.timeout(api.timeoutMs),
            });
        } catch (error) {
            const why = (error as Error).name === "TimeoutError" ? `no answer within ${api.timeoutMs / 1000} s` : (error as Error).message;
            throw new Error(`Cloudflare would not report the health of pool ${site} (${poolId}): ${why}`);
        }
        const body = (await response.json()) as { success: boolean; result?: { pop_health?: Record<string, { healthy?: boolean }> } };
        if (!body.success) {
            throw new Error(`Cloudflare would not report the health of pool ${site} (${poolId}): HTTP ${response.status}`);
        }
        health[site] = Object.values(body.result?.pop_health ?? {}).some((region) => region.healthy === true);
    }
    return health;
}
