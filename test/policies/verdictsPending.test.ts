import { verdictsPending as rule } from "../../policies/rules/verdictsPending";
import { VARIANTS } from "./corpus/builder";
import { DEPLOYED, ExchangeStack, HOST, PREVIEW, honestStack, messages, mixedWeightsStack } from "./exchangeStack";

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
