import { verdictsPending as rule } from "../../policies/rules/verdictsPending";
import { VARIANTS } from "./corpus/builder";
import { judge } from "../properties/policyInProcess";
import { CLOUDS, DEPLOYED, ExchangeStack, HOST, type Node, PREVIEW, honestStack, messages, mixedWeightsStack } from "./exchangeStack";

const AGAIN = "pulumi up judges again with every value known";

/** Two region entries on one property: in a first preview, which pool serves which region waits for the pools' IDs. */
function ambiguousRegions(): ExchangeStack {
    return honestStack({ loadBalancer: (pool) => ({ regionPools: { EEU: [pool("gcp")], WEU: [pool("aws")] }, fallbackPool: pool("aws") }) }).stack;
}

/** A security group whose rules the provider reports only once it exists. */
function rulesManagedElsewhere(stack: ExchangeStack): void {
    stack.resource("aws:ec2/securityGroup:SecurityGroup", "aws-managed-elsewhere", { description: "rules managed elsewhere" }, { outputs: { id: "sg-0c0ffee0c0ffee0c0", ingress: [] } });
}

test("is the advisory rule verdicts-pending", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["verdicts-pending", "advisory"]);
});

test.each(VARIANTS)("is quiet when every verdict could be reached (%o)", async (variant) => {
    // The fallback on a cloud no default pool uses: independent whichever pool is first.
    const { stack } = honestStack({ loadBalancer: (pool) => ({ defaultPools: [pool("aws"), pool("gcp")], fallbackPool: pool("hetzner") }) });
    expect(await messages(rule, stack, variant)).toEqual([]);
});

test("says when only the pools' order, unknown in a first preview, tells whether the fallback is independent", async () => {
    // The fallback is also a default pool: independent unless it is the first.
    const { stack } = honestStack();
    expect(await messages(rule, stack, PREVIEW)).toEqual([expect.stringContaining(`${HOST}, default: which pool is first, so whether the fallback is on another cloud than it`)]);
    expect(await messages(rule, stack, DEPLOYED)).toEqual([]);
});

