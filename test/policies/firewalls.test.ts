import type { PolicyResource } from "@pulumi/policy";
import { selects, worldOpen } from "../../policies/lib/firewalls";

const prefixList = (id: string, cidrs: string[]) => ({ type: "aws:ec2/managedPrefixList:ManagedPrefixList", urn: `urn:${id}`, name: id, props: { id, entries: cidrs.map((cidr) => ({ cidr })) }, propertyDependencies: {} }) as unknown as PolicyResource;

test("the whole internet is 0.0.0.0/0 or ::/0, a word for it, or ranges that add up to it", () => {
    expect(worldOpen(["0.0.0.0/0"], [])).toEqual(["0.0.0.0/0"]);
    expect(worldOpen(["Internet"], [])).toEqual(["Internet"]);
    expect(worldOpen(["0.0.0.0/1", "128.0.0.0/1"], [])).toEqual(["0.0.0.0/1", "128.0.0.0/1"]);
    expect(worldOpen(["::/1", "8000::/1"], [])).toEqual(["::/1", "8000::/1"]);
    expect(worldOpen(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"], []).sort()).toEqual(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"]);
});

test("a gap anywhere, or one half only, is not the whole internet", () => {
    expect(worldOpen(["0.0.0.0/1"], [])).toEqual([]);
    expect(worldOpen(["0.0.0.0/1", "128.0.0.0/2"], [])).toEqual([]);
    expect(worldOpen(["173.245.48.0/20", "2400:cb00::/32"], [])).toEqual([]);
    expect(worldOpen(["sg-0123456789abcdef0", "not-an-address/99"], [])).toEqual([]);
});

test("a prefix list the stack holds stands for its entries", () => {
    expect(worldOpen(["pl-0123"], [prefixList("pl-0123", ["0.0.0.0/0"])])).toEqual(["pl-0123"]);
    expect(worldOpen(["pl-0123"], [prefixList("pl-0123", ["198.51.100.0/24"])])).toEqual([]);
});

test("Hetzner label selectors: equality, inequality, presence, absence and sets, all of them must hold", () => {
    const labels = { role: "node", env: "prod" };
    expect(selects("role=node", labels)).toBe(true);
    expect(selects("role==node,env=prod", labels)).toBe(true);
    expect(selects("role=node,env=dev", labels)).toBe(false);
    expect(selects("role!=db", labels)).toBe(true);
    expect(selects("env", labels)).toBe(true);
    expect(selects("!env", labels)).toBe(false);
    expect(selects("env in (dev,prod)", labels)).toBe(true);
    expect(selects("env notin (dev,prod)", labels)).toBe(false);
    expect(selects("tier in (a,b)", labels)).toBe(false);
});
