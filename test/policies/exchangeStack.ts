/**
 * The rules' tests build their stacks from raw resources of the pinned SDKs with the corpus builder: an honest
 * exchange is two nodes on each of AWS, GCP and Hetzner, a pool per cloud with one fast monitor, and a proxied
 * Cloudflare load balancer with Authenticated Origin Pulls. A test varies one fact of it and runs one rule.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import type { RecordedResource } from "../../plan/mockRun";
import { runRule } from "../properties/policyInProcess";
import { CLOUDFLARE_IPV4, CLOUDFLARE_IPV6, CorpusStack, ref, type CorpusResource, type Variant } from "./corpus/builder";

export const ZONE = "example-exchange.com";
export const HOST = `api.${ZONE}`;
export const ZONE_ID = "9f0c1e2d3b4a59687f6e5d4c3b2a1f0e";
const ACCOUNT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

/** Cloudflare's published ranges, IPv4 and IPv6. */
export const CLOUDFLARE_RANGES = [...CLOUDFLARE_IPV4, ...CLOUDFLARE_IPV6];

export const DEPLOYED: Variant = { preview: false, order: "program" };
export const PREVIEW: Variant = { preview: true, order: "program" };

export type Cloud = "aws" | "gcp" | "hetzner";
export const CLOUDS: Cloud[] = ["aws", "gcp", "hetzner"];

/** The first octets of each cloud's origin addresses (documentation ranges). */
const NETWORK: Record<Cloud, string> = { aws: "203.0.113", gcp: "198.51.100", hetzner: "192.0.2" };

/**
 * How a node's public address reaches it: AWS through an Elastic IP naming the instance, an EIP association, or the
 * instance's own address; GCP through a static address in the access config, or an ephemeral one; Hetzner through a
 * primary IP in publicNets, a floating IP naming the server, a floating IP assignment, or the server's own address.
 */
export type Attachment = "eip" | "eipAssociation" | "instance" | "staticAddress" | "ephemeral" | "primaryIp" | "floatingIp" | "floatingIpAssignment" | "server";
const DEFAULT_ATTACHMENT: Record<Cloud, Attachment> = { aws: "eip", gcp: "staticAddress", hetzner: "primaryIp" };

export interface NodeOptions {
    attachment?: Attachment;
    /** The provider of the machine and its address, e.g. one per region. */
    provider?: CorpusResource;
    /** Inputs added to or replacing the machine's. */
    inputs?: Record<string, unknown>;
    /** Outputs added to or replacing what the provider reports for the machine. */
    outputs?: Record<string, unknown>;
}

export interface Node {
    machine: CorpusResource;
    /** The address a pool's origin takes, as a program passes it. */
    address: unknown;
}

export interface OriginSpec {
    name: string;
    address: unknown;
    weight?: number;
    /** A boolean, or a reference to another resource's output (unknown in a first preview when computed). */
    enabled?: unknown;
    virtualNetworkId?: string;
}

export interface SiteOptions {
    nodes?: number;
    node?: (index: number) => NodeOptions;
    /** Fields added to or replacing origin `index`'s. */
    origin?: (index: number) => Partial<OriginSpec>;
    /** Inputs added to or replacing the pool's. */
    pool?: Record<string, unknown>;
}

export interface Site {
    cloud: Cloud;
    nodes: Node[];
    pool: CorpusResource;
}

/** What every resource of one node shares: its cloud's firewall, and its provider. */
interface NodePlacement {
    firewall: CorpusResource;
    placement: { provider?: CorpusResource };
}

export interface StackOptions {
    /** Every reference written as the value it has once deployed, with no dependency: a stack adopted with `pulumi import`. */
    imported?: boolean;
    /** Inputs added to or replacing those of a cloud's node firewall. */
    firewalls?: Partial<Record<Cloud, Record<string, unknown>>>;
}

export class ExchangeStack extends CorpusStack {
    private readonly firewalls = new Map<Cloud, CorpusResource>();
    private healthMonitor?: CorpusResource;

    constructor(name = "prod", private readonly options: StackOptions = {}) {
        super(name);
    }