test("names the traffic classes whose pools a first preview cannot tell, and is quiet once deployed", async () => {
    const found = await messages(rule, ambiguousRegions(), PREVIEW);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${HOST}, region WEU: which pools serve region WEU is not known until their IDs are`);
    expect(found[0]).toContain(`${HOST}, region EEU: which pools serve region EEU`);
    expect(found[0]).toContain(AGAIN);
    expect(await messages(rule, ambiguousRegions(), DEPLOYED)).toEqual([]);
});

test("names a pool whose origins of different weights are on clouds not known yet", async () => {
    expect(await messages(rule, mixedWeightsStack(4), PREVIEW)).toEqual([expect.stringContaining("pool aws-gcp-pool: which of its origins (of different weights, or enabled or not) is on which cloud is not known until their addresses are")]);
    expect(await messages(rule, mixedWeightsStack(4), DEPLOYED)).toEqual([]);
});

test("names firewalls whose rules are not known yet", async () => {
    const { stack } = honestStack();
    rulesManagedElsewhere(stack);
    expect(await messages(rule, stack, PREVIEW)).toEqual([expect.stringContaining("aws-managed-elsewhere: its firewall rules")]);
    expect(await messages(rule, stack, DEPLOYED)).toEqual([]);
});

test("names a monitor the stack does not hold, whose timing it cannot know", async () => {
    const { stack } = honestStack({ site: { aws: { pool: { monitor: "0f4c4a0ecc2a4b0cb5a2a0b1c2d3e4f5" } } } });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("pool aws-pool: monitor 0f4c4a0ecc2a4b0cb5a2a0b1c2d3e4f5 is not in this stack, so its timing is not known")]);
});

test("says everything it waits for in one message", async () => {
    const stack = ambiguousRegions();
    rulesManagedElsewhere(stack);
    const found = await messages(rule, stack, PREVIEW);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("which pools serve region WEU");
    expect(found[0]).toContain("aws-managed-elsewhere: its firewall rules");
});

/** A switch that follows a machine's state, which the provider reports once the machine exists. */
function whileRunning(stack: ExchangeStack, node: Node): unknown {
    return stack.link(node.machine, "instanceState", (state) => state === "running");
}

test("names the load balancer, pool and origin whose enabled is not known yet, and is quiet once deployed", async () => {
    const stack = new ExchangeStack("switched");
    const nodes = [0, 1].map((index) => stack.node("aws", `aws-node-${index}`, `203.0.113.${10 + index}`));
    const aws = stack.pool("aws-pool", nodes.map((node, index) => ({ name: node.machine.name, address: node.address, enabled: index === 0 ? whileRunning(stack, node) : true })), { enabled: whileRunning(stack, nodes[1]) });
    const gcp = stack.site("gcp");
    const hetzner = stack.site("hetzner");
    stack.loadBalancer({ enabled: whileRunning(stack, nodes[0]), defaultPools: [stack.link(aws), stack.link(gcp.pool)], fallbackPool: stack.link(hetzner.pool) });
    const [found, ...more] = await messages(rule, stack, PREVIEW);
    expect(more).toEqual([]);
    expect(found).toContain(`load balancer ${HOST}: whether it is enabled (judged as if it were)`);
    expect(found).toContain("pool aws-pool: whether it is enabled (judged as if it were)");
    expect(found).toContain("pool aws-pool: whether origin aws-node-0 is enabled (judged as if it were)");
    expect(found).not.toContain("aws-node-1 is enabled");
    expect(await messages(rule, stack, DEPLOYED)).toEqual([]);
});

test("names region pools not known yet as a whole", async () => {
    const stack = new ExchangeStack("computed-regions");
    const sites = CLOUDS.map((cloud) => stack.site(cloud));
    stack.loadBalancer({ regionPools: stack.link(sites[0].pool, "id", (id) => ({ WEU: [id] })), defaultPools: sites.slice(0, 2).map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool) });
    expect(await messages(rule, stack, PREVIEW)).toEqual([expect.stringContaining(`load balancer ${HOST}: its regionPools`)]);
    expect(await messages(rule, stack, DEPLOYED)).toEqual([]);
});

test.each(VARIANTS.filter((variant) => variant.preview))("names a load balancer with no property known (its provider's configuration unknown), which gets no mandatory verdict (%o)", async (variant) => {
    // What the engine sends for a resource whose provider is not configured yet: empty inputs and outputs.
    const recorded = honestStack().stack.build(variant);
    const loadBalancer = recorded.find((resource) => resource.type === "cloudflare:index/loadBalancer:LoadBalancer")!;
    loadBalancer.inputs = {};
    loadBalancer.outputs = {};
    expect(await messages(rule, recorded)).toEqual([expect.stringContaining("load balancer api: none of its properties is known yet")]);
    const verdicts = await judge(recorded);
    expect(verdicts.filter((verdict) => verdict.enforcementLevel === "mandatory")).toEqual([]);
    expect(verdicts.map((verdict) => verdict.policy)).toContain("verdicts-pending");
});

test("names a pool whose monitor's timing is not known yet", async () => {
    // Cloudflare fills in the interval the program leaves out: a first preview does not know it.
    const stack = new ExchangeStack("computed-monitor");
    const monitor = stack.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", "computed-health", { accountId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", type: "https", path: "/healthz", timeout: 5, retries: 2, consecutiveDown: 2 }, { outputs: { id: "6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a", interval: 15 } });
    const sites = CLOUDS.map((cloud) => stack.site(cloud, cloud === "gcp" ? { pool: { monitor: stack.link(monitor) } } : {}));
    stack.loadBalancer({ defaultPools: sites.slice(0, 2).map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool) });
    const [found, ...more] = await messages(rule, stack, PREVIEW);
    expect(more).toEqual([]);
    expect(found).toContain("the timing of pool gcp-pool's monitor");
    expect(found).not.toContain("aws-pool's monitor");
    expect(await messages(rule, stack, DEPLOYED)).toEqual([]);
});

test("names a pool whose origins' clouds wait for their addresses, in one message whatever the order of its dependencies", async () => {
    const stack = new ExchangeStack("mixed-enabled");
    const gcp = stack.node("gcp", "gcp-node-0", "198.51.100.10");
    const aws = stack.node("aws", "aws-node-0", "203.0.113.10");
    const mixed = stack.pool("aws-gcp-pool", [{ name: "gcp-node-0", address: gcp.address, enabled: false }, { name: "aws-node-0", address: aws.address }]);
    stack.loadBalancer({ defaultPools: [stack.link(mixed)], fallbackPool: stack.link(mixed) });
    const [program, sorted] = await Promise.all(VARIANTS.filter((variant) => variant.preview).map((variant) => messages(rule, stack, variant)));
    expect(program).toEqual([expect.stringContaining("pool aws-gcp-pool: which of its origins (of different weights, or enabled or not) is on which cloud is not known until their addresses are")]);
    expect(sorted).toEqual(program);
});

test("names a rule's fallback pool not known yet, among candidates", async () => {
    const stack = new ExchangeStack("rule-candidates");
    const sites = CLOUDS.map((cloud) => stack.site(cloud));
    const awsAgain = stack.pool("aws-pool-2", sites[0].nodes.map((node) => ({ name: `${node.machine.name}-again`, address: node.address })));
    stack.loadBalancer({
        defaultPools: sites.slice(0, 2).map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool),
        rules: [{ name: "premium", condition: "any(http.request.headers[\"x-tier\"][*] eq \"premium\")", overrides: { defaultPools: [stack.link(sites[0].pool)], fallbackPool: stack.link(awsAgain) } }],
    });
    expect(await messages(rule, stack, PREVIEW)).toEqual([expect.stringContaining(`${HOST}, rule premium: the fallback pool of rule premium is not known yet`)]);
});
