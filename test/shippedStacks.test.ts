import * as ipRanges from "../plan/fixtures/cloudflare-ip-ranges.json";
import type { MockRunResult, RecordedResource } from "../plan/mockRun";
import { ofType, providerOf, reveal, runShippedStack } from "./harness";

const STACKS = ["dev", "staging", "prod"] as const;
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
beforeAll(async () => {
    for (const stack of STACKS) {
        runs.set(stack, await runShippedStack(stack));
    }
});

function siteOf(resource: RecordedResource): string {
    return resource.urn.split("::").pop()!.replace(/-(node|data|ip|data-attach)-\d+$/, "");
}

describe.each(STACKS)("shipped stack %s", (stack) => {
    const resources = () => runs.get(stack)!.resources;
    const nodes = () => resources().filter((resource) => NODE_TYPES.includes(resource.type));

    test("registers the expected resources per provider", () => {
        const perProvider: Record<string, Record<string, number>> = {};
        for (const resource of resources().filter((r) => r.custom && !r.type.startsWith("pulumi:"))) {
            const counts = (perProvider[providerOf(resource)] ??= {});
            counts[resource.type] = (counts[resource.type] ?? 0) + 1;
        }
        expect(Object.keys(perProvider).sort()).toEqual(["aws", "cloudflare", "gcp", "hetzner", "tls"]);
        for (const provider of ["aws", "gcp", "hetzner"]) {
            const nodeCount = nodes().filter((node) => providerOf(node) === provider).length;
            expect(nodeCount).toBeGreaterThanOrEqual(1);
            expect(perProvider[provider][VOLUME_TYPES[provider]]).toBe(nodeCount);
            expect(perProvider[provider][ADDRESS_TYPES[provider]]).toBe(nodeCount);
        }
        expect(perProvider.aws["aws:ec2/vpc:Vpc"]).toBe(1);
        const subnetZones = ofType(resources(), "aws:ec2/subnet:Subnet").map((subnet) => subnet.inputs.availabilityZone);
        expect(new Set(subnetZones).size).toBe(subnetZones.length);
        expect(subnetZones.length).toBeGreaterThanOrEqual(2);
        expect(perProvider.aws["aws:ec2/internetGateway:InternetGateway"]).toBe(1);
        expect(perProvider.aws["aws:ec2/securityGroup:SecurityGroup"]).toBe(1);
        expect(perProvider.gcp["gcp:compute/network:Network"]).toBe(1);
        expect(perProvider.gcp["gcp:compute/firewall:Firewall"]).toBe(1);
        expect(perProvider.hetzner["hcloud:index/firewall:Firewall"]).toBe(1);
        expect(perProvider.hetzner["hcloud:index/placementGroup:PlacementGroup"]).toBe(1);
        expect(perProvider.cloudflare).toEqual({
            "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor": 1,
            "cloudflare:index/loadBalancerPool:LoadBalancerPool": 3,
            "cloudflare:index/loadBalancer:LoadBalancer": 1,
            "cloudflare:index/originCaCertificate:OriginCaCertificate": 1,
            "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate": 1,
            "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings": 1,
        });
    });

    test("every node has its own data volume, attached, and a static address", () => {
        for (const node of nodes()) {
            const provider = providerOf(node);
            const index = node.name.split("-").pop();
            const site = siteOf(node);
            const volume = ofType(resources(), VOLUME_TYPES[provider]).find((r) => r.name === `${site}-data-${index}`);
            const address = ofType(resources(), ADDRESS_TYPES[provider]).find((r) => r.name === `${site}-ip-${index}`);
            const attachment = resources().find((r) => r.name === `${site}-data-attach-${index}`);
            expect(volume).toBeDefined();
            expect(address).toBeDefined();
            expect(attachment?.dependencies).toEqual(expect.arrayContaining([volume!.urn, node.urn]));
            expect(volume!.retainOnDelete).toBe(true);
            expect(address!.dependencies.includes(node.urn) || node.dependencies.includes(address!.urn)).toBe(true);
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
                labels: { stack, provider: providerOf(resource), site: siteOf(resource).replace(/-(vpc|igw|routes|subnet|firewall|network|spread)(-.*)?$/, ""), role: expect.any(String) },
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
        const protectData = stack === "prod";
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

test("prod spreads at least two nodes per provider over two or more zones, on a Business-plan interval", () => {
    const resources = runs.get("prod")!.resources;
    const zones: Record<string, Set<string>> = {};
    for (const node of (runs.get("prod")!.outputs.nodes as { provider: string; zone: string }[])) {
        (zones[node.provider] ??= new Set()).add(node.zone);
    }
    for (const provider of ["aws", "gcp", "hetzner"]) {
        expect(zones[provider].size).toBeGreaterThanOrEqual(2);
    }
    const [monitor] = ofType(resources, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor");
    expect(monitor.inputs.interval).toBeLessThan(60);
    expect(monitor.inputs.interval).toBeGreaterThanOrEqual(15);
});
