import { dnsLayer } from "../../policies/rules/dnsLayer";
import { resource, violations } from "./harness";

test("says plainly when Cloudflare alone carries DNS and failover", async () => {
    const found = await violations(dnsLayer, [resource("cloudflare:index/loadBalancer:LoadBalancer", {}, { name: "lb" })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^The DNS and failover layer runs on cloudflare alone \(lb\): it is the one remaining single point of failure\./);
    expect(dnsLayer.enforcementLevel).toBe("advisory");
});

test("is quiet when a second DNS provider serves the zone", async () => {
    const resources = [resource("cloudflare:index/loadBalancer:LoadBalancer", {}), resource("aws:route53/record:Record", {})];
    expect(await violations(dnsLayer, resources)).toEqual([]);
});
