import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

/** Marks a property as unknown, as it is during preview of a resource that does not exist yet. */
export const UNKNOWN_VALUE = Symbol("unknown");

/** Same name as the policy SDK's error, which is what the rules recognise. */
class UnknownValueError extends Error {}

function unknownChecking<T>(value: T, path: string): T {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    return new Proxy(value as object, {
        get(target, key) {
            const field = (target as Record<PropertyKey, unknown>)[key];
            if (field === UNKNOWN_VALUE) {
                throw new UnknownValueError(`${path}.${String(key)} is unknown during preview`);
            }
            return typeof key === "symbol" ? field : unknownChecking(field, `${path}.${key}`);
        },
    }) as T;
}

export interface ResourceOptions {
    name?: string;
    protect?: boolean;
    dependsOn?: PolicyResource[];
    propertyDependencies?: Record<string, PolicyResource[]>;
    component?: boolean;
}

let counter = 0;

/** A raw resource as a policy pack sees it, with no component of ours involved. */
export function resource(type: string, props: Record<string, unknown>, options: ResourceOptions = {}): PolicyResource {
    const name = options.name ?? `${type.split(":").pop()!.toLowerCase()}-${counter++}`;
    const propertyDependencies = options.propertyDependencies ?? {};
    const dependencies = [...new Set([...(options.dependsOn ?? []), ...Object.values(propertyDependencies).flat()])];
    return {
        type,
        name,
        urn: `urn:pulumi:test::raw::${type}::${name}`,
        props: unknownChecking(props, name),
        opts: { protect: options.protect ?? false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
        provider: options.component ? undefined : { type: `pulumi:providers:${type.split(":")[0]}`, props: {}, urn: `urn:pulumi:test::raw::pulumi:providers:${type.split(":")[0]}::default`, name: "default" },
        dependencies,
        propertyDependencies,
        isType: () => false,
        asType: () => undefined,
    } as PolicyResource;
}

/** Runs one stack rule over raw resources and returns its violation messages. */
export async function violations(rule: StackValidationPolicy, resources: PolicyResource[], config: Record<string, unknown> = {}): Promise<string[]> {
    const found: string[] = [];
    await rule.validateStack(
        {
            resources,
            stackTags: new Map(),
            getConfig: <T extends object>() => config as T,
            notApplicable: (reason?: string): never => {
                throw new Error(`not applicable: ${reason}`);
            },
        },
        (message) => found.push(message),
    );
    return found;
}

/** A node on a cloud with a public address that depends on it, as an Elastic IP depends on its instance. */
export function nodeWithAddress(type: string, addressType: string, address: string): { node: PolicyResource; ip: PolicyResource } {
    const node = resource(type, {});
    const ip = resource(addressType, { publicIp: address, address, ipAddress: address }, { dependsOn: [node] });
    return { node, ip };
}

export const NODE_TYPES = {
    aws: ["aws:ec2/instance:Instance", "aws:ec2/eip:Eip"],
    gcp: ["gcp:compute/instance:Instance", "gcp:compute/address:Address"],
    hetzner: ["hcloud:index/server:Server", "hcloud:index/primaryIp:PrimaryIp"],
} as const;

/** A small multi-cloud topology built from raw resources: nodes, addresses, a monitor, one pool per cloud and a load balancer. */
export function topology(options: {
    sites: { provider: keyof typeof NODE_TYPES; nodes: number; weight?: number }[];
    defaults?: number[];
    fallback?: number;
    monitor?: Record<string, unknown>;
    loadBalancer?: Record<string, unknown>;
    unknownAddresses?: boolean;
}): { resources: PolicyResource[]; pools: PolicyResource[]; loadBalancer: PolicyResource } {
    const resources: PolicyResource[] = [];
    const monitor = resource("cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor", options.monitor ?? { interval: 15, timeout: 5, retries: 1, consecutiveDown: 2 }, { name: "monitor" });
    resources.push(monitor);
    let host = 1;
    const pools = options.sites.map((site, siteIndex) => {
        const addresses = Array.from({ length: site.nodes }, () => {
            const address = `198.51.100.${host++}`;
            const { node, ip } = nodeWithAddress(NODE_TYPES[site.provider][0], NODE_TYPES[site.provider][1], address);
            resources.push(node, ip);
            return { ip, address };
        });
        const pool = resource("cloudflare:index/loadBalancerPool:LoadBalancerPool", {
            monitor: "monitor-id",
            origins: addresses.map(({ address }, index) => ({ name: `${site.provider}-${index}`, address: options.unknownAddresses ? UNKNOWN_VALUE : address, weight: site.weight ?? 1 })),
        }, { name: `pool-${siteIndex}-${site.provider}`, propertyDependencies: { monitor: [monitor], origins: addresses.map(({ ip }) => ip) } });
        resources.push(pool);
        return pool;
    });
    const defaults = (options.defaults ?? pools.map((_, index) => index)).map((index) => pools[index]);
    const fallback = pools[options.fallback ?? (pools.length > 1 ? 1 : 0)];
    const loadBalancer = resource("cloudflare:index/loadBalancer:LoadBalancer", {
        defaultPools: defaults.map(() => UNKNOWN_VALUE),
        fallbackPool: UNKNOWN_VALUE,
        proxied: true,
        ...options.loadBalancer,
    }, { name: "lb", propertyDependencies: { defaultPools: defaults, fallbackPool: [fallback] } });
    resources.push(loadBalancer);
    return { resources, pools, loadBalancer };
}
