import { minimumProviders as rule } from "../../policies/rules/minimumProviders";
import { VARIANTS } from "./corpus/builder";
import { DEPLOYED, ExchangeStack, HOST, PREVIEW, honestStack, messages, singleCloudStack } from "./exchangeStack";

/** AWS nodes behind the load balancer, and on GCP a managed instance group of `targetSize` as the second cloud. */
function awsAndGcpGroup(targetSize: number): ExchangeStack {
    const stack = new ExchangeStack("groups");
    const aws = stack.site("aws");
    const template = stack.resource("gcp:compute/instanceTemplate:InstanceTemplate", "gcp-node", {
        machineType: "n2-standard-4", disks: [{ sourceImage: "ubuntu-os-cloud/ubuntu-2404-lts-amd64", boot: true }], networkInterfaces: [{ network: "default", accessConfigs: [{}] }], tags: ["exchange-node"],
    }, { outputs: { id: "projects/acme/global/instanceTemplates/gcp-node", selfLink: "https://www.googleapis.com/compute/v1/projects/acme/global/instanceTemplates/gcp-node" } });
    stack.resource("gcp:compute/regionInstanceGroupManager:RegionInstanceGroupManager", "gcp-nodes", {
        baseInstanceName: "gcp-node", region: "europe-west3", versions: [{ instanceTemplate: stack.link(template, "selfLink") }], targetSize,
    }, { outputs: { id: "projects/acme/regions/europe-west3/instanceGroupManagers/gcp-nodes", instanceGroup: "https://www.googleapis.com/compute/v1/projects/acme/regions/europe-west3/instanceGroups/gcp-nodes" } });
    stack.loadBalancer({ defaultPools: [stack.link(aws.pool)], fallbackPool: stack.link(aws.pool) });
    return stack;
}

test("is the mandatory rule exchange-nodes-span-providers", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["exchange-nodes-span-providers", "mandatory"]);
});

test.each(VARIANTS)("passes machines on AWS, GCP and Hetzner (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("reports a single-provider stack once, naming its cloud, machines and hostname (%o)", async (variant) => {
    const found = await messages(rule, singleCloudStack("aws"), variant);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("1 cloud(s), at least 2 are required (aws: aws-node-0, aws-node-1)");
    expect(found[0]).toContain(`hostnames affected: ${HOST}`);
    expect(found[0]).toContain("Run nodes on another cloud");
});

test("counts regions of one cloud as one", async () => {
    const stack = new ExchangeStack("regions");
    ["eu-central-1", "us-east-1", "ap-southeast-1"].forEach((region, index) => {
        stack.node("aws", `aws-${region}`, `203.0.113.${20 + index}`, { provider: stack.provider("aws", `aws-${region}`, { region }) });
    });
    const [found] = await messages(rule, stack);
    expect(found).toContain("1 cloud(s), at least 2 are required (aws: aws-eu-central-1, aws-us-east-1, aws-ap-southeast-1)");
});

test("does not count stopped machines, and says why they do not serve", async () => {
    const { stack } = honestStack({
        site: { gcp: { node: () => ({ outputs: { currentStatus: "TERMINATED" } }) }, hetzner: { node: () => ({ outputs: { status: "off" } }) } },
    });
    const [found] = await messages(rule, stack);
    expect(found).toContain("1 cloud(s), at least 2 are required (aws: aws-node-0, aws-node-1)");
    expect(found).toContain("not serving: gcp-node-0 on gcp (currentStatus is TERMINATED)");
    expect(found).toContain("hetzner-node-1 on hetzner (status is off)");
});

