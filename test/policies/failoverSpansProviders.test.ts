import { failoverSpansProviders as rule } from "../../policies/rules/failoverSpansProviders";
import { VARIANTS } from "./corpus/builder";
import { type Attachment, type Cloud, CLOUDS, DEPLOYED, ExchangeStack, HOST, PREVIEW, honestStack, messages, singleCloudStack } from "./exchangeStack";

const STOPPED: Record<Cloud, { outputs: Record<string, unknown>; reason: string }> = {
    aws: { outputs: { instanceState: "stopped" }, reason: "instanceState is stopped" },
    gcp: { outputs: { currentStatus: "TERMINATED" }, reason: "currentStatus is TERMINATED" },
    hetzner: { outputs: { status: "off" }, reason: "status is off" },
};

const ATTACHMENTS: [Cloud, Attachment][] = [
    ["aws", "eip"], ["aws", "eipAssociation"], ["aws", "instance"],
    ["gcp", "staticAddress"], ["gcp", "ephemeral"],
    ["hetzner", "primaryIp"], ["hetzner", "floatingIp"], ["hetzner", "floatingIpAssignment"], ["hetzner", "server"],
];

/**
 * `cloud`'s pool first, the next cloud's as the fallback, and the third cloud's machines serving elsewhere (so that the
 * stack as a whole spans two clouds either way); `cloud`'s nodes reach their addresses through `attachment`.
 */
function primaryAndFallback(cloud: Cloud, attachment: Attachment, stopped: boolean, imported = false): ExchangeStack {
    const stack = new ExchangeStack("attached", { imported });
    const [fallbackCloud, spareCloud] = CLOUDS.filter((other) => other !== cloud);
    const primary = stack.site(cloud, { node: () => ({ attachment, ...(stopped ? { outputs: STOPPED[cloud].outputs } : {}) }) });
    const fallback = stack.site(fallbackCloud);
    stack.site(spareCloud);
    stack.loadBalancer({ defaultPools: [stack.link(primary.pool)], fallbackPool: stack.link(fallback.pool) });
    return stack;
}

test("is the mandatory rule failover-spans-providers", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["failover-spans-providers", "mandatory"]);
});

test.each(VARIANTS)("passes default pools on three clouds (%o)", async (variant) => {
    expect(await messages(rule, honestStack().stack, variant)).toEqual([]);
});

test.each(VARIANTS)("leaves a single-provider stack to exchange-nodes-span-providers (%o)", async (variant) => {
    expect(await messages(rule, singleCloudStack("gcp"), variant)).toEqual([]);
});

describe.each(ATTACHMENTS)("an origin's address reaches its %s machine through %s", (cloud, attachment) => {
    test.each(VARIANTS)("so the class spans two clouds (%o)", async (variant) => {
        expect(await messages(rule, primaryAndFallback(cloud, attachment, false), variant)).toEqual([]);
    });

    test("in an imported stack too, where literal IDs stand for the references", async () => {
        expect(await messages(rule, primaryAndFallback(cloud, attachment, false, true))).toEqual([]);
    });

    test("so the machine's stopped state takes its origin out", async () => {
        const [found, ...more] = await messages(rule, primaryAndFallback(cloud, attachment, true));
        expect(more).toEqual([]);
        expect(found).toContain(`${HOST}, traffic class default: the origins that can serve it run on ${CLOUDS.find((other) => other !== cloud)} only`);
        expect(found).toContain(`${cloud}-pool/${cloud}-node-0 (${cloud}-node-0: ${STOPPED[cloud].reason})`);
    });
});

test("an imported stack, with pools and machines named by literal IDs and addresses, spans its clouds", async () => {
    for (const order of ["program", "sorted"] as const) {
        expect(await messages(rule, honestStack({ imported: true }).stack, { preview: false, order })).toEqual([]);
    }
    const { stack } = honestStack({ imported: true, loadBalancer: (pool) => ({ defaultPools: [pool("gcp")], fallbackPool: pool("gcp") }) });
    expect(await messages(rule, stack)).toEqual([expect.stringContaining("traffic class default: the origins that can serve it run on gcp only")]);
});

