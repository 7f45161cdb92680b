import type { Stack } from "@pulumi/pulumi/automation";
import { cloudOf, roleOf } from "../policies/lib/classify";
import type { Fault } from "./run";

/**
 * A real fault through the Pulumi Automation API: sets `<project>:drillIsolate` (see config/schema.ts) and runs `pulumi up` targeted at that
 * provider's firewalls, so its nodes stop answering on the node port while Cloudflare still believes in them.
 * Cloudflare origins are never disabled: that would skip the detection the drill is there to measure.
 */
export class PulumiFirewallFault implements Fault {
    constructor(private readonly stack: Stack, private readonly provider: string, private readonly isolateKey: string, private readonly log: (message: string) => void) {}

    private async firewallUrns(): Promise<string[]> {
        const { deployment } = await this.stack.exportStack();
        const urns = (deployment.resources as { urn: string; type: string }[])
            .filter((resource) => roleOf(resource.type) === "firewall" && cloudOf(resource.type) === this.provider)
            .map((resource) => resource.urn);
        if (urns.length === 0) {
            throw new Error(`stack ${this.stack.name} has no ${this.provider} firewall to change`);
        }
        return urns;
    }

    private async apply(): Promise<void> {
        const target = await this.firewallUrns();
        await this.stack.up({ target, onOutput: (line) => this.log(line.trimEnd()) });
    }

    async isolate(): Promise<void> {
        await this.stack.setConfig(this.isolateKey, { value: this.provider });
        await this.apply();
    }

    async restore(): Promise<void> {
        await this.stack.removeConfig(this.isolateKey);
        await this.apply();
    }
}

/** Cloudflare's health of each pool, by site, from its API: healthy when any check region says so. */
export async function cloudflarePoolHealth(accountId: string, poolIds: Record<string, string>, token: string): Promise<Record<string, boolean>> {
    const health: Record<string, boolean> = {};
    for (const [site, poolId] of Object.entries(poolIds)) {
        const response = await fetch(`https://api.cloudflare.com/client/v4/accounts/${accountId}/load_balancers/pools/${poolId}/health`, {
            headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { success: boolean; result?: { pop_health?: Record<string, { healthy?: boolean }> } };
        if (!body.success) {
            throw new Error(`Cloudflare would not report the health of pool ${site} (${poolId}): HTTP ${response.status}`);
        }
        health[site] = Object.values(body.result?.pop_health ?? {}).some((region) => region.healthy === true);
    }
    return health;
}
