import * as http from "http";
import type { AddressInfo } from "net";
import { dynamicProviderSource } from "../components/dynamic";

/** The provider as Pulumi's dynamic-provider host loads it: the `__provider` text, evaluated, then `handler()`. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (source: string) => { handler: (apiBase?: string) => Record<string, (...args: any[]) => Promise<any>> } = require("require-from-string");

const POOLS = [
    { id: "pool-other", name: "api-example-com-gcp-bel" },
    { id: "pool-aws", name: "api-example-com-aws-fra" },
];

/** Cloudflare's load-balancing API on 127.0.0.1: two pages of pools, and a health answer that turns healthy after `unhealthyFor` calls. */
async function fakeCloudflare(options: { unhealthyFor: number; regions: boolean[] }) {
    let healthCalls = 0;
    const seen: string[] = [];
    const server = http.createServer((request, response) => {
        seen.push(`${request.headers.authorization} ${request.url}`);
        const url = new URL(request.url!, "http://localhost");
        const reply = (body: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        if (url.pathname === "/client/v4/accounts/acct/load_balancers/pools") {
            const page = Number(url.searchParams.get("page"));
            return reply({ success: true, result: [POOLS[page - 1]], result_info: { page, total_pages: POOLS.length } });
        }
        if (url.pathname === "/client/v4/accounts/acct/load_balancers/pools/pool-aws/health") {
            healthCalls++;
            const recovered = healthCalls > options.unhealthyFor;
            const pops = Object.fromEntries(options.regions.map((healthyWhenRecovered, index) => [
                `PoP ${index}`,
                { healthy: true, origins: [{ "203.0.113.7": { healthy: recovered && healthyWhenRecovered } }, { "203.0.113.8": { healthy: true } }] },
            ]));
            return reply({ success: true, result: { pool_id: "pool-aws", pop_health: pops } });
        }
        response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ success: false, errors: [{ message: "not found" }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        apiBase: `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`,
        healthCalls: () => healthCalls,
        seen,
        close: () => server.close(),
    };
}

const gateInputs = { accountId: "acct", pool: "api-example-com-aws-fra", address: "203.0.113.7", revision: "i-2/t3.medium/abc", settleSeconds: 0, timeoutSeconds: 2, apiToken: "token-1" };

describe("the rollout gate, loaded as the dynamic-provider host loads it", () => {
    test("a new node joins without waiting, and the state keeps no token", async () => {
        const gate = requireFromString(dynamicProviderSource("nodeHealthGate")).handler("http://127.0.0.1:9");
        const created = await gate.create(gateInputs);
        expect(created.id).toBe("api-example-com-aws-fra/203.0.113.7");
        expect(created.outs).not.toHaveProperty("apiToken");
    });

    test("a changed node holds the rollout until a majority of regions call it healthy", async () => {
        const cloudflare = await fakeCloudflare({ unhealthyFor: 2, regions: [true, true, false] });
        try {
            const gate = requireFromString(dynamicProviderSource("nodeHealthGate")).handler(cloudflare.apiBase);
            const updated = await gate.update("id", gateInputs, { ...gateInputs, revision: "i-3/t3.medium/abc" });
            expect(updated.outs.revision).toBe("i-3/t3.medium/abc");
            expect(cloudflare.healthCalls()).toBe(3);
            expect(cloudflare.seen.every((line) => line.startsWith("Bearer token-1 "))).toBe(true);
        } finally {
            cloudflare.close();
        }
    });

    test("a node that does not come back stops the rollout, naming it", async () => {
        const cloudflare = await fakeCloudflare({ unhealthyFor: 1000, regions: [true] });
        try {
            const gate = requireFromString(dynamicProviderSource("nodeHealthGate")).handler(cloudflare.apiBase);
            await expect(gate.update("id", gateInputs, { ...gateInputs, timeoutSeconds: 0.5 })).rejects.toThrow(
                "203.0.113.7 is not healthy in pool api-example-com-aws-fra after 0.5 s: the rollout stops here, and the nodes after it are untouched",
            );
            expect(cloudflare.healthCalls()).toBeGreaterThan(1);
        } finally {
            cloudflare.close();
        }
    });

    test("a majority is needed: healthy in one region of three is not healthy", async () => {
        const cloudflare = await fakeCloudflare({ unhealthyFor: 0, regions: [true, false, false] });
        try {
            const gate = requireFromString(dynamicProviderSource("nodeHealthGate")).handler(cloudflare.apiBase);
            await expect(gate.update("id", gateInputs, { ...gateInputs, timeoutSeconds: 0.3 })).rejects.toThrow("is not healthy in pool");
        } finally {
            cloudflare.close();
        }
    });

    test("without a token it says where to set one; with an unknown pool it says which", async () => {
        const cloudflare = await fakeCloudflare({ unhealthyFor: 0, regions: [true] });
        const saved = process.env.CLOUDFLARE_API_TOKEN;
        delete process.env.CLOUDFLARE_API_TOKEN;
        try {
            const gate = requireFromString(dynamicProviderSource("nodeHealthGate")).handler(cloudflare.apiBase);
            await expect(gate.update("id", gateInputs, { ...gateInputs, apiToken: undefined })).rejects.toThrow("set cloudflare:apiToken or CLOUDFLARE_API_TOKEN");
            await expect(gate.update("id", gateInputs, { ...gateInputs, pool: "nope" })).rejects.toThrow("no Cloudflare pool named nope in account acct");
        } finally {
            process.env.CLOUDFLARE_API_TOKEN = saved;
            cloudflare.close();
        }
    });

    test("only a change of what the node runs, or where, triggers the wait", async () => {
        const gate = requireFromString(dynamicProviderSource("nodeHealthGate")).handler();
        expect(await gate.diff("id", gateInputs, { ...gateInputs, settleSeconds: 90, apiToken: "token-2" })).toEqual({ changes: false });
        expect(await gate.diff("id", gateInputs, { ...gateInputs, revision: "i-9/t3.large/abc" })).toEqual({ changes: true });
    });
});

describe("the volume size guard, loaded as the dynamic-provider host loads it", () => {
    const guard = requireFromString(dynamicProviderSource("volumeSizeGuard")).handler();

    test("refuses a smaller size than the one deployed, naming the key", async () => {
        expect(await guard.check({ key: "exchange-node:sites[1].volumeGb", sizeGb: 500 }, { key: "exchange-node:sites[1].volumeGb", sizeGb: 100 })).toEqual({
            inputs: { key: "exchange-node:sites[1].volumeGb", sizeGb: 100 },
            failures: [{ property: "sizeGb", reason: "exchange-node:sites[1].volumeGb: volumes cannot shrink (500 GB deployed, 100 GB asked); keep 500 or more" }],
        });
    });

    test("lets a volume grow, and any size through on creation", async () => {
        expect(await guard.check({ sizeGb: 100 }, { key: "k", sizeGb: 200 })).toEqual({ inputs: { key: "k", sizeGb: 200 } });
        expect(await guard.check({}, { key: "k", sizeGb: 10 })).toEqual({ inputs: { key: "k", sizeGb: 10 } });
    });
});