test.each([
    ["region", "regionPools", "WEU"],
    ["PoP", "popPools", "FRA"],
    ["country", "countryPools", "US"],
])("a %s pool and the fallback on one cloud leave that class on one cloud", async (label, property, key) => {
    const onAws = honestStack({ loadBalancer: (pool) => ({ [property]: { [key]: [pool("aws")] }, fallbackPool: pool("aws") }) }).stack;
    const [found, ...more] = await messages(rule, onAws);
    expect(more).toEqual([]);
    expect(found).toContain(`${HOST}, traffic class ${label} ${key}: the origins that can serve it run on aws only`);
    expect(found).toContain("clouds with serving machines in this stack: aws, gcp and hetzner; at least 2 required");
    expect(found).toContain("Give this class pools, or a fallback, on another cloud");
    // The class ends in the fallback: on another cloud, it spans two.
    const fallbackElsewhere = honestStack({ loadBalancer: (pool) => ({ [property]: { [key]: [pool("aws")] } }) }).stack;
    expect(await messages(rule, fallbackElsewhere)).toEqual([]);
});

test("traffic classes with one finding are reported together, once", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ regionPools: { EEU: [pool("aws")], WEU: [pool("aws")] }, countryPools: { DE: [pool("aws")] }, fallbackPool: pool("aws") }) });
    const found = await messages(rule, stack);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("traffic classes region EEU, region WEU and country DE: the origins that can serve them run on aws only");
});

test("an enabled rule's overrides are a traffic class of their own; fixed-response and disabled rules are not", async () => {
    const withRules = (premium: (pool: (cloud: Cloud) => unknown) => Record<string, unknown>) => honestStack({
        loadBalancer: (pool) => ({
            rules: [
                { name: "maintenance", condition: "http.request.uri.path eq \"/maintenance\"", fixedResponse: { statusCode: 503, messageBody: "maintenance" }, overrides: { defaultPools: [pool("gcp")], fallbackPool: pool("gcp") } },
                { name: "legacy", condition: "http.host eq \"old.example-exchange.com\"", disabled: true, overrides: { defaultPools: [pool("gcp")], fallbackPool: pool("gcp") } },
                { name: "premium", condition: "any(http.request.headers[\"x-tier\"][*] eq \"premium\")", ...premium(pool) },
            ],
        }),
    }).stack;
    expect(await messages(rule, withRules((pool) => ({ overrides: { defaultPools: [pool("aws")] } })))).toEqual([]);
    const [found, ...more] = await messages(rule, withRules((pool) => ({ overrides: { defaultPools: [pool("aws")], fallbackPool: pool("aws") } })));
    expect(more).toEqual([]);
    expect(found).toContain("traffic class rule premium: the origins that can serve it run on aws only");
    const regional = await messages(rule, withRules((pool) => ({ overrides: { regionPools: { ENAM: [pool("hetzner")] }, fallbackPool: pool("hetzner") } })));
    expect(regional).toEqual([expect.stringContaining("traffic class rule premium, region ENAM: the origins that can serve it run on hetzner only")]);
});

test("a disabled load balancer serves no traffic, so its pools are not judged", async () => {
    const narrow = (enabled: boolean) => honestStack({ loadBalancer: (pool) => ({ enabled, defaultPools: [pool("aws")], fallbackPool: pool("aws") }) }).stack;
    expect(await messages(rule, narrow(true))).toHaveLength(1);
    expect(await messages(rule, narrow(false))).toEqual([]);
});

test("a disabled pool takes no traffic, and the message says so", async () => {
    const { stack } = honestStack({ site: { gcp: { pool: { enabled: false } } }, loadBalancer: (pool) => ({ defaultPools: [pool("gcp"), pool("aws")], fallbackPool: pool("aws") }) });
    const [found] = await messages(rule, stack);
    expect(found).toContain("run on aws only");
    expect(found).toContain("taking no traffic: pool gcp-pool (disabled)");
});

