import amis from "../plan/fixtures/aws-ami.json";
import * as ipRanges from "../plan/fixtures/cloudflare-ip-ranges.json";
import { architectureOf, ubuntuAmiName } from "../components/sites/aws";
import type { MockRunResult, RecordedResource } from "../plan/mockRun";
import type { FixtureName } from "./fixtures/configs";
import { fixture, ofType, providerOf, reveal, runConfig, runFixture } from "./harness";

const STACKS: FixtureName[] = ["small", "medium", "large"];
const NODE_TYPES = ["aws:ec2/instance:Instance", "gcp:compute/instance:Instance", "hcloud:index/server:Server"];
const VOLUME_TYPES: Record<string, string> = { aws: "aws:ebs/volume:Volume", gcp: "gcp:compute/disk:Disk", hetzner: "hcloud:index/volume:Volume" };
const ADDRESS_TYPES: Record<string, string> = { aws: "aws:ec2/eip:Eip", gcp: "gcp:compute/address:Address", hetzner: "hcloud:index/primaryIp:PrimaryIp" };
/** Resource types whose APIs take no tags or labels. */
const UNLABELLED = new Set([
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/volumeAttachment:VolumeAttachment",
    "gcp:compute/network:Network",
    "gcp:compute/subnetwork:Subnetwork",
    "gcp:compute/firewall:Firewall",
    "gcp:compute/attachedDisk:AttachedDisk",
    "hcloud:index/networkSubnet:NetworkSubnet",
    "hcloud:index/volumeAttachment:VolumeAttachment",
]);
const WORLD = ["0.0.0.0/0", "::/0"];

const runs = new Map<string, MockRunResult>();
const amiFixture = (architecture: string) => amis.find((ami) => ami.architecture === architecture)!;
beforeAll(async () => {
    for (const stack of STACKS) {
        runs.set(stack, await runFixture(stack));
    }
});

function siteOf(resource: RecordedResource): string {
    return resource.urn.split("::").pop()!.replace(/-(node|data|ip|data-attach)-\d+$/, "");
}

