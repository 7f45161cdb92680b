import { noProviderMajority } from "../../policies/rules/noProviderMajority";
import { resource, topology, violations } from "./harness";

test("passes when three clouds share the weight equally", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "gcp", nodes: 2 }, { provider: "hetzner", nodes: 2 }] });
    expect(await violations(noProviderMajority, resources)).toEqual([]);
});

test("80% of the weight on one cloud fails, with the capacity left after losing each provider", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 4 }, { provider: "gcp", nodes: 1 }] });
    expect(await violations(noProviderMajority, resources)).toEqual([
        "aws holds 80% of the origin weight, above the 50% allowed (without aws: 20% left, without gcp: 80% left). Move weight or nodes to the other clouds.",
    ]);
});

test("weights count, not only node numbers", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 1, weight: 1 }, { provider: "gcp", nodes: 3, weight: 0.1 }] });
    expect(await violations(noProviderMajority, resources)).toHaveLength(1);
});

test("maxProviderShare is configurable", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "gcp", nodes: 1 }] });
    expect(await violations(noProviderMajority, resources)).toHaveLength(1);
    expect(await violations(noProviderMajority, resources, { maxProviderShare: 0.7 })).toEqual([]);
});

test("without load balancers, counts nodes", async () => {
    const resources = [resource("aws:ec2/instance:Instance", {}), resource("aws:ec2/instance:Instance", {}), resource("hcloud:index/server:Server", {})];
    expect(await violations(noProviderMajority, resources)).toHaveLength(1);
});