test("does not count machines an instance-state resource holds stopped", async () => {
    const heldAws = (state: string) => {
        const { stack, sites } = honestStack({ site: { hetzner: { node: () => ({ outputs: { status: "off" } }) } } });
        sites.aws.nodes.forEach(({ machine }) => stack.resource("aws:ec2transitgateway/instanceState:InstanceState", `${machine.name}-state`, { instanceId: stack.link(machine), state }, { outputs: { id: `${machine.name}-state` } }));
        stack.resource("aws:ec2transitgateway/instanceState:InstanceState", "unrelated", { instanceId: "i-0ffffffffffffffff", state: "stopped" }, { outputs: { id: "unrelated" } });
        return stack;
    };
    expect(await messages(rule, heldAws("running"))).toEqual([]);
    const [found] = await messages(rule, heldAws("stopped"));
    expect(found).toContain("1 cloud(s), at least 2 are required (gcp: gcp-node-0, gcp-node-1)");
    expect(found).toContain("aws-node-0 on aws (aws-node-0-state holds it stopped)");
});

test("in a first preview, counts new machines whose state only the provider reports, and not those stopped by their inputs", async () => {
    const reportedOff = honestStack({ site: { gcp: { node: () => ({ outputs: { currentStatus: "TERMINATED" } }) }, hetzner: { node: () => ({ outputs: { status: "off" } }) } } }).stack;
    expect(await messages(rule, reportedOff, PREVIEW)).toHaveLength(0);
    expect(await messages(rule, reportedOff, DEPLOYED)).toHaveLength(1);
    const { stack, sites } = honestStack({ site: { gcp: { node: () => ({ inputs: { desiredStatus: "TERMINATED" } }) } } });
    sites.hetzner.nodes.forEach(({ machine }) => stack.resource("aws:ec2transitgateway/instanceState:InstanceState", `${machine.name}-stopped`, { instanceId: stack.link(machine), state: "stopped" }, { outputs: { id: `${machine.name}-stopped` } }));
    const [found] = await messages(rule, stack, PREVIEW);
    expect(found).toContain("1 cloud(s), at least 2 are required (aws: aws-node-0, aws-node-1)");
    expect(found).toContain("gcp-node-0 on gcp (desiredStatus is TERMINATED)");
});

test("counts a managed instance group as its cloud's machines, and one scaled to zero as none", async () => {
    expect(await messages(rule, awsAndGcpGroup(3))).toEqual([]);
    const [found] = await messages(rule, awsAndGcpGroup(0));
    expect(found).toContain("1 cloud(s), at least 2 are required (aws: aws-node-0, aws-node-1)");
    expect(found).toContain("gcp-nodes on gcp (its size is 0)");
});

test("counts an AWS autoscaling group, and none scaled to zero or capped at zero", async () => {
    const group = (sizes: Record<string, number>) => {
        const stack = singleCloudStack("gcp");
        stack.resource("aws:autoscaling/group:Group", "aws-nodes", { vpcZoneIdentifiers: ["subnet-0a11b22c33d44e55f"], launchTemplate: { id: "lt-0123456789abcdef0", version: "$Latest" }, ...sizes }, {
            outputs: { id: "aws-nodes", arn: "arn:aws:autoscaling:eu-central-1:123456789012:autoScalingGroup:aws-nodes" },
        });
        return stack;
    };
    expect(await messages(rule, group({ minSize: 2, maxSize: 4, desiredCapacity: 2 }))).toEqual([]);
    expect((await messages(rule, group({ minSize: 0, maxSize: 4, desiredCapacity: 0 })))[0]).toContain("aws-nodes on aws (its size is 0)");
    expect((await messages(rule, group({ maxSize: 0 })))[0]).toContain("aws-nodes on aws (maxSize is 0)");
});

test("minProviders raises the bar", async () => {
    const { stack } = honestStack();
    expect(await messages(rule, stack, DEPLOYED, { minProviders: 3 })).toEqual([]);
    const [found] = await messages(rule, stack, DEPLOYED, { minProviders: 4 });
    expect(found).toContain("3 cloud(s), at least 4 are required (aws: aws-node-0, aws-node-1; gcp: gcp-node-0, gcp-node-1; hetzner: hetzner-node-0, hetzner-node-1)");
});
