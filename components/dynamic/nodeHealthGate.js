// @ts-check
// The dynamic provider of NodeHealthGate. Pulumi's dynamic-provider host evaluates this file's text, stored in each
// gate's `__provider` input, with require-from-string and calls `handler()` (@pulumi/pulumi
// cmd/dynamic-provider/index.js `getProvider`); so it is plain JavaScript that needs nothing but Node's own globals.
"use strict";

const CLOUDFLARE_API = "https://api.cloudflare.com/client/v4";

/**
 * @typedef {{ accountId: string, pool: string, address: string, revision: string, settleSeconds: number,
 *   timeoutSeconds: number, apiToken?: string }} GateInputs
 * @typedef {{ healthy?: boolean, origins?: Record<string, { healthy?: boolean }>[] }} PopHealth
 */

/** @param {string} apiBase */
function provider(apiBase) {
    /** @param {string} token @param {string} route */
    async function request(token, route) {
        const response = await fetch(`${apiBase}${route}`, { headers: { authorization: `Bearer ${token}` } });
        const body = await response.json();
        if (!body.success) {
            throw new Error(`Cloudflare API ${route}: HTTP ${response.status} ${(body.errors || []).map((/** @type {{ message?: string }} */ error) => error.message).join("; ")}`);
        }
        return body;
    }

    /** Pools have no name filter in the API: list them and pick by name. @param {string} token @param {GateInputs} inputs */
    async function findPool(token, inputs) {
        for (let page = 1; ; page++) {
            const answer = await request(token, `/accounts/${inputs.accountId}/load_balancers/pools?page=${page}&per_page=50`);
            const pool = (answer.result || []).find((/** @type {{ name: string }} */ candidate) => candidate.name === inputs.pool);
            if (pool) {
                return pool.id;
            }
            if (page >= ((answer.result_info && answer.result_info.total_pages) || 1)) {
                throw new Error(`no Cloudflare pool named ${inputs.pool} in account ${inputs.accountId}`);
            }
        }
    }

    /** Healthy as Cloudflare decides it: by a majority of the regions that check it. @param {Record<string, PopHealth>} pops @param {string} address */
    function originHealthy(pops, address) {
        const verdicts = Object.values(pops).flatMap((pop) => (pop.origins || []).flatMap((origin) => (address in origin ? [origin[address].healthy === true] : [])));
        return verdicts.length > 0 && verdicts.filter(Boolean).length * 2 > verdicts.length;
    }

    /** @param {number} seconds */
    function sleep(seconds) {
        return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }

    /** @param {GateInputs} inputs */
    async function waitHealthy(inputs) {
        const token = inputs.apiToken || process.env.CLOUDFLARE_API_TOKEN;
        if (!token) {
            throw new Error("the rollout gate needs a Cloudflare API token: set cloudflare:apiToken or CLOUDFLARE_API_TOKEN");
        }
        const poolId = await findPool(token, inputs);
        // Until its monitor has had time to see the old node go, Cloudflare may still call the address healthy.
        await sleep(inputs.settleSeconds);
        const deadline = Date.now() + inputs.timeoutSeconds * 1000;
        for (;;) {
            const answer = await request(token, `/accounts/${inputs.accountId}/load_balancers/pools/${poolId}/health`);
            if (originHealthy((answer.result && answer.result.pop_health) || {}, inputs.address)) {
                return;
            }
            if (Date.now() >= deadline) {
                throw new Error(`${inputs.address} is not healthy in pool ${inputs.pool} after ${inputs.timeoutSeconds} s: the rollout stops here, and the nodes after it are untouched`);
            }
            await sleep(Math.min(15, inputs.timeoutSeconds / 4));
        }
    }

    /** Outputs without the token (the engine keeps it among the inputs, encrypted as the secret it is). @param {GateInputs} inputs */
    function outputs(inputs) {
        const { apiToken: _token, ...rest } = inputs;
        return rest;
    }

    return {
        /** @param {string} _id @param {GateInputs} olds @param {GateInputs} news */
        async diff(_id, olds, news) {
            return { changes: ["accountId", "pool", "address", "revision"].some((field) => olds[/** @type {keyof GateInputs} */ (field)] !== news[/** @type {keyof GateInputs} */ (field)]) };
        },
        /** A new node joins while the others keep serving: nothing to wait for. @param {GateInputs} inputs */
        async create(inputs) {
            return { id: `${inputs.pool}/${inputs.address}`, outs: outputs(inputs) };
        },
        /** @param {string} _id @param {GateInputs} _olds @param {GateInputs} news */
        async update(_id, _olds, news) {
            await waitHealthy(news);
            return { outs: outputs(news) };
        },
    };
}

/** What the dynamic-provider host calls. `apiBase` is for tests, which stand in for Cloudflare on 127.0.0.1. */
exports.handler = (apiBase = CLOUDFLARE_API) => provider(apiBase);