test.each(VARIANTS)("disabled origins and origins of weight 0 take no traffic (%o)", async (variant) => {
    const { stack } = honestStack({ site: { gcp: { origin: () => ({ enabled: false }) }, hetzner: { origin: () => ({ weight: 0 }) } } });
    const [found, ...more] = await messages(rule, stack, variant);
    expect(more).toEqual([]);
    expect(found).toContain("traffic class default: the origins that can serve it run on aws only");
    expect(found).toContain("gcp-pool/gcp-node-0 (disabled)");
    expect(found).toContain("hetzner-pool/hetzner-node-1 (weight 0)");
});

test.each(VARIANTS)("a private origin address with no virtual network is unreachable for Cloudflare (%o)", async (variant) => {
    const { stack } = honestStack({ site: { gcp: { origin: (index) => ({ address: `10.20.0.${index + 5}` }) }, hetzner: { origin: (index) => ({ address: `192.168.1.${index + 5}` }) } } });
    const [found] = await messages(rule, stack, variant);
    expect(found).toContain("run on aws only");
    expect(found).toContain("gcp-pool/gcp-node-0 (a private address (10.20.0.5) with no virtual network)");
    expect(found).toContain("hetzner-pool/hetzner-node-1 (a private address (192.168.1.6) with no virtual network)");
});

test("an origin whose address matches nothing the stack manages serves from no known cloud", async () => {
    const { stack } = honestStack({ site: { gcp: { pool: { enabled: false } }, hetzner: { origin: (index) => ({ address: `100.64.7.${index + 1}` }) } } });
    const [found] = await messages(rule, stack);
    expect(found).toContain("run on aws only");
    expect(found).toContain("hetzner-pool/hetzner-node-0 (hetzner-node-0 (100.64.7.1) matches nothing this stack manages)");
});

test("minProviders raises the bar for every class", async () => {
    const { stack } = honestStack({ loadBalancer: (pool) => ({ defaultPools: [pool("aws"), pool("gcp")], fallbackPool: pool("gcp") }) });
    expect(await messages(rule, stack)).toEqual([]);
    const [found] = await messages(rule, stack, DEPLOYED, { minProviders: 3 });
    expect(found).toContain("run on aws and gcp only (clouds with serving machines in this stack: aws, gcp and hetzner; at least 3 required)");
});

test("in a first preview, a class whose pools are not known yet gets no verdict; one whose pools are gets the deployed verdict", async () => {
    // Two region entries reference pools through one property: which region has which is not known before the IDs are.
    const ambiguous = honestStack({ loadBalancer: (pool) => ({ regionPools: { WEU: [pool("aws")], EEU: [pool("gcp")] }, fallbackPool: pool("aws") }) }).stack;
    expect(await messages(rule, ambiguous, DEPLOYED)).toEqual([expect.stringContaining("traffic class region WEU: the origins that can serve it run on aws only")]);
    expect(await messages(rule, ambiguous, PREVIEW)).toEqual([]);
    const single = honestStack({ loadBalancer: (pool) => ({ regionPools: { WEU: [pool("aws")] }, fallbackPool: pool("aws") }) }).stack;
    expect(await messages(rule, single, PREVIEW)).toEqual([expect.stringContaining("traffic class region WEU: the origins that can serve it run on aws only")]);
});