describe.each(STACKS)("stack %s", (stack) => {
    const resources = () => runs.get(stack)!.resources;
    const nodes = () => resources().filter((resource) => NODE_TYPES.includes(resource.type));

    test("registers the expected resources per provider", () => {
        const perProvider: Record<string, Record<string, number>> = {};
        for (const resource of resources().filter((r) => r.custom && !r.type.startsWith("pulumi:"))) {
            const counts = (perProvider[providerOf(resource)] ??= {});
            counts[resource.type] = (counts[resource.type] ?? 0) + 1;
        }
        expect(Object.keys(perProvider).sort()).toEqual(["aws", "cloudflare", "gcp", "hetzner", "pulumi-nodejs", "tls"]);
        const sites = new Set(nodes().map(siteOf));
        expect(perProvider["pulumi-nodejs"]).toEqual({
            "pulumi-nodejs:dynamic/exchange:NodeHealthGate": nodes().length,
            "pulumi-nodejs:dynamic/exchange:VolumeSizeGuard": sites.size,
        });
        for (const provider of ["aws", "gcp", "hetzner"]) {
            const nodeCount = nodes().filter((node) => providerOf(node) === provider).length;
            expect(nodeCount).toBeGreaterThanOrEqual(1);
            expect(perProvider[provider][VOLUME_TYPES[provider]]).toBe(nodeCount);
            expect(perProvider[provider][ADDRESS_TYPES[provider]]).toBe(nodeCount);
        }
        expect(perProvider.aws["aws:ec2/vpc:Vpc"]).toBe(1);
        const subnetZones = ofType(resources(), "aws:ec2/subnet:Subnet").map((subnet) => subnet.inputs.availabilityZone as string);
        const awsZones = fixture(stack).sites.find((site: { provider: string }) => site.provider === "aws").zones as string[];
        expect(subnetZones.sort()).toEqual([...awsZones].sort());
        expect(perProvider.aws["aws:ec2/internetGateway:InternetGateway"]).toBe(1);
        expect(perProvider.aws["aws:ec2/securityGroup:SecurityGroup"]).toBe(1);
        expect(perProvider.gcp["gcp:compute/network:Network"]).toBe(1);
        expect(perProvider.gcp["gcp:compute/firewall:Firewall"]).toBe(1);
        expect(perProvider.hetzner["hcloud:index/firewall:Firewall"]).toBe(1);
        expect(perProvider.hetzner["hcloud:index/placementGroup:PlacementGroup"]).toBe(1);
        expect(perProvider.aws["aws:ec2/networkAcl:NetworkAcl"]).toBe(1);
        expect(perProvider.cloudflare).toEqual({
            "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor": 1,
            "cloudflare:index/loadBalancerPool:LoadBalancerPool": 3,
            "cloudflare:index/loadBalancer:LoadBalancer": 1,
            "cloudflare:index/originCaCertificate:OriginCaCertificate": 1,
            "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate": 1,
            "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls": 1,
        });
    });

    test("every node has its own data volume, attached, and a static address", () => {
        for (const node of nodes()) {
            const provider = providerOf(node);
            const index = node.name.split("-").pop();
            const site = siteOf(node);
            const volume = ofType(resources(), VOLUME_TYPES[provider]).find((r) => r.name === `${site}-data-${index}`)!;
            const address = ofType(resources(), ADDRESS_TYPES[provider]).find((r) => r.name === `${site}-ip-${index}`)!;
            expect(volume.retainOnDelete).toBe(true);
            expect(address.dependencies.includes(node.urn) || node.dependencies.includes(address.urn)).toBe(true);
            // AWS attaches through a VolumeAttachment, GCP when the instance is created, Hetzner through the volume.
            const attached = {
                aws: () => resources().find((r) => r.name === `${site}-data-attach-${index}`)!.propertyDependencies,
                gcp: () => node.propertyDependencies,
                hetzner: () => volume.propertyDependencies,
            }[provider]!();
            expect(Object.values(attached).flat()).toEqual(expect.arrayContaining(provider === "hetzner" ? [node.urn] : [volume.urn]));
        }
    });

    test("firewalls admit only Cloudflare's ranges, only on the node port, and never SSH from anywhere", () => {
        const cloudflare = [...ipRanges.ipv4Cidrs, ...ipRanges.ipv6Cidrs];
        const [group] = ofType(resources(), "aws:ec2/securityGroup:SecurityGroup");
        const ingress = group.inputs.ingress as { fromPort: number; toPort: number; cidrBlocks: string[]; ipv6CidrBlocks: string[] }[];
        expect(ingress).toHaveLength(1);
        expect(ingress[0]).toMatchObject({ fromPort: 443, toPort: 443 });
        expect([...ingress[0].cidrBlocks, ...ingress[0].ipv6CidrBlocks].sort()).toEqual([...cloudflare].sort());

        for (const rule of ofType(resources(), "gcp:compute/firewall:Firewall")) {
            expect(rule.inputs.allows).toEqual([{ protocol: "tcp", ports: ["443"] }]);
            expect((rule.inputs.sourceRanges as string[]).sort()).toEqual([...ipRanges.ipv4Cidrs].sort());
        }
        for (const firewall of ofType(resources(), "hcloud:index/firewall:Firewall")) {
            const rules = firewall.inputs.rules as { port: string; direction: string; sourceIps: string[] }[];
            expect(rules).toHaveLength(1);
            expect(rules[0]).toMatchObject({ port: "443", direction: "in" });
            expect([...rules[0].sourceIps].sort()).toEqual([...cloudflare].sort());
        }
        const opened = JSON.stringify([group.inputs.ingress, ...ofType(resources(), "gcp:compute/firewall:Firewall").map((r) => r.inputs), ...ofType(resources(), "hcloud:index/firewall:Firewall").map((r) => r.inputs)]);
        for (const world of WORLD) {
            expect(opened).not.toContain(`"${world}"`);
        }
        expect(opened).not.toMatch(/"(fromPort|port|ports)":\s*\[?"?22"?/);
    });

    test("one pool per site, in priority order, with a fallback on another provider than the first default pool", () => {
        const pools = ofType(resources(), "cloudflare:index/loadBalancerPool:LoadBalancerPool");
        const sites = new Set(nodes().map(siteOf));
        expect(pools.map((pool) => pool.name.replace("exchange-failover-pool-", "")).sort()).toEqual([...sites].sort());
        for (const pool of pools) {
            const site = pool.name.replace("exchange-failover-pool-", "");
            const origins = pool.inputs.origins as { address: string }[];
            expect(origins).toHaveLength(nodes().filter((node) => siteOf(node) === site).length);
            expect(pool.inputs.monitor).toBeTruthy();
        }
        const [loadBalancer] = ofType(resources(), "cloudflare:index/loadBalancer:LoadBalancer");
        const poolProvider = (id: string) => pools.find((pool) => pool.id === id)!.inputs.description!.toString().split(" ")[0];
        const defaults = loadBalancer.inputs.defaultPools as string[];
        expect(defaults).toHaveLength(pools.length);
        expect(poolProvider(loadBalancer.inputs.fallbackPool as string)).not.toBe(poolProvider(defaults[0]));
        expect(loadBalancer.inputs.proxied).toBe(true);
        expect(loadBalancer.inputs.adaptiveRouting).toEqual({ failoverAcrossPools: true });
    });

    test("every resource that takes labels carries stack, provider, site and role", () => {
        const labelled = resources().filter((r) => r.custom && /^(aws|gcp|hcloud):/.test(r.type) && !r.type.startsWith("pulumi:") && !UNLABELLED.has(r.type));
        expect(labelled.length).toBeGreaterThan(10);
        for (const resource of labelled) {
            const labels = (resource.type.startsWith("aws:") ? resource.inputs.tags : resource.inputs.labels) as Record<string, string>;
            expect({ type: resource.type, labels }).toEqual({
                type: resource.type,
                labels: { stack, provider: providerOf(resource), site: siteOf(resource).replace(/-(vpc|igw|routes|subnet|firewall|isolation|network|spread)(-.*)?$/, ""), role: expect.any(String) },
            });
        }
    });

    test("nodes are hardened: IMDSv2 and encrypted disks on AWS, Shielded VM and no service account on GCP", () => {
        for (const instance of ofType(resources(), "aws:ec2/instance:Instance")) {
            expect(instance.inputs.metadataOptions).toMatchObject({ httpTokens: "required" });
            expect(instance.inputs.rootBlockDevice).toMatchObject({ encrypted: true });
        }
        for (const volume of ofType(resources(), "aws:ebs/volume:Volume")) {
            expect(volume.inputs).toMatchObject({ encrypted: true, type: "gp3" });
        }
        for (const instance of ofType(resources(), "gcp:compute/instance:Instance")) {
            expect(instance.inputs.shieldedInstanceConfig).toEqual({ enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true });
            expect(instance.inputs.serviceAccount).toBeUndefined();
        }
        for (const server of ofType(resources(), "hcloud:index/server:Server")) {
            expect(reveal(server.inputs.userData as string)).toContain("/etc/exchange/volume.key");
        }
    });

    test("data volumes are always retained on delete, and protected where the stack says so", () => {
        const protectData = fixture(stack).protectData;
        const volumes = resources().filter((r) => Object.values(VOLUME_TYPES).includes(r.type));
        expect(volumes.length).toBe(nodes().length);
        for (const volume of volumes) {
            expect({ name: volume.name, retain: volume.retainOnDelete, protect: volume.protect }).toEqual({ name: volume.name, retain: true, protect: protectData });
        }
    });

    test("exports the node inventory, the pool IDs and the public hostname", () => {
        const { outputs } = runs.get(stack)!;
        expect(outputs.hostname).toMatch(/example\.com$/);
        expect((outputs.nodes as unknown[]).length).toBe(nodes().length);
        expect(Object.keys(outputs.poolIds as object).length).toBe(3);
    });
});

test("the large stack spreads at least two nodes per provider over two or more zones, on a Business-plan interval", () => {
    const resources = runs.get("large")!.resources;
    const zones: Record<string, Set<string>> = {};
    for (const node of (runs.get("large")!.outputs.nodes as { provider: string; zone: string }[])) {
        (zones[node.provider] ??= new Set()).add(node.zone);
    }
    for (const provider of ["aws", "gcp", "hetzner"]) {
        expect(zones[provider].size).toBeGreaterThanOrEqual(2);
    }
    const [monitor] = ofType(resources, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor");
    expect(monitor.inputs.interval).toBeLessThan(60);
    expect(monitor.inputs.interval).toBeGreaterThanOrEqual(15);
});

describe("what the providers need to hear, in the order they need it", () => {
    const resources = () => runs.get("medium")!.resources;
    const named = (name: string) => resources().find((resource) => resource.name === name)!;

    test("AWS nodes and addresses wait for the internet gateway and the routes to it", () => {
        const gateway = named("aws-fra-igw");
        const associations = ofType(resources(), "aws:ec2/routeTableAssociation:RouteTableAssociation");
        for (const resource of [...ofType(resources(), "aws:ec2/instance:Instance"), ...ofType(resources(), "aws:ec2/eip:Eip")]) {
            expect(resource.dependencies).toEqual(expect.arrayContaining([gateway.urn, ...associations.map((association) => association.urn)]));
        }
    });

    test("AWS nodes boot the pinned Ubuntu release, and nothing hides a change of it", () => {
        for (const instance of ofType(resources(), "aws:ec2/instance:Instance")) {
            expect(instance.ignoreChanges).toEqual([]);
            expect(instance.inputs.userDataReplaceOnChange).toBe(true);
        }
        expect(ofType(resources(), "aws:ec2/instance:Instance")[0].inputs.ami).toBe(amiFixture("x86_64").id);
    });

    test("Hetzner primary IPs name an assignee type only with an assignee (the provider warns otherwise)", () => {
        // terraform-provider-hcloud, internal/primaryip/resource.go ValidateConfig: "Unused Attribute" on assignee_type alone.
        for (const address of ofType(resources(), "hcloud:index/primaryIp:PrimaryIp")) {
            expect("assigneeType" in address.inputs).toBe("assigneeId" in address.inputs);
        }
    });

    test("Graviton sizes boot the arm64 release of the same image, the others the x86_64 one", async () => {
        const config = fixture("small");
        config.sites[0].size = "c7g.large";
        const { resources: graviton } = await runConfig(config, "graviton");
        expect(ofType(graviton, "aws:ec2/instance:Instance").map((instance) => instance.inputs.ami)).toEqual([amiFixture("arm64").id]);
        expect(amiFixture("arm64").name).toBe(ubuntuAmiName("arm64"));
        expect(amiFixture("x86_64").name).toBe(ubuntuAmiName("x86_64"));
    });

    test.each([
        ["a1.large", "arm64"], ["t4g.small", "arm64"], ["c6gn.xlarge", "arm64"], ["im4gn.large", "arm64"], ["is4gen.large", "arm64"],
        ["x2gd.large", "arm64"], ["hpc7g.4xlarge", "arm64"], ["m8gd.large", "arm64"], ["g5g.xlarge", "arm64"], ["p6e-gb200.36xlarge", "arm64"],
        ["t3.medium", "x86_64"], ["m7i-flex.large", "x86_64"], ["c7a.large", "x86_64"], ["g4ad.xlarge", "x86_64"], ["u7in-16tb.224xlarge", "x86_64"], ["m6i.large", "x86_64"],
    ])("%s runs on %s", (size, architecture) => {
        expect(architectureOf(size)).toBe(architecture);
    });

    test("a changed bootstrap replaces the node on every provider, deleting first where its address is exclusive", () => {
        for (const instance of ofType(resources(), "gcp:compute/instance:Instance")) {
            expect({ replaceOnChanges: instance.replaceOnChanges, deleteBeforeReplace: instance.deleteBeforeReplace }).toEqual({ replaceOnChanges: ["metadata"], deleteBeforeReplace: true });
        }
        for (const server of ofType(resources(), "hcloud:index/server:Server")) {
            expect({ deleteBeforeReplace: server.deleteBeforeReplace, shutdown: server.inputs.shutdownBeforeDeletion }).toEqual({ deleteBeforeReplace: true, shutdown: true });
        }
        for (const instance of ofType(resources(), "aws:ec2/instance:Instance")) {
            expect(instance.deleteBeforeReplace).toBe(false);
        }
    });

    test("a node keeps the zone its volume was created in: the volume ignores later zone changes and the node follows it", () => {
        const anchors: Record<string, [string, string, string]> = {
            "aws:ebs/volume:Volume": ["availabilityZone", "aws:ec2/instance:Instance", "subnetId"],
            "gcp:compute/disk:Disk": ["zone", "gcp:compute/instance:Instance", "zone"],
            "hcloud:index/primaryIp:PrimaryIp": ["location", "hcloud:index/server:Server", "location"],
        };
        for (const [anchorType, [zoneProperty, nodeType, followingProperty]] of Object.entries(anchors)) {
            for (const anchor of ofType(resources(), anchorType)) {
                expect(anchor.ignoreChanges).toEqual([zoneProperty]);
                const node = named(anchor.name.replace(/-(data|ip)-(\d+)$/, "-node-$2"));
                expect(node.type).toBe(nodeType);
                expect(node.propertyDependencies[followingProperty]).toContain(anchor.urn);
            }
        }
    });

    test("each site rolls one node at a time: a node's machine waits for the health gate of the node before it", () => {
        for (const site of ["aws-fra", "gcp-bel", "hetzner-fsn"]) {
            const first = resources().find((resource) => resource.name === `${site}-node-0`)!;
            const second = named(`${site}-node-1`);
            const gate = named(`${site}-gate-0`);
            expect(first.dependencies.filter((urn) => urn.includes("NodeHealthGate"))).toEqual([]);
            expect(second.dependencies).toContain(gate.urn);
            expect(gate.dependencies).toContain(first.urn);
            expect(gate.inputs).toMatchObject({ accountId: "00000000000000000000000000000000", pool: `api-staging-example-com-${site}` });
        }
    });

    test("every volume waits for its site's size guard", () => {
        for (const type of Object.values(VOLUME_TYPES)) {
            for (const volume of ofType(resources(), type)) {
                const guard = named(volume.name.replace(/-data-\d+$/, "-volume-size"));
                expect(volume.dependencies).toContain(guard.urn);
            }
        }
    });
});