    /** A reference to another resource's output, as a program passes it, or as an imported stack spells it out. */
    link(resource: CorpusResource, property = "id", map?: (value: unknown) => unknown): unknown {
        if (!this.options.imported) return ref(resource, property, map);
        const value = resource.deployed(property);
        return map ? map(value) : value;
    }

    /** The load balancers' monitor: 15 s × 2 + 3 × 5 s = 45 s worst-case detection. */
    monitor(): CorpusResource {
        this.healthMonitor ??= this.cloudflareMonitor("api-health", { interval: 15, timeout: 5, retries: 2, consecutiveDown: 2 });
        return this.healthMonitor;
    }

    cloudflareMonitor(name: string, timing: Record<string, unknown>): CorpusResource {
        return this.resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", name, {
            accountId: ACCOUNT_ID, type: "https", method: "GET", path: "/healthz", port: 443, expectedCodes: "200", header: { Host: [HOST] }, ...timing,
        }, { outputs: { id: hexId(`${name}-monitor`) } });
    }

    /** The firewall of a cloud's nodes: HTTPS from Cloudflare only, unless the stack's options say otherwise. */
    firewall(cloud: Cloud): CorpusResource {
        let firewall = this.firewalls.get(cloud);
        if (!firewall) {
            const inputs = this.options.firewalls?.[cloud] ?? {};
            firewall = cloud === "aws"
                ? this.resource("aws:ec2/securityGroup:SecurityGroup", "aws-nodes", {
                    description: "HTTPS from Cloudflare",
                    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: CLOUDFLARE_IPV4, ipv6CidrBlocks: CLOUDFLARE_IPV6 }],
                    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
                    ...inputs,
                }, { outputs: { id: "sg-0a1b2c3d4e5f60718", arn: "arn:aws:ec2:eu-central-1:123456789012:security-group/sg-0a1b2c3d4e5f60718" } })
                : cloud === "gcp"
                    ? this.resource("gcp:compute/firewall:Firewall", "gcp-nodes", {
                        network: "default", direction: "INGRESS", allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: CLOUDFLARE_IPV4, targetTags: ["exchange-node"], ...inputs,
                    }, { outputs: { id: "projects/acme/global/firewalls/gcp-nodes", selfLink: "https://www.googleapis.com/compute/v1/projects/acme/global/firewalls/gcp-nodes" } })
                    : this.resource("hcloud:index/firewall:Firewall", "hetzner-nodes", {
                        rules: [{ direction: "in", protocol: "tcp", port: "443", sourceIps: CLOUDFLARE_RANGES }], ...inputs,
                    }, { outputs: { id: "1304456" } });
            this.firewalls.set(cloud, firewall);
        }
        return firewall;
    }

    /** A node with its public address, attached the cloud's usual way unless told otherwise. */
    node(cloud: Cloud, name: string, address: string, options: NodeOptions = {}): Node {
        const attachment = options.attachment ?? DEFAULT_ATTACHMENT[cloud];
        const at = { firewall: this.firewall(cloud), placement: options.provider ? { provider: options.provider } : {} };
        return cloud === "aws" ? this.awsNode(name, address, attachment, options, at) : cloud === "gcp" ? this.gcpNode(name, address, attachment, options, at) : this.hetznerNode(name, address, attachment, options, at);
    }

    private awsNode(name: string, address: string, attachment: Attachment, options: NodeOptions, { firewall, placement }: NodePlacement): Node {
        const own = attachment === "instance";
        const machine = this.resource("aws:ec2/instance:Instance", name, {
            ami: "ami-0e04bcbe83a83792e", instanceType: "m6i.large", vpcSecurityGroupIds: [this.link(firewall)],
            metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true, volumeSize: 30 }, ...(own ? { associatePublicIpAddress: true } : {}), ...options.inputs,
        }, { ...placement, outputs: { id: `i-${hexId(name).slice(0, 17)}`, arn: `arn:aws:ec2:eu-central-1:123456789012:instance/${name}`, instanceState: "running", publicIp: own ? address : "", ...options.outputs } });
        if (own) return { machine, address: this.link(machine, "publicIp") };
        const allocationId = `eipalloc-${hexId(`${name}-eip`).slice(0, 17)}`;
        const eip = this.resource("aws:ec2/eip:Eip", `${name}-ip`, { domain: "vpc", ...(attachment === "eip" ? { instance: this.link(machine) } : {}) }, { ...placement, outputs: { id: allocationId, allocationId, publicIp: address } });
        if (attachment === "eipAssociation") {
            this.resource("aws:ec2/eipAssociation:EipAssociation", `${name}-ip`, { allocationId: this.link(eip, "allocationId"), instanceId: this.link(machine) }, { ...placement, outputs: { id: `eipassoc-${hexId(`${name}-assoc`).slice(0, 17)}`, publicIp: address } });
        }
        return { machine, address: this.link(eip, "publicIp") };
    }

    private gcpNode(name: string, address: string, attachment: Attachment, options: NodeOptions, { placement }: NodePlacement): Node {
        const reserved = attachment === "staticAddress"
            ? this.resource("gcp:compute/address:Address", `${name}-ip`, { region: "europe-west3", addressType: "EXTERNAL" }, {
                ...placement,
                outputs: { id: `projects/acme/regions/europe-west3/addresses/${name}-ip`, address, selfLink: `https://www.googleapis.com/compute/v1/projects/acme/regions/europe-west3/addresses/${name}-ip` },
            })
            : undefined;
        // Tagged for the cloud's firewall, which covers the machines carrying its target tag.
        const machine = this.resource("gcp:compute/instance:Instance", name, {
            zone: "europe-west3-a", machineType: "n2-standard-4", bootDisk: { initializeParams: { image: "ubuntu-os-cloud/ubuntu-2404-lts-amd64" } },
            networkInterfaces: [{ network: "default", accessConfigs: [reserved ? { natIp: this.link(reserved, "address") } : {}] }],
            shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true }, tags: ["exchange-node"], ...options.inputs,
        }, {
            ...placement,
            outputs: {
                id: `projects/acme/zones/europe-west3-a/instances/${name}`, instanceId: numericId(name), selfLink: `https://www.googleapis.com/compute/v1/projects/acme/zones/europe-west3-a/instances/${name}`, currentStatus: "RUNNING",
                ...(reserved ? {} : { networkInterfaces: [{ network: "default", accessConfigs: [{ natIp: address }] }] }), ...options.outputs,
            },
        });
        const ephemeral = (interfaces: unknown) => (interfaces as { accessConfigs: { natIp: string }[] }[])[0].accessConfigs[0].natIp;
        return { machine, address: reserved ? this.link(reserved, "address") : this.link(machine, "networkInterfaces", ephemeral) };
    }

    private hetznerNode(name: string, address: string, attachment: Attachment, options: NodeOptions, { firewall, placement }: NodePlacement): Node {
        const primary = attachment === "primaryIp"
            ? this.resource("hcloud:index/primaryIp:PrimaryIp", `${name}-ip`, { type: "ipv4", assigneeType: "server", location: "fsn1", autoDelete: false }, { ...placement, outputs: { id: numericId(`${name}-ip`), ipAddress: address } })
            : undefined;
        // A server behind a floating IP keeps a primary address of its own.
        const ownAddress = primary || attachment === "server" ? address : address.replace(/\d+$/, (octet) => String(Number(octet) + 100));
        const machine = this.resource("hcloud:index/server:Server", name, {
            serverType: "ccx23", image: "ubuntu-24.04", location: "fsn1", firewallIds: [this.link(firewall, "id", Number)],
            publicNets: [{ ipv4Enabled: true, ...(primary ? { ipv4: this.link(primary, "id", Number) } : {}), ipv6Enabled: true }], ...options.inputs,
        }, { ...placement, outputs: { id: numericId(name), ipv4Address: ownAddress, ipv6Address: `2001:db8:4e::${address.split(".").pop()}`, status: "running", ...options.outputs } });
        if (primary) return { machine, address: this.link(primary, "ipAddress") };
        if (attachment === "server") return { machine, address: this.link(machine, "ipv4Address") };
        const floating = this.resource("hcloud:index/floatingIp:FloatingIp", `${name}-ip`, { type: "ipv4", homeLocation: "fsn1", ...(attachment === "floatingIp" ? { serverId: this.link(machine, "id", Number) } : {}) }, {
            ...placement,
            outputs: { id: numericId(`${name}-ip`), ipAddress: address },
        });
        if (attachment === "floatingIpAssignment") {
            this.resource("hcloud:index/floatingIpAssignment:FloatingIpAssignment", `${name}-ip`, { floatingIpId: this.link(floating, "id", Number), serverId: this.link(machine, "id", Number) }, { ...placement, outputs: { id: numericId(`${name}-assign`) } });
        }
        return { machine, address: this.link(floating, "ipAddress") };
    }

    /** A Cloudflare monitor group of existing monitors, each enabled and checking unless told otherwise. */
    monitorGroup(name: string, members: { monitor: CorpusResource; mustBeHealthy?: boolean; enabled?: boolean; monitoringOnly?: boolean }[]): CorpusResource {
        return this.resource("cloudflare:index/loadBalancerMonitorGroup:LoadBalancerMonitorGroup", name, {
            accountId: ACCOUNT_ID, description: name,
            members: members.map(({ monitor, mustBeHealthy = false, enabled = true, monitoringOnly = false }) => ({ monitorId: this.link(monitor), enabled, monitoringOnly, mustBeHealthy })),
        }, { outputs: { id: hexId(`${name}-monitor-group`) } });
    }

    /** A pool watched by the stack's monitor; an input given as undefined is left out. */
    pool(name: string, origins: OriginSpec[], inputs: Record<string, unknown> = {}): CorpusResource {
        const all = { accountId: ACCOUNT_ID, name, monitor: this.link(this.monitor()), minimumOrigins: 1, enabled: true, origins: origins.map((origin) => ({ weight: 1, enabled: true, ...origin })), ...inputs };
        return this.resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", name, Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined)), { outputs: { id: hexId(`${name}-pool`) } });
    }

    /** `nodes` nodes on one cloud, each an origin of the cloud's pool. */
    site(cloud: Cloud, options: SiteOptions = {}): Site {
        const nodes = Array.from({ length: options.nodes ?? 2 }, (_, index) => this.node(cloud, `${cloud}-node-${index}`, `${NETWORK[cloud]}.${10 + index}`, options.node?.(index)));
        const origins = nodes.map((node, index) => ({ name: node.machine.name, address: node.address, ...options.origin?.(index) }));
        return { cloud, nodes, pool: this.pool(`${cloud}-pool`, origins, options.pool) };
    }

    /**
     * A proxied load balancer for HOST: failover steering, or geo steering when it maps regions, PoPs or countries to
     * pools, as Cloudflare uses those maps only then. An input given as undefined is left out.
     */
    loadBalancer(inputs: Record<string, unknown>, name = "api"): CorpusResource {
        const mapsPools = (values: Record<string, unknown>) => ["regionPools", "popPools", "countryPools"].some((key) => key in values);
        const rules = (inputs.rules ?? []) as { overrides?: Record<string, unknown> }[];
        const maps = mapsPools(inputs) || rules.some((rule) => mapsPools(rule.overrides ?? {}));
        const all = { zoneId: ZONE_ID, name: HOST, proxied: true, steeringPolicy: maps ? "geo" : "off", ...inputs };
        return this.resource("cloudflare:index/loadBalancer:LoadBalancer", name, Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined)), { outputs: { id: hexId(`${name}-lb`) } });
    }

    /** Per-hostname Authenticated Origin Pulls for `hostnames`. */
    originPulls(hostnames: string[] = [HOST]): CorpusResource {
        return this.resource("cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls", "origin-pulls", {
            zoneId: ZONE_ID, configs: hostnames.map((hostname) => ({ hostname, certId: "2458a2ab-1b89-4a0e-8d5d-6f43c1d2e3f4", enabled: true })),
        }, { outputs: { id: hexId("origin-pulls") } });
    }
}