describe.each(VARIANTS)("where an origin's address leads (%o)", (variant) => {
    /** AWS nodes in an autoscaling group behind a network load balancer whose Elastic IPs are the AWS pool's origins. */
    function behindNetworkLoadBalancer(desiredCapacity: number): ExchangeStack {
        const stack = new ExchangeStack("nlb");
        const arn = (kind: string, name: string) => `arn:aws:elasticloadbalancing:eu-central-1:123456789012:${kind}/${name}`;
        const eips = ["203.0.113.40", "203.0.113.41"].map((address, index) => stack.resource("aws:ec2/eip:Eip", `aws-nlb-ip-${index}`, { domain: "vpc" }, {
            outputs: { id: `eipalloc-0nlb${index}000000000000`, allocationId: `eipalloc-0nlb${index}000000000000`, publicIp: address },
        }));
        const nlb = stack.resource("aws:lb/loadBalancer:LoadBalancer", "aws-nlb", {
            loadBalancerType: "network", internal: false,
            subnetMappings: eips.map((eip, index) => ({ subnetId: `subnet-0${index}a1b2c3d4e5f6078`, allocationId: stack.link(eip, "allocationId") })),
        }, { outputs: { id: arn("loadbalancer", "net/aws-nlb/0a1b2c3d4e5f6071"), arn: arn("loadbalancer", "net/aws-nlb/0a1b2c3d4e5f6071"), dnsName: "aws-nlb-0a1b2c3d4e.elb.eu-central-1.amazonaws.com" } });
        const targets = stack.resource("aws:lb/targetGroup:TargetGroup", "aws-https", { port: 443, protocol: "TCP", vpcId: "vpc-0c1a2b3c4d5e6f708", targetType: "instance" }, {
            outputs: { id: arn("targetgroup", "aws-https/0a1b2c3d4e5f6072"), arn: arn("targetgroup", "aws-https/0a1b2c3d4e5f6072") },
        });
        stack.resource("aws:lb/listener:Listener", "aws-https", { loadBalancerArn: stack.link(nlb, "arn"), port: 443, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: stack.link(targets, "arn") }] }, {
            outputs: { id: arn("listener", "net/aws-nlb/0a1b2c3d4e5f6071/0a1b2c3d4e5f6073"), arn: arn("listener", "net/aws-nlb/0a1b2c3d4e5f6071/0a1b2c3d4e5f6073") },
        });
        stack.resource("aws:autoscaling/group:Group", "aws-nodes", {
            vpcZoneIdentifiers: ["subnet-00a1b2c3d4e5f6078", "subnet-01a1b2c3d4e5f6078"], launchTemplate: { id: "lt-0123456789abcdef0", version: "$Latest" },
            minSize: desiredCapacity, maxSize: 4, desiredCapacity, targetGroupArns: [stack.link(targets, "arn")],
        }, { outputs: { id: "aws-nodes", arn: "arn:aws:autoscaling:eu-central-1:123456789012:autoScalingGroup:aws-nodes" } });
        const aws = stack.pool("aws-pool", eips.map((eip, index) => ({ name: `aws-nlb-${index}`, address: stack.link(eip, "publicIp") })));
        const gcp = stack.site("gcp");
        stack.site("hetzner");
        stack.loadBalancer({ defaultPools: [stack.link(aws)], fallbackPool: stack.link(gcp.pool) });
        return stack;
    }

    test("an NLB's Elastic IPs lead through its listener and target group to the autoscaling group on AWS", async () => {
        expect(await messages(rule, behindNetworkLoadBalancer(2), variant)).toEqual([]);
        // What the addresses reach shows once they are known: a group scaled to zero serves nothing. (In a first
        // preview the two origins share the one group, and its size is not applied to them.)
        if (variant.preview) return;
        const [found, ...more] = await messages(rule, behindNetworkLoadBalancer(0), variant);
        expect(more).toEqual([]);
        expect(found).toContain(`${HOST}, traffic class default: the origins that can serve it run on gcp only`);
        expect(found).toContain("aws-pool/aws-nlb-0 (aws-nodes: its size is 0)");
    });

    /** `cloud`'s pool first, through Cloudflare Tunnel origins at its nodes' private addresses, and the next cloud's as the fallback. */
    function tunnelled(cloud: Cloud, virtualNetworkId: string | undefined): ExchangeStack {
        const network: Record<Cloud, string> = { aws: "10.20.0", gcp: "10.30.0", hetzner: "10.40.0" };
        const privateAddress = (index: number) => `${network[cloud]}.${10 + index}`;
        const inputs: Record<Cloud, (index: number) => Record<string, unknown>> = {
            aws: (index) => ({ privateIp: privateAddress(index) }),
            gcp: (index) => ({ networkInterfaces: [{ network: "default", subnetwork: "exchange-europe-west3", networkIp: privateAddress(index) }] }),
            hetzner: (index) => ({ networks: [{ networkId: 4711, ip: privateAddress(index) }] }),
        };
        const fallback = CLOUDS[(CLOUDS.indexOf(cloud) + 1) % CLOUDS.length];
        return honestStack({
            site: { [cloud]: { node: (index: number) => ({ inputs: inputs[cloud](index) }), origin: (index: number) => ({ address: privateAddress(index), virtualNetworkId }) } },
            loadBalancer: (pool) => ({ defaultPools: [pool(cloud)], fallbackPool: pool(fallback) }),
        }).stack;
    }

    test.each(CLOUDS)("a Cloudflare Tunnel origin (a private address with a virtual network) serves from the %s machine holding that address", async (cloud) => {
        expect(await messages(rule, tunnelled(cloud, "7b5c9a1e-3d2f-4c6b-8a9e-0f1d2c3b4a59"), variant)).toEqual([]);
        const [found, ...more] = await messages(rule, tunnelled(cloud, undefined), variant);
        expect(more).toEqual([]);
        expect(found).toContain(`run on ${CLOUDS[(CLOUDS.indexOf(cloud) + 1) % CLOUDS.length]} only`);
        expect(found).toContain(`${cloud}-pool/${cloud}-node-0 (a private address (`);
        expect(found).toContain("with no virtual network)");
    });

    test.each([["random"], ["off"], ["dynamic_latency"], ["proximity"], ["least_outstanding_requests"], ["least_connections"]])("region, PoP and country pools are unused under %s steering", async (steeringPolicy) => {
        const { stack } = honestStack({ loadBalancer: (pool) => ({ steeringPolicy, regionPools: { WEU: [pool("aws")] }, popPools: { FRA: [pool("aws")] }, countryPools: { DE: [pool("aws")] }, fallbackPool: pool("aws") }) });
        expect(await messages(rule, stack, variant)).toEqual([]);
    });

    test.each([["geo"], [undefined], [""]])("region, PoP and country pools steer under %p steering", async (steeringPolicy) => {
        const { stack } = honestStack({ loadBalancer: (pool) => ({ steeringPolicy, regionPools: { WEU: [pool("aws")] }, fallbackPool: pool("aws") }) });
        expect(await messages(rule, stack, variant)).toEqual([expect.stringContaining(`${HOST}, traffic class region WEU: the origins that can serve it run on aws only`)]);
    });

    test("a rule override's own steeringPolicy decides whether its maps steer", async () => {
        const withRule = (steeringPolicy: string, overrideSteering: string | undefined) => honestStack({
            loadBalancer: (pool) => ({
                steeringPolicy,
                rules: [{ name: "premium", condition: "any(http.request.headers[\"x-tier\"][*] eq \"premium\")", overrides: { steeringPolicy: overrideSteering, regionPools: { ENAM: [pool("hetzner")] }, fallbackPool: pool("hetzner") } }],
            }),
        }).stack;
        const narrow = expect.stringContaining("traffic class rule premium, region ENAM: the origins that can serve it run on hetzner only");
        expect(await messages(rule, withRule("random", "geo"), variant)).toEqual([narrow]);
        expect(await messages(rule, withRule("geo", "random"), variant)).toEqual([]);
        // Without a policy of its own, the rule follows the load balancer's.
        expect(await messages(rule, withRule("geo", undefined), variant)).toEqual([narrow]);
        expect(await messages(rule, withRule("random", undefined), variant)).toEqual([]);
    });

    test("a rule's override whose pools may only be either of two pools on one cloud is on that cloud", async () => {
        // In a first preview, the rule's default and fallback pools are unknown IDs among its two dependencies.
        const stack = new ExchangeStack("rule-candidates");
        const sites = CLOUDS.map((cloud) => stack.site(cloud));
        const awsAgain = stack.pool("aws-pool-2", sites[0].nodes.map((node) => ({ name: `${node.machine.name}-again`, address: node.address })));
        stack.loadBalancer({
            defaultPools: sites.map((site) => stack.link(site.pool)), fallbackPool: stack.link(sites[2].pool),
            rules: [{ name: "premium", condition: "any(http.request.headers[\"x-tier\"][*] eq \"premium\")", overrides: { defaultPools: [stack.link(sites[0].pool)], fallbackPool: stack.link(awsAgain) } }],
        });
        expect(await messages(rule, stack, variant)).toEqual([expect.stringContaining(`${HOST}, traffic class rule premium: the origins that can serve it run on aws only`)]);
    });
});

