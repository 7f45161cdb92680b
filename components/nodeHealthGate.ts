import * as pulumi from "@pulumi/pulumi";
import { dynamicProviderSource } from "./dynamic";

/** What a gate waits on: a node's origin in its Cloudflare pool, and the revision of what the node runs. */
export interface NodeHealthGateArgs {
    accountId: pulumi.Input<string>;
    /** Name of the node's pool; looked up by name because the pool is created after the nodes it serves. */
    pool: pulumi.Input<string>;
    /** The node's public address, as the pool lists it. */
    address: pulumi.Input<string>;
    /** Changes whenever the node is replaced or restarted: its machine ID, size and bootstrap. */
    revision: pulumi.Input<string>;
    /** How long Cloudflare may keep reporting the old node healthy: the monitor's worst-case detection time. */
    settleSeconds: pulumi.Input<number>;
    timeoutSeconds: pulumi.Input<number>;
    /** Cloudflare API token; without it the gate uses CLOUDFLARE_API_TOKEN from the environment of `pulumi up`. */
    apiToken?: pulumi.Input<string>;
}

/**
 * Holds a rollout until a changed node is healthy again in its Cloudflare pool (provider: dynamic/nodeHealthGate.js).
 * A site's next node depends on this gate, so `pulumi up` replaces or restarts one node per site at a time, each only
 * after the one before serves again; if a node does not come back, the update fails at its gate and the nodes after
 * it keep running what they ran.
 */
export class NodeHealthGate extends pulumi.CustomResource {
    constructor(name: string, args: NodeHealthGateArgs, opts?: pulumi.CustomResourceOptions) {
        super("pulumi-nodejs:dynamic/exchange:NodeHealthGate", name, { ...args, __provider: dynamicProviderSource("nodeHealthGate") }, opts);
    }
}
