import { minimumProviders } from "../../policies/rules/minimumProviders";
import { resource, topology, violations } from "./harness";

test("passes when nodes run on two clouds", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 2 }, { provider: "hetzner", nodes: 1 }] });
    expect(await violations(minimumProviders, resources)).toEqual([]);
});

test("three regions of one cloud are one provider", async () => {
    const resources = ["us-east-1", "eu-central-1", "ap-northeast-1"].map((region) => resource("aws:ec2/instance:Instance", { availabilityZone: `${region}a` }));
    const found = await violations(minimumProviders, resources);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^Exchange nodes run on 1 provider\(s\), at least 2 are required \(aws: /);
});

test("counts autoscaling groups and managed instance groups as nodes", async () => {
    const resources = [resource("aws:autoscaling/group:Group", { desiredCapacity: 3 }), resource("gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager", {})];
    expect(await violations(minimumProviders, resources)).toEqual([]);
});

test("knows the compute types of other clouds, so a fork that adds one is counted", async () => {
    const resources = [resource("digitalocean:index/droplet:Droplet", {}), resource("azure-native:compute:VirtualMachine", {})];
    expect(await violations(minimumProviders, resources)).toEqual([]);
});

test("reports a compute type it does not know instead of ignoring it", async () => {
    const resources = [resource("aws:ec2/instance:Instance", {}), resource("gcp:compute/instance:Instance", {}), resource("upcloud:index/server:Server", {}, { name: "mystery" })];
    expect(await violations(minimumProviders, resources)).toEqual([
        "mystery (upcloud:index/server:Server) looks like compute, but the policy pack does not know its cloud or role: add upcloud:index/server:Server to policies/lib/classify.ts so that it is counted.",
    ]);
});

test("does not mistake a managed database or one of our components for compute", async () => {
    const resources = [
        resource("aws:ec2/instance:Instance", {}),
        resource("gcp:compute/instance:Instance", {}),
        resource("aws:rds/instance:Instance", {}),
        resource("acme:sites:EdgeServer", {}, { component: true }),
    ];
    expect(await violations(minimumProviders, resources)).toEqual([]);
});

test("minProviders is configurable", async () => {
    const { resources } = topology({ sites: [{ provider: "aws", nodes: 1 }, { provider: "gcp", nodes: 1 }] });
    expect(await violations(minimumProviders, resources, { minProviders: 3 })).toHaveLength(1);
});