test("an imported Hetzner floating IP and its assignment, by literal numeric IDs with no dependencies, serve from the server's cloud", async () => {
    const stack = new ExchangeStack("imported-floating", { imported: true });
    const hetzner = stack.site("hetzner", { node: () => ({ attachment: "floatingIpAssignment" }) });
    const aws = stack.site("aws");
    stack.loadBalancer({ defaultPools: [stack.link(hetzner.pool)], fallbackPool: stack.link(aws.pool) });
    const recorded = stack.build(DEPLOYED);
    const assignments = recorded.filter((resource) => resource.type === "hcloud:index/floatingIpAssignment:FloatingIpAssignment");
    expect(assignments.map((resource) => [typeof resource.inputs.floatingIpId, typeof resource.inputs.serverId, resource.dependencies])).toEqual([["number", "number", []], ["number", "number", []]]);
    expect(await messages(rule, recorded)).toEqual([]);
    // The floating IPs' own servers stopped: the pool serves from no cloud, so the class runs on AWS only.
    const stopped = new ExchangeStack("imported-floating", { imported: true });
    const off = stopped.site("hetzner", { node: () => ({ attachment: "floatingIpAssignment", outputs: { status: "off" } }) });
    const on = stopped.site("aws");
    stopped.site("gcp");
    stopped.loadBalancer({ defaultPools: [stopped.link(off.pool)], fallbackPool: stopped.link(on.pool) });
    expect(await messages(rule, stopped)).toEqual([expect.stringContaining("hetzner-pool/hetzner-node-0 (hetzner-node-0: status is off)")]);
});

