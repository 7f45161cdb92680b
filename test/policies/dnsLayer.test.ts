import { dnsLayer as rule } from "../../policies/rules/dnsLayer";
import { VARIANTS } from "./corpus/builder";
import { ExchangeStack, HOST, ZONE, honestStack, messages } from "./exchangeStack";

/** A Route 53 A record for `name` to `address`. */
function route53(stack: ExchangeStack, name: string, address: unknown): void {
    stack.resource("aws:route53/record:Record", `${name.split(".")[0]}-route53`, { zoneId: "Z0123456789ABCDEFGHIJ", name, type: "A", ttl: 60, records: [address] }, { outputs: { id: `Z0123456789ABCDEFGHIJ_${name}_A`, fqdn: name } });
}

test("is the advisory rule dns-layer-single-provider", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["dns-layer-single-provider", "advisory"]);
});

test.each(VARIANTS)("says plainly that a Cloudflare-only layer is the single point left, and what to consider (%o)", async (variant) => {
    const found = await messages(rule, honestStack().stack, variant);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("The DNS and failover layer runs on cloudflare alone (api)");
    expect(found[0]).toContain("Consider secondary DNS on another provider");
});

test("is quiet when the layer spans two DNS providers", async () => {
    const { stack, sites } = honestStack();
    route53(stack, `status.${ZONE}`, sites.aws.nodes[0].address);
    expect(await messages(rule, stack)).toEqual([]);
});

test("names the one provider when the layer is another's, without Cloudflare's advice", async () => {
    const { stack, sites } = honestStack({ loadBalancer: () => ({ enabled: false }) });
    route53(stack, HOST, sites.aws.nodes[0].address);
    const [found] = await messages(rule, stack);
    expect(found).toContain("runs on aws alone (api-route53)");
    expect(found).not.toContain("secondary DNS");
});

test("is quiet when the stack serves no hostname", async () => {
    const stack = new ExchangeStack("no-dns");
    stack.site("aws");
    stack.site("gcp");
    expect(await messages(rule, stack)).toEqual([]);
});
