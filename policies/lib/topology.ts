import type { PolicyResource } from "@pulumi/policy";
import { cloudOf, roleOf } from "./classify";
import { dependenciesOf, describe, isKnown, read } from "./read";

export interface ResolvedOrigin {
    label: string;
    weight: number;
    /** The compute node behind the origin, when it could be resolved. */
    node?: PolicyResource;
    /** Why the origin could not be matched to a node, when it could not. */
    problem?: string;
}

export interface ResolvedPool {
    pool: PolicyResource;
    origins: ResolvedOrigin[];
    monitor?: PolicyResource;
    /** True when the pool names a monitor, even if the monitor resource could not be resolved. */
    hasMonitor: boolean;
}

export interface ResolvedLoadBalancer {
    loadBalancer: PolicyResource;
    defaultPools: ResolvedPool[];
    fallbackPool?: ResolvedPool;
    problems: string[];
}

/** Cloudflare's default origin weight. */
const DEFAULT_WEIGHT = 1;
const ADDRESS_FIELDS = ["publicIp", "address", "ipAddress", "ipv4Address", "natIp", "ip"];

export function isNode(resource: PolicyResource): boolean {
    const role = roleOf(resource.type);
    return role === "node" || role === "nodeGroup";
}

export function providerOf(resource: PolicyResource): string {
    return cloudOf(resource.type);
}

/** The node an origin's address comes from: the source itself, what it depends on, or what depends on it. */
function nodeBehind(source: PolicyResource, resources: PolicyResource[]): PolicyResource | undefined {
    if (isNode(source)) {
        return source;
    }
    return source.dependencies.find(isNode) ?? resources.find((candidate) => isNode(candidate) && candidate.dependencies.some((dep) => dep.urn === source.urn));
}

function addressOwner(address: string, resources: PolicyResource[]): PolicyResource | undefined {
    return resources.find((resource) => ADDRESS_FIELDS.some((field) => {
        const value = read(() => resource.props[field]);
        return isKnown(value) && value === address;
    }));
}

function resolvePool(pool: PolicyResource, resources: PolicyResource[]): ResolvedPool {
    const origins = read(() => (pool.props.origins ?? []) as { name?: string; address?: string; weight?: number }[]);
    const monitorRef = read(() => pool.props.monitor as string | undefined);
    const [monitor] = dependenciesOf(pool, "monitor");
    const hasMonitor = monitor !== undefined || !isKnown(monitorRef) || Boolean(monitorRef);
    if (!isKnown(origins)) {
        return { pool, origins: [{ label: "origins", weight: DEFAULT_WEIGHT, problem: "origins are not known yet" }], monitor, hasMonitor };
    }
    const sources = dependenciesOf(pool, "origins");
    return {
        pool,
        monitor,
        hasMonitor,
        origins: origins.map((_, index) => {
            const name = read(() => origins[index].name);
            const address = read(() => origins[index].address);
            const weight = read(() => origins[index].weight);
            const label = isKnown(name) && name ? name : isKnown(address) && address ? address : `origin ${index}`;
            const resolved = { label, weight: isKnown(weight) && typeof weight === "number" ? weight : DEFAULT_WEIGHT };
            // Per-property dependencies list the sources in the order the origins use them; they are there even
            // when the addresses are still unknown. Known addresses are the fallback for origins set by value.
            const source = sources.length === origins.length ? sources[index] : isKnown(address) && address ? addressOwner(address, resources) : undefined;
            const node = source && nodeBehind(source, resources);
            if (node) {
                return { ...resolved, node };
            }
            const problem = isKnown(address) && address
                ? `origin ${label} (${address}) in pool ${pool.name} matches no node in this stack`
                : `origin ${label} in pool ${pool.name} cannot be matched to a node yet`;
            return { ...resolved, problem };
        }),
    };
}

/** Resolves every Cloudflare load balancer to its pools, each pool to its monitor and its origins to nodes. */
export function resolveLoadBalancers(resources: PolicyResource[]): ResolvedLoadBalancer[] {
    const pools = new Map(resources.filter((r) => roleOf(r.type) === "pool").map((pool) => [pool.urn, resolvePool(pool, resources)]));
    return resources.filter((r) => roleOf(r.type) === "loadBalancer").map((loadBalancer) => {
        const problems: string[] = [];
        const poolsOf = (property: string): ResolvedPool[] => {
            const referenced = dependenciesOf(loadBalancer, property);
            const named = read(() => [loadBalancer.props[property]].flat().filter(Boolean).length);
            const count = isKnown(named) ? named : referenced.length;
            if (referenced.length < count) {
                problems.push(`${describe(loadBalancer)}: ${count - referenced.length} of its ${property} cannot be matched to a pool in this stack`);
            }
            return referenced.flatMap((pool) => pools.get(pool.urn) ?? []);
        };
        const [fallbackPool] = poolsOf("fallbackPool");
        return { loadBalancer, defaultPools: poolsOf("defaultPools"), fallbackPool, problems };
    });
}

/** The pools a load balancer can send traffic to: its default pools and its fallback, each once. */
export function routedPools({ defaultPools, fallbackPool }: ResolvedLoadBalancer): ResolvedPool[] {
    return uniquePools([...defaultPools, ...(fallbackPool ? [fallbackPool] : [])]);
}

export function uniquePools(pools: ResolvedPool[]): ResolvedPool[] {
    return [...new Map(pools.map((pool) => [pool.pool.urn, pool])).values()];
}

export function allPools(resources: PolicyResource[]): ResolvedPool[] {
    return resources.filter((r) => roleOf(r.type) === "pool").map((pool) => resolvePool(pool, resources));
}

/** Providers whose nodes serve the given pools. */
export function providersOf(pools: ResolvedPool[]): Set<string> {
    return new Set(pools.flatMap((pool) => pool.origins.flatMap((origin) => (origin.node ? [providerOf(origin.node)] : []))));
}