test("in a first preview, two origins of unknown addresses, one disabled, get one verdict whatever the order of the pool's dependencies", async () => {
    // The GCP origin, first in the program, is disabled; sorted, the AWS address's URN comes first.
    const stack = new ExchangeStack("mixed-enabled");
    const gcp = stack.node("gcp", "gcp-node-0", "198.51.100.10");
    const aws = stack.node("aws", "aws-node-0", "203.0.113.10");
    const mixed = stack.pool("aws-gcp-pool", [{ name: "gcp-node-0", address: gcp.address, enabled: false }, { name: "aws-node-0", address: aws.address }]);
    stack.loadBalancer({ defaultPools: [stack.link(mixed)], fallbackPool: stack.link(mixed) });
    const previews = VARIANTS.filter((variant) => variant.preview);
    const dependencies = previews.map((variant) => stack.build(variant).find((resource) => resource.name === "aws-gcp-pool")!.propertyDependencies.origins.map((urn) => urn.split("::").pop()));
    expect(dependencies).toEqual([["gcp-node-0-ip", "aws-node-0-ip"], ["aws-node-0-ip", "gcp-node-0-ip"]]);
    for (const variant of previews) {
        expect(await messages(rule, stack, variant)).toEqual([]);
    }
    // Once deployed, the addresses tell: only the AWS origin serves.
    const [found] = await messages(rule, stack, DEPLOYED);
    expect(found).toContain("traffic class default: the origins that can serve it run on aws only");
    expect(found).toContain("aws-gcp-pool/gcp-node-0 (disabled)");
});