/** A 32-hex-digit ID, as Cloudflare's are, stable for a seed. */
function hexId(seed: string): string {
    let hash = 0x811c9dc5;
    const digits: string[] = [];
    for (let round = 0; digits.length < 32; round++) {
        for (const char of `${seed}:${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
        digits.push(...hash.toString(16).padStart(8, "0"));
    }
    return digits.slice(0, 32).join("");
}

/** A numeric ID, as Hetzner's and GCP's are, stable for a seed. */
function numericId(seed: string): string {
    return String(parseInt(hexId(seed).slice(0, 7), 16));
}

export interface Honest {
    stack: ExchangeStack;
    sites: Record<Cloud, Site>;
    loadBalancer: CorpusResource;
}

export interface HonestOptions extends StackOptions {
    /** Inputs added to or replacing the load balancer's; `pool` refers to a cloud's pool as the stack does. */
    loadBalancer?: (pool: (cloud: Cloud) => unknown) => Record<string, unknown>;
    site?: Partial<Record<Cloud, SiteOptions>>;
}

/**
 * The honest exchange: two nodes on each cloud, default pools AWS, GCP, Hetzner with Hetzner as the fallback, proxied,
 * with Authenticated Origin Pulls for its hostname.
 */
export function honestStack(options: HonestOptions = {}): Honest {
    const stack = new ExchangeStack("prod", options);
    const sites = Object.fromEntries(CLOUDS.map((cloud) => [cloud, stack.site(cloud, options.site?.[cloud])])) as Record<Cloud, Site>;
    const pool = (cloud: Cloud) => stack.link(sites[cloud].pool);
    const loadBalancer = stack.loadBalancer({ defaultPools: CLOUDS.map(pool), fallbackPool: pool("hetzner"), ...options.loadBalancer?.(pool) });
    stack.originPulls();
    return { stack, sites, loadBalancer };
}

/** Two nodes on one cloud behind a load balancer whose only pool is theirs: honest in every other respect. */
export function singleCloudStack(cloud: Cloud = "aws"): ExchangeStack {
    const stack = new ExchangeStack("single");
    const site = stack.site(cloud);
    stack.loadBalancer({ defaultPools: [stack.link(site.pool)], fallbackPool: stack.link(site.pool) });
    stack.originPulls();
    return stack;
}

/**
 * One pool mixing an AWS origin of weight `awsWeight` and a GCP origin of weight 1, then a Hetzner pool of two nodes,
 * also the fallback: in a first preview, which of the mixed origins is on which cloud waits for their addresses.
 */
export function mixedWeightsStack(awsWeight: number): ExchangeStack {
    const stack = new ExchangeStack("mixed");
    const aws = stack.node("aws", "aws-node-0", "203.0.113.10");
    const gcp = stack.node("gcp", "gcp-node-0", "198.51.100.10");
    const mixed = stack.pool("aws-gcp-pool", [{ name: "aws-node-0", address: aws.address, weight: awsWeight }, { name: "gcp-node-0", address: gcp.address, weight: 1 }]);
    const hetzner = stack.site("hetzner");
    stack.loadBalancer({ defaultPools: [stack.link(mixed), stack.link(hetzner.pool)], fallbackPool: stack.link(hetzner.pool) });
    return stack;
}

/**
 * The messages of one rule's verdicts on a stack in one variant (or on resources already built, e.g. then altered as
 * the engine would), with the properties `--policy-pack-config` gives it, after checking that each verdict carries the
 * rule's name and level (a rule that read an unknown value in a preview gets the SDK's advisory note instead).
 */
export async function messages(rule: StackValidationPolicy, stack: CorpusStack | RecordedResource[], variant: Variant = DEPLOYED, config: Record<string, unknown> = {}): Promise<string[]> {
    const found = await runRule(rule, Array.isArray(stack) ? stack : stack.build(variant), config);
    for (const verdict of found) {
        expect({ policy: verdict.policy, enforcementLevel: verdict.enforcementLevel }).toEqual({ policy: rule.name, enforcementLevel: rule.enforcementLevel });
    }
    return found.map((verdict) => verdict.message);
}
