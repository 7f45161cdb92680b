/**
 * The traffic model every rule reads, built once per stack: hostname → traffic classes → pools → origins → machines
 * → clouds. It follows Cloudflare's routing (default, region, PoP and country pools, each ending in the fallback;
 * enabled rules' overrides; disabled load balancers, pools and origins; weight 0), credits an address to the machine it
 * is attached to (through association resources, interfaces and cloud load balancers, both ways), and tells what it
 * knows from what it cannot know yet in a first preview.
 */
import type { PolicyResource } from "@pulumi/policy";
import type { Role, TypeDescription } from "./cloudTypes";
import { cloudOf, descriptionOf } from "./clouds";
import { DNS_ONLY_DEFAULT_TTL, worstCaseFailoverSeconds } from "./detection";
import { selects } from "./firewalls";
import { list } from "./settings";
import { dependenciesOf, isKnown, isUnknownValue, plain, stringsAt, UNKNOWN, valueAt, valuesAt, type Maybe } from "./read";

const SPECTRUM = "cloudflare:index/spectrumApplication:SpectrumApplication";

export const CLOUDFLARE = {
    loadBalancer: "cloudflare:index/loadBalancer:LoadBalancer",
    pool: "cloudflare:index/loadBalancerPool:LoadBalancerPool",
    monitor: "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor",
    monitorGroup: "cloudflare:index/loadBalancerMonitorGroup:LoadBalancerMonitorGroup",
};

/**
 * DNS record types of every provider the pack knows: where the name is, where the values are, and what makes an
 * answer health-checked (Route 53 failover, weighted or latency records with a health check; Cloud DNS routing
 * policies with one): such records fail over by themselves, without a load balancer.
 */
const DNS_RECORDS: Record<string, { name: string; type: string; values: string[]; healthChecks?: string[] }> = {
    "cloudflare:index/dnsRecord:DnsRecord": { name: "name", type: "type", values: ["content"] },
    "cloudflare:index/record:Record": { name: "name", type: "type", values: ["content", "value"] },
    "aws:route53/record:Record": { name: "name", type: "type", values: ["records[]", "aliases[].name"], healthChecks: ["healthCheckId"] },
    "gcp:dns/recordSet:RecordSet": {
        name: "name",
        type: "type",
        values: ["rrdatas[]", "routingPolicy.wrrs[].rrdatas[]", "routingPolicy.geos[].rrdatas[]", "routingPolicy.primaryBackup.primary.externalEndpoints[]", "routingPolicy.primaryBackup.backupGeos[].rrdatas[]"],
        healthChecks: ["routingPolicy.healthCheck", "routingPolicy.primaryBackup"],
    },
    "azure:dns/aRecord:ARecord": { name: "name", type: "", values: ["records[]"] },
    "azure:dns/aaaaRecord:AaaaRecord": { name: "name", type: "", values: ["records[]"] },
    "azure-native:network:RecordSet": { name: "relativeRecordSetName", type: "recordType", values: ["aRecords[].ipv4Address", "aaaaRecords[].ipv6Address"] },
    "digitalocean:index/dnsRecord:DnsRecord": { name: "name", type: "type", values: ["value"] },
    "ns1:index/record:Record": { name: "domain", type: "type", values: ["answers[].answer"] },
    "linode:index/domainRecord:DomainRecord": { name: "name", type: "recordType", values: ["target"] },
    "vultr:index/dnsRecord:DnsRecord": { name: "name", type: "type", values: ["data"] },
};

const ADDRESS_RECORD_TYPES = new Set(["A", "AAAA", "CNAME", "ALIAS", ""]);

export interface Machine {
    resource: PolicyResource;
    cloud: string;
    group: boolean;
    /** Why it does not serve; undefined while it serves (or will, as a new machine does). */
    stopped?: string;
}

export interface Origin {
    label: string;
    weight: number;
    /** Why it cannot take traffic whatever its machine does. */
    excluded?: string;
    /** The machines behind it, when resolved; clouds may be known without the machines (a pool resolved as a whole). */
    machines: Machine[];
    clouds: Maybe<string[]>;
    /** The address matches nothing this stack manages. */
    outside?: string;
    /** The address is known and matches nothing yet, while some of the stack's addresses are not known yet. */
    awaitsAddresses?: boolean;
}

export interface Pool {
    resource: PolicyResource;
    name: string;
    enabled: boolean;
    minimumOrigins: number;
    origins: Origin[];
    /** Its monitor, or its monitor group (a pool has one or the other). */
    monitor: Maybe<PolicyResource | undefined>;
    /** The members of its monitor group: an origin is down once a must-be-healthy member says so, else once all do. */
    monitorGroup?: { monitor: Maybe<PolicyResource>; mustBeHealthy: boolean }[];
}

/** A set of pools that is known, or known only to lie between `certain` and `certain ∪ possible`. */
export interface PoolChoice {
    certain: Pool[];
    possible: Pool[];
    /** The pools in order, when the order is known. */
    ordered?: Pool[];
    /** IDs of pools this stack does not hold: what they serve cannot be known here. */
    outside?: string[];
}

export interface TrafficClass {
    label: string;
    pools: PoolChoice;
    fallback: Maybe<Pool | undefined>;
    /** While the fallback is not known: the pools it can only be one of. */
    fallbackCandidates?: Pool[];
}

export interface Hostname {
    name: string;
    loadBalancer: PolicyResource;
    proxied: boolean;
    /** Extra seconds a DNS-only load balancer's answers live in resolvers. */
    ttl: number;
    classes: TrafficClass[];
}

/** A hostname served by DNS records straight to machines, with no load balancer in front. */
export interface DirectHostname {
    name: string;
    records: PolicyResource[];
    machines: Machine[];
    /** Every record of it answers only while its health check passes. */
    healthChecked: boolean;
    /** It is a CNAME to a Cloudflare Tunnel, whose machines the stack does not show. */
    tunnel: boolean;
}

export interface ClassClouds {
    /** Clouds that certainly serve the class. */
    certain: Set<string>;
    /** Clouds that may serve it, depending on what is not known yet. */
    possible: Set<string>;
    /** Serving origins with known clouds, and their weights, when the class's pools are known. */
    origins?: { pool: Pool; origin: Origin; cloud: string }[];
    /** Why per-origin figures are not known yet. */
    unknown?: string;
    /** Some origin, pool or fallback of the class is on a cloud not known yet: it may be any. */
    open: boolean;
}

export interface TrafficModel {
    resources: PolicyResource[];
    machines: Machine[];
    /** Clouds whose machines serve. */
    clouds: Set<string>;
    hostnames: Hostname[];
    direct: DirectHostname[];
    pools: Pool[];
    /** Facts the verdicts needed that are unknown until the resources exist. */
    pending: string[];
    cloudsOf(traffic: TrafficClass): ClassClouds;
    /**
     * For each pool that can be a class's first (one pool once the order is known; in a first preview, any of them):
     * the clouds whose outage alone would take both it and the fallback down. Undefined without a known fallback.
     */
    fallbackOverlap(traffic: TrafficClass): { firsts: Pool[]; overlaps: string[][]; fallback: Pool } | undefined;
    machineOf(resource: PolicyResource): Machine | undefined;
}

const PRIVATE = [/^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^127\./, /^169\.254\./, /^f[cd][0-9a-f]{2}:/i, /^fe80:/i, /^::1$/];

function isPrivate(address: string): boolean {
    return PRIVATE.some((pattern) => pattern.test(address));
}

function normalHost(name: string): string {
    return name.toLowerCase().replace(/\.$/, "");
}

/** One spelling per identity: GCP refers to a resource by full URL or by its path from `projects/`. */
function canonical(value: string): string {
    return normalHost(value.replace(/^https:\/\/(www|compute)\.googleapis\.com\/compute\/(v1|beta|alpha)\//, ""));
}

/**
 * Whether two DNS names are one: equal, or, within one Cloudflare zone (where a record may be named relative to the
 * zone), a single label and a name that starts with it. `example.com` is not `example.com.au`.
 */
export function sameHost(a: string, b: string, sameZone = false): boolean {
    const [x, y] = [normalHost(a), normalHost(b)];
    if (x === y) return true;
    if (!sameZone) return false;
    const [label, full] = x.includes(".") ? [y, x] : [x, y];
    return !label.includes(".") && full.startsWith(`${label}.`);
}

/**
 * The last model built, and what it was built from. The policy SDK hands each rule a fresh copy of the same
 * resources (server.js `makeAnalyzeStackRpcFun` deserialises them per policy), so the cache is keyed by content.
 */
let last: { key: string; model: TrafficModel } | undefined;

/** The model of a stack, built once per AnalyzeStack call and shared by every rule that asks for it. */
export function trafficModel(resources: PolicyResource[]): TrafficModel {
    const key = JSON.stringify(resources.map((resource) => [resource.urn, plain(resource), resource.propertyDependencies ? Object.entries(resource.propertyDependencies).map(([property, targets]) => [property, targets.map((target) => target.urn)]) : []]));
    if (last?.key !== key) {
        last = { key, model: buildModel(resources) };
    }
    return last.model;
}

function buildModel(resources: PolicyResource[]): TrafficModel {
    const pending: string[] = [];
    const describeOf = new Map<PolicyResource, TypeDescription>();
    for (const resource of resources) {
        const description = descriptionOf(resource.type);
        if (description) describeOf.set(resource, description);
    }
    const roleOf = (resource: PolicyResource): Role | undefined => describeOf.get(resource)?.role;

    // Identity values (IDs, ARNs, self links, addresses) to the resources that carry them.
    const byValue = new Map<string, Set<PolicyResource>>();
    // Private addresses, apart: the same one can exist in every cloud's network, and only a tunnel reaches them.
    const byPrivateValue = new Map<string, Set<PolicyResource>>();
    const remember = (value: string, resource: PolicyResource) => {
        const key = canonical(value);
        if (!byValue.has(key)) byValue.set(key, new Set());
        byValue.get(key)!.add(resource);
    };
    const addressesOf = new Map<PolicyResource, string[]>();
    // Address holders whose addresses are not known yet: an origin that matches nothing may turn out to be one of them.
    const addressesPending: PolicyResource[] = [];
    for (const resource of resources) {
        const props = plain(resource);
        if (typeof props.id === "string" && props.id !== "") remember(props.id, resource);
        const description = describeOf.get(resource);
        for (const path of description?.identities ?? []) stringsAt(props, path).strings.forEach((value) => remember(value, resource));
        const read = (description?.addresses ?? []).map((path) => stringsAt(props, path));
        const own = read.flatMap((found) => found.strings).filter((value) => value !== "");
        if (own.length === 0 && read.some((found) => found.unknown)) addressesPending.push(resource);
        addressesOf.set(resource, own);
        own.forEach((value) => remember(value, resource));
        for (const path of description?.privateAddresses ?? []) {
            stringsAt(props, path).strings.forEach((value) => {
                if (!byPrivateValue.has(value)) byPrivateValue.set(value, new Set());
                byPrivateValue.get(value)!.add(resource);
            });
        }
        if (resource.type === CLOUDFLARE.pool || resource.type === CLOUDFLARE.monitor || resource.type === CLOUDFLARE.monitorGroup) {
            if (typeof props.id === "string") remember(props.id, resource);
        }
    }
    const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
    // Machines whose IDs are not known yet: an association that names a machine by ID may mean one of them.
    const machinesPending = resources.some((resource) => ["machine", "group", "interface"].includes(describeOf.get(resource)?.role ?? "") && valueAt(plain(resource), "id") === UNKNOWN);
    const lookup = (value: string) => [...(byValue.get(canonical(value)) ?? [])];

    // The resources a property refers to: its dependencies, and the resources its known values name.
    const referenced = (resource: PolicyResource, path: string, roles: Role[]): { targets: PolicyResource[]; unknown: boolean } => {
        const top = path.replace(/^\^/, "").split(/[.[]/)[0];
        const { strings, unknown } = stringsAt(plain(resource), path.replace(/^\^/, ""));
        const byDependency = dependenciesOf(resource, top).map((dependency) => byUrn.get(dependency.urn) ?? dependency);
        const byName = strings.flatMap(lookup);
        const targets = [...new Set([...byDependency, ...byName])].filter((target) => target !== resource && roles.includes(roleOf(target)!));
        return { targets, unknown };
    };

    // The link graph between roles that carry traffic to machines, kept both ways.
    const CARRIERS: Role[] = ["machine", "group", "address", "association", "interface", "balancer"];
    const neighbours = new Map<PolicyResource, Set<PolicyResource>>();
    const connect = (a: PolicyResource, b: PolicyResource) => {
        if (!neighbours.has(a)) neighbours.set(a, new Set());
        if (!neighbours.has(b)) neighbours.set(b, new Set());
        neighbours.get(a)!.add(b);
        neighbours.get(b)!.add(a);
    };
    // Carriers with a link not known yet: what they lead to may still change.
    const linksPending = new Set<PolicyResource>();
    for (const [resource, description] of describeOf) {
        for (const link of description.links ?? []) {
            const roles = link.to.filter((role) => CARRIERS.includes(role));
            if (roles.length === 0 || !CARRIERS.includes(description.role)) continue;
            const { targets, unknown } = referenced(resource, link.property, roles);
            targets.forEach((target) => connect(resource, target));
            // An unknown value with a property dependency still says what it refers to.
            if (unknown && dependenciesOf(resource, link.property.replace(/^\^/, "").split(/[.[]/)[0]).length === 0) linksPending.add(resource);
        }
        // Carriers that pick machines by label (a Hetzner load balancer target of type label_selector).
        if (description.coversSelected && CARRIERS.includes(description.role)) {
            const selectors = description.coversSelected.map((path) => stringsAt(plain(resource), path));
            if (selectors.some((found) => found.unknown)) linksPending.add(resource);
            const chosen = selectors.flatMap((found) => found.strings);
            for (const [machine, own] of describeOf) {
                const labels = (valueAt(plain(machine), "labels") ?? {}) as Record<string, unknown>;
                if (own.role === "machine" && cloudOf(machine.type) === cloudOf(resource.type) && chosen.some((selector) => selects(selector, labels))) connect(resource, machine);
            }
        }
    }

    // Machines, and what keeps one from serving.
    const stoppedBy = new Map<PolicyResource, string>();
    for (const [resource, description] of describeOf) {
        for (const rule of description.stopped ?? []) {
            const value = valueAt(plain(resource), rule.property);
            if (typeof value === "string" && rule.values.includes(value)) {
                const reason = `${rule.property} is ${value}`;
                if (description.role === "machine") {
                    stoppedBy.set(resource, reason);
                } else {
                    [...(neighbours.get(resource) ?? [])].filter((target) => roleOf(target) === "machine").forEach((machine) => stoppedBy.set(machine, `${resource.name} holds it ${value}`));
                }
            }
        }
    }
    const machines: Machine[] = [];
    const machineByResource = new Map<PolicyResource, Machine>();
    for (const [resource, description] of describeOf) {
        if (description.role !== "machine" && description.role !== "group") continue;
        let stopped = stoppedBy.get(resource);
        if (description.role === "group") {
            const sizes = (description.size ?? []).map((path) => valueAt(plain(resource), path));
            const size = sizes.find((value) => value !== undefined);
            const maximum = valueAt(plain(resource), "maxSize");
            if (size === 0 || maximum === 0) stopped = `${size === 0 ? "its size" : "maxSize"} is 0`;
        }
        const machine = { resource, cloud: cloudOf(resource.type), group: description.role === "group", ...(stopped ? { stopped } : {}) };
        machines.push(machine);
        machineByResource.set(resource, machine);
    }

    /** The machines behind an address holder: the holder itself, or what the link graph reaches from it. */
    const machinesBehind = (start: PolicyResource[]): Machine[] => reach(start).machines;
    /** What the link graph reaches from `start`, and whether all of the way is known (no link still unknown). */
    const reach = (start: PolicyResource[]): { machines: Machine[]; settled: boolean } => {
        const found = new Set<Machine>();
        const seen = new Set<PolicyResource>(start);
        const queue = [...start];
        while (queue.length > 0) {
            const current = queue.shift()!;
            const machine = machineByResource.get(current);
            if (machine) {
                found.add(machine);
                continue;
            }
            for (const next of neighbours.get(current) ?? []) {
                if (!seen.has(next)) {
                    seen.add(next);
                    queue.push(next);
                }
            }
        }
        return { machines: [...found], settled: ![...seen].some((resource) => linksPending.has(resource)) };
    };

    // Address records of every DNS provider the pack knows: what a hostname answers with.
    const answers = resources.flatMap((record) => {
        const shape = DNS_RECORDS[record.type];
        if (!shape) return [];
        const props = plain(record);
        const name = valueAt(props, shape.name);
        const type = shape.type ? valueAt(props, shape.type) : "";
        if (typeof name !== "string" || (typeof type === "string" && !ADDRESS_RECORD_TYPES.has(type.toUpperCase()))) return [];
        const values = shape.values.flatMap((path) => stringsAt(props, path).strings);
        const dependencies = shape.values.map((path) => path.split(/[.[]/)[0]).flatMap((property) => dependenciesOf(record, property)).map((dependency) => byUrn.get(dependency.urn) ?? dependency);
        const checked = (shape.healthChecks ?? []).some((path) => valueAt(props, path) !== undefined && valueAt(props, path) !== "");
        return [{ record, name, zone: valueAt(props, "zoneId"), values, dependencies, checked }];
    });
    /** The resources a hostname leads to: what carries it as an address, or what the zone's records answer with. */
    const resolveHost = (host: string, depth = 0): PolicyResource[] => {
        const holders = lookup(host).filter((holder) => describeOf.has(holder));
        if (holders.length > 0 || depth > 3) return holders;
        return answers
            .filter((answer) => sameHost(answer.name, host, answer.zone !== undefined))
            .flatMap((answer) => [...answer.values.flatMap((value) => resolveHost(value, depth + 1)), ...answer.dependencies.filter((dependency) => describeOf.has(dependency))]);
    };
    /** Hostnames pools use as origin addresses: their records serve Cloudflare, not clients. */
    const originHosts = new Set<string>();

    // Pools, their monitors and their origins.
    const poolResources = resources.filter((resource) => resource.type === CLOUDFLARE.pool);
    const monitors = resources.filter((resource) => resource.type === CLOUDFLARE.monitor);
    const groups = resources.filter((resource) => resource.type === CLOUDFLARE.monitorGroup);
    /** A pool's monitor group (Cloudflare, "Monitor groups"): by dependency or ID, with its enabled, checking members. */
    const monitorGroupOf = (pool: PolicyResource): { resource: Maybe<PolicyResource>; members: NonNullable<Pool["monitorGroup"]> } | undefined => {
        const value = valueAt(plain(pool), "monitorGroup");
        const found = dependenciesOf(pool, "monitorGroup").find((dependency) => dependency.type === CLOUDFLARE.monitorGroup)
            ?? (typeof value === "string" ? groups.find((group) => plain(group).id === value) : undefined);
        if (!found) return value === undefined || value === "" ? undefined : { resource: UNKNOWN, members: [] };
        const group = byUrn.get(found.urn) ?? found;
        const { values, unknown } = valuesAt(plain(group), "members[]");
        const members: NonNullable<Pool["monitorGroup"]> = (values as Record<string, unknown>[])
            .filter((member) => valueAt(member, "enabled") !== false && valueAt(member, "monitoringOnly") !== true)
            .map((member) => {
                const id = valueAt(member, "monitorId");
                const byId = typeof id === "string" ? monitors.find((candidate) => plain(candidate).id === id) : undefined;
                const byDependency = dependenciesOf(group, "members").filter((dependency) => dependency.type === CLOUDFLARE.monitor);
                const monitor: Maybe<PolicyResource> = byId ?? (byDependency.length === 1 ? byDependency[0] : UNKNOWN);
                return { monitor, mustBeHealthy: valueAt(member, "mustBeHealthy") === true };
            });
        return { resource: unknown ? UNKNOWN : group, members };
    };
    const pools = poolResources.map((resource): Pool => {
        const props = plain(resource);
        const name = typeof props.name === "string" ? props.name : resource.name;
        const monitorValue = valueAt(props, "monitor");
        const monitorByDependency = dependenciesOf(resource, "monitor").find((dependency) => dependency.type === CLOUDFLARE.monitor);
        const monitorByValue = typeof monitorValue === "string" && monitorValue !== "" ? monitors.find((monitor) => plain(monitor).id === monitorValue) : undefined;
        let monitor: Maybe<PolicyResource | undefined> = monitorByDependency ?? monitorByValue;
        if (!monitor && monitorValue === UNKNOWN) monitor = UNKNOWN;
        const group = monitor === undefined ? monitorGroupOf(resource) : undefined;
        // A group whose every member is off or monitoring only does not decide health (Cloudflare, "Monitor groups").
        if (group) monitor = isKnown(group.resource) && group.members.length === 0 ? undefined : group.resource;
        if (!monitor && typeof monitorValue === "string" && monitorValue !== "") {
            // A monitor set by an ID this stack does not hold: it exists, its timing is not known here.
            monitor = UNKNOWN;
            pending.push(`pool ${name}: monitor ${monitorValue} is not in this stack, so its timing is not known`);
        }
        const originsValue = valueAt(props, "origins");
        const originEntries = Array.isArray(originsValue) ? (originsValue as Record<string, unknown>[]) : [];
        const dependencySources = dependenciesOf(resource, "origins").map((dependency) => byUrn.get(dependency.urn) ?? dependency);
        const origins = originEntries.map((entry, index): Origin => {
            const address = valueAt(entry, "address");
            const label = typeof entry.name === "string" && entry.name ? entry.name : typeof address === "string" ? address : `origin ${index}`;
            const weightValue = valueAt(entry, "weight");
            const weight = typeof weightValue === "number" ? weightValue : 1;
            const enabled = valueAt(entry, "enabled");
            if (enabled === UNKNOWN) pending.push(`pool ${name}: whether origin ${label} is enabled (judged as if it were)`);
            const excluded = enabled === false ? "disabled"
                : weight === 0 ? "weight 0"
                : typeof address === "string" && isPrivate(address) && !valueAt(entry, "virtualNetworkId") ? `a private address (${address}) with no virtual network`
                : undefined;
            if (typeof address !== "string") {
                return { label, weight, ...(excluded ? { excluded } : {}), machines: [], clouds: UNKNOWN };
            }
            const tunnelled = isPrivate(address) && Boolean(valueAt(entry, "virtualNetworkId"));
            if (/[a-z]/i.test(address) && address.includes(".") && !address.includes(":")) originHosts.add(normalHost(address));
            const holders = (tunnelled ? [...(byPrivateValue.get(address) ?? [])] : resolveHost(address)).filter((holder) => describeOf.has(holder));
            const found = machinesBehind(holders);
            if (found.length === 0 && holders.length > 0) {
                // An address this stack holds, attached to nothing it can find: to a machine whose ID is not known yet
                // (it is still that address's cloud), or, once everything is known, to nothing that serves.
                const clouds = [...new Set(holders.map((holder) => cloudOf(holder.type)))];
                if (machinesPending) {
                    return { label, weight, ...(excluded ? { excluded } : {}), machines: [], clouds };
                }
                return { label, weight, ...(excluded ? { excluded } : {}), machines: [], clouds: [], outside: `${label} (${address}) is ${holders.map((holder) => holder.name).join(", ")}, attached to no machine of this stack` };
            }
            if (found.length === 0 && addressesPending.length > 0) {
                pending.push(`pool ${name}: origin ${label} (${address}) matches no address known yet; ${addressesPending.length} address holder(s) get theirs on deployment`);
                return { label, weight, ...(excluded ? { excluded } : {}), machines: [], clouds: UNKNOWN, awaitsAddresses: true };
            }
            if (found.length === 0) {
                return { label, weight, ...(excluded ? { excluded } : {}), machines: [], clouds: [], outside: `${label} (${address}) matches nothing this stack manages` };
            }
            return { label, weight, ...(excluded ? { excluded } : {}), machines: found, clouds: [...new Set(found.map((machine) => machine.cloud))] };
        });
        // Origins whose address is not known yet: the pool's dependencies say which machines they are, as a whole.
        const unresolved = origins.filter((origin) => origin.clouds === UNKNOWN && !origin.awaitsAddresses);
        if (unresolved.length > 0) {
            const claimed = new Set(origins.flatMap((origin) => origin.machines));
            const reached = reach(dependencySources);
            const candidates = reached.machines.filter((machine) => !claimed.has(machine));
            const clouds = [...new Set(candidates.map((machine) => machine.cloud))];
            if (candidates.length === unresolved.length) {
                // One machine each, as programs write it. Dependencies are a set, in no guaranteed order: pairing
                // origins with machines by that order is safe only when the origins are interchangeable.
                const interchangeable = new Set(unresolved.map((origin) => `${origin.weight}|${origin.excluded ?? ""}`)).size === 1;
                unresolved.forEach((origin, index) => {
                    origin.machines = [candidates[index]];
                    origin.clouds = [candidates[index].cloud];
                });
                if (!interchangeable && clouds.length > 1) {
                    pending.push(`pool ${name}: which of its origins (of different weights, or enabled or not) is on which cloud is not known until their addresses are`);
                    unresolved.forEach((origin) => {
                        origin.machines = [];
                        origin.clouds = clouds;
                    });
                }
            } else if (clouds.length === 1) {
                // Fewer machines than origins (a group behind them): each origin is any of them, stopped or not.
                unresolved.forEach((origin) => {
                    origin.clouds = clouds;
                    origin.machines = candidates;
                });
            } else if (clouds.length === 0 && dependencySources.length > 0 && reached.settled) {
                // Everything they come from is known, and none of it leads to a machine: they serve nothing.
                const sources = list(dependencySources.map((source) => source.name));
                unresolved.forEach((origin) => {
                    origin.clouds = [];
                    origin.outside = `${origin.label} comes from ${sources}, which lead(s) to no machine`;
                });
            } else if (clouds.length === 0 && dependencySources.length === 0) {
                unresolved.forEach((origin) => (origin.clouds = UNKNOWN));
                pending.push(`pool ${name}: its origins' addresses are not known yet and depend on nothing in this stack`);
            } else {
                unresolved.forEach((origin) => (origin.clouds = clouds.length > 0 ? clouds : UNKNOWN));
                pending.push(`pool ${name}: ${unresolved.length} origins whose addresses are not known yet come from machines on ${clouds.join(", ") || "no known cloud"}`);
            }
        }
        const minimum = valueAt(props, "minimumOrigins");
        if (valueAt(props, "enabled") === UNKNOWN) pending.push(`pool ${name}: whether it is enabled (judged as if it were)`);
        return { resource, name, enabled: valueAt(props, "enabled") !== false, minimumOrigins: typeof minimum === "number" ? minimum : 1, origins, monitor, ...(group && isKnown(group.resource) ? { monitorGroup: group.members } : {}) };
    });
    const poolByResource = new Map(pools.map((pool) => [pool.resource, pool]));

    /** The pools a load-balancer property names: by known ID, otherwise (in a preview) by its dependencies. */
    const poolsOf = (loadBalancer: PolicyResource, top: string, ids: unknown[]): PoolChoice => {
        const known = ids.filter((id): id is string => typeof id === "string" && !isUnknownValue(id));
        const matched = known.map((id) => lookup(id).find((candidate) => candidate.type === CLOUDFLARE.pool));
        const byId = matched.filter((resource): resource is PolicyResource => resource !== undefined).map((resource) => poolByResource.get(resource)!);
        // IDs not known yet, and known IDs of pools whose own IDs the stack does not report: found through dependencies.
        const unknownCount = ids.length - byId.length;
        if (unknownCount === 0) {
            return { certain: byId, possible: [], ordered: byId };
        }
        const candidates = dependenciesOf(loadBalancer, top).map((dependency) => poolByResource.get(byUrn.get(dependency.urn) ?? dependency)).filter((pool): pool is Pool => pool !== undefined && !byId.includes(pool));
        if (candidates.length > 0) {
            return candidates.length <= unknownCount ? { certain: [...byId, ...candidates], possible: [] } : { certain: byId, possible: candidates };
        }
        // Literal IDs (an imported load balancer) name pools whose own IDs are not known yet, or pools outside the stack.
        const unmatched = known.filter((_, index) => matched[index] === undefined);
        const idPending = pools.filter((pool) => !byId.includes(pool) && valueAt(plain(pool.resource), "id") === UNKNOWN);
        if (idPending.length > 0) {
            return { certain: byId, possible: idPending };
        }
        return { certain: byId, possible: [], ...(unmatched.length > 0 ? { outside: unmatched } : {}) };
    };

    const hostnames: Hostname[] = [];
    const loadBalancers = resources.filter((resource) => resource.type === CLOUDFLARE.loadBalancer);
    for (const loadBalancer of loadBalancers) {
        const props = plain(loadBalancer);
        if (Object.keys(props).length === 0) {
            // What the engine sends while the resource's provider is not configured yet (provider_plugin.go).
            pending.push(`load balancer ${loadBalancer.name}: none of its properties is known yet`);
            continue;
        }
        const enabled = valueAt(props, "enabled");
        if (enabled === false) continue;
        const name = typeof props.name === "string" ? props.name : loadBalancer.name;
        if (enabled === UNKNOWN) pending.push(`load balancer ${name}: whether it is enabled (judged as if it were)`);
        const list = (path: string) => {
            const value = valueAt(props, path);
            return Array.isArray(value) ? value : value === undefined ? [] : [value];
        };
        const single = (top: string, value: unknown): Pick<TrafficClass, "fallback" | "fallbackCandidates"> => {
            if (value === undefined || value === "") return { fallback: undefined };
            const choice = poolsOf(loadBalancer, top, [value]);
            if (choice.certain.length === 1) return { fallback: choice.certain[0] };
            if (choice.possible.length === 0 && choice.certain.length === 0 && !choice.outside) return { fallback: undefined };
            return { fallback: UNKNOWN, ...(choice.possible.length > 0 && !choice.outside ? { fallbackCandidates: choice.possible } : {}) };
        };
        const fallback = single("fallbackPool", valueAt(props, "fallbackPool"));
        const classes: TrafficClass[] = [{ label: "default", pools: poolsOf(loadBalancer, "defaultPools", list("defaultPools")), ...fallback }];
        // Region, PoP and country pools: each entry a failover order of its own, ending in the fallback.
        const mapped = (source: Record<string, unknown>, top: string, prefix: string, classFallback: Pick<TrafficClass, "fallback" | "fallbackCandidates">) => {
            for (const [path, label] of [["regionPools", "region"], ["popPools", "PoP"], ["countryPools", "country"]] as const) {
                const entries = valueAt(source, path);
                if (entries === UNKNOWN) pending.push(`load balancer ${name}: its ${prefix}${path}`);
                if (entries === UNKNOWN || typeof entries !== "object" || entries === null) continue;
                for (const [key, ids] of Object.entries(entries as Record<string, unknown>)) {
                    classes.push({ label: `${prefix}${label} ${key}`, pools: poolsOf(loadBalancer, top || path, Array.isArray(ids) ? ids : [ids]), ...classFallback });
                }
            }
        };
        // Region, PoP and country pools steer only under geo steering, or an unset one, which becomes geo when they
        // exist (Cloudflare API, load balancers, steering_policy); other policies leave them in place, unused.
        const steering = valueAt(props, "steeringPolicy");
        const usesMaps = (policy: unknown) => policy === undefined || policy === "" || policy === "geo" || policy === UNKNOWN;
        if (usesMaps(steering)) mapped(props, "", "", fallback);
        const rules = valueAt(props, "rules");
        (Array.isArray(rules) ? (rules as Record<string, unknown>[]) : []).forEach((rule, index) => {
            if (valueAt(rule, "disabled") === true || valueAt(rule, "fixedResponse") !== undefined) return;
            const overrides = (valueAt(rule, "overrides") ?? {}) as Record<string, unknown>;
            const label = `rule ${typeof rule.name === "string" ? rule.name : index}`;
            const ruleFallback = overrides.fallbackPool !== undefined ? single("rules", overrides.fallbackPool) : fallback;
            if (overrides.defaultPools !== undefined || overrides.fallbackPool !== undefined) {
                const pools = overrides.defaultPools !== undefined ? poolsOf(loadBalancer, "rules", Array.isArray(overrides.defaultPools) ? overrides.defaultPools : [overrides.defaultPools]) : classes[0].pools;
                classes.push({ label, pools, ...ruleFallback });
            }
            if (usesMaps(overrides.steeringPolicy ?? steering)) mapped(overrides, "rules", `${label}, `, ruleFallback);
        });
        const proxied = valueAt(props, "proxied") === true;
        const ttl = valueAt(props, "ttl");
        hostnames.push({ name, loadBalancer, proxied, ttl: proxied ? 0 : typeof ttl === "number" && ttl > 0 ? ttl : DNS_ONLY_DEFAULT_TTL, classes });
    }

    // DNS records straight to machines, for hostnames no enabled load balancer serves and no pool uses as an origin.
    const direct = new Map<string, DirectHostname>();
    for (const { record, name, zone, values, dependencies, checked } of answers) {
        if (hostnames.some((hostname) => sameHost(hostname.name, name, typeof zone === "string" && valueAt(plain(hostname.loadBalancer), "zoneId") === zone))) continue;
        if ([...originHosts].some((host) => sameHost(name, host, zone !== undefined))) continue;
        const tunnel = values.some((value) => normalHost(value).endsWith(".cfargotunnel.com")) || dependencies.some((dependency) => /:ZeroTrustTunnelCloudflared$|:Tunnel$/.test(dependency.type));
        const found = machinesBehind([...new Set([...values.flatMap(lookup), ...dependencies])]);
        if (found.length === 0 && !tunnel) continue;
        const entry = direct.get(normalHost(name)) ?? { name, records: [], machines: [], healthChecked: true, tunnel: false };
        entry.records.push(record);
        entry.machines = [...new Set([...entry.machines, ...found])];
        entry.healthChecked &&= checked;
        entry.tunnel ||= tunnel;
        direct.set(normalHost(name), entry);
    }
    // Spectrum applications proxy a hostname's TCP straight to the origins they list.
    for (const application of resources.filter((resource) => resource.type === SPECTRUM)) {
        const props = plain(application);
        const name = valueAt(props, "dns.name");
        const addresses = stringsAt(props, "originDirects[]").strings.map((origin) => origin.replace(/^[a-z]+:\/\//, "").replace(/^\[?([^\]]+?)\]?(:\d+)?$/, "$1"));
        const found = machinesBehind([...new Set([...addresses.flatMap(lookup), ...dependenciesOf(application, "originDirects").map((dependency) => byUrn.get(dependency.urn) ?? dependency)])]);
        if (typeof name !== "string" || found.length === 0) continue;
        direct.set(`spectrum:${normalHost(name)}`, { name, records: [application], machines: found, healthChecked: false, tunnel: false });
    }

    const cloudsOf = (traffic: TrafficClass): ClassClouds => {
        const fallback = traffic.fallback;
        // A pool named twice (first in the order and again as the fallback) serves, and weighs, once.
        const certainPools = [...new Set([...traffic.pools.certain, ...(fallback && isKnown(fallback) ? [fallback] : [])])].filter((pool) => pool.enabled);
        const possiblePools = traffic.pools.possible.filter((pool) => pool.enabled);
        const servingClouds = (pool: Pool) => {
            const known = new Set<string>();
            const maybe = new Set<string>();
            let unknown = false;
            for (const origin of pool.origins) {
                if (origin.excluded || origin.outside) continue;
                if (!isKnown(origin.clouds)) {
                    unknown = true;
                    continue;
                }
                const serving = origin.machines.length === 0 || origin.machines.some((machine) => !machine.stopped);
                if (!serving) continue;
                (origin.clouds.length === 1 ? known : maybe).add(origin.clouds[0]);
                origin.clouds.forEach((cloud) => maybe.add(cloud));
            }
            return { known, maybe, unknown };
        };
        const certain = new Set<string>();
        const possible = new Set<string>();
        let unknown: string | undefined;
        let open = (fallback === UNKNOWN && !traffic.fallbackCandidates) || traffic.pools.outside !== undefined;
        for (const pool of certainPools) {
            const clouds = servingClouds(pool);
            clouds.known.forEach((cloud) => certain.add(cloud));
            clouds.maybe.forEach((cloud) => possible.add(cloud));
            open ||= clouds.unknown;
            if (clouds.unknown || clouds.maybe.size > clouds.known.size) unknown = `which clouds serve pool ${pool.name} is not known yet`;
        }
        for (const pool of [...possiblePools, ...(traffic.fallbackCandidates ?? [])].filter((pool) => pool.enabled)) {
            const clouds = servingClouds(pool);
            clouds.maybe.forEach((cloud) => possible.add(cloud));
            open ||= clouds.unknown;
            unknown = `which pools serve ${traffic.label} is not known until their IDs are`;
        }
        certain.forEach((cloud) => possible.add(cloud));
        if (fallback === UNKNOWN) unknown = `the fallback pool of ${traffic.label} is not known yet`;
        if (traffic.pools.outside) unknown = `pool(s) ${traffic.pools.outside.join(", ")} of ${traffic.label} are not in this stack, so what they serve is not known`;
        const origins = unknown === undefined
            ? certainPools.flatMap((pool) => pool.origins
                .filter((origin) => !origin.excluded && !origin.outside && isKnown(origin.clouds) && origin.clouds.length === 1 && (origin.machines.length === 0 || origin.machines.some((machine) => !machine.stopped)))
                .map((origin) => ({ pool, origin, cloud: (origin.clouds as string[])[0] })))
            : undefined;
        return { certain, possible, open, ...(origins ? { origins } : {}), ...(unknown ? { unknown } : {}) };
    };

    return {
        resources,
        machines,
        clouds: new Set(machines.filter((machine) => !machine.stopped).map((machine) => machine.cloud)),
        hostnames,
        direct: [...direct.values()],
        pools,
        pending,
        cloudsOf,
        fallbackOverlap: (traffic) => {
            const { fallback } = traffic;
            if (!fallback || !isKnown(fallback)) return undefined;
            const firsts = traffic.pools.ordered ? traffic.pools.ordered.slice(0, 1) : [...traffic.pools.certain, ...traffic.pools.possible];
            // A cloud's outage takes a pool down when fewer than its minimumOrigins serving origins are left.
            // A pool that cannot serve even now is failover-spans-providers' finding, not an outage's.
            const downWithout = (pool: Pool, lost: string) => {
                const serving = pool.origins.filter((origin) => !origin.excluded && !origin.outside && isKnown(origin.clouds) && origin.clouds.length > 0 && (origin.machines.length === 0 || origin.machines.some((machine) => !machine.stopped)));
                return serving.length >= pool.minimumOrigins && serving.filter((origin) => !(origin.clouds as string[]).includes(lost)).length < pool.minimumOrigins;
            };
            const cloudsIn = (pool: Pool) => new Set(pool.origins.flatMap((origin) => (isKnown(origin.clouds) ? origin.clouds : [])));
            return {
                firsts,
                fallback,
                overlaps: firsts.map((first) => [...new Set([...cloudsIn(first), ...cloudsIn(fallback)])].sort().filter((cloud) => downWithout(first, cloud) && downWithout(fallback, cloud))),
            };
        },
        machineOf: (resource) => machineByResource.get(resource),
    };
}

/** Worst-case detection of a pool's monitor, or UNKNOWN when its timing is not known. */
export function detectionSeconds(pool: Pool, ttl: number): Maybe<number | undefined> {
    if (pool.monitor === undefined) return undefined;
    if (!isKnown(pool.monitor)) return UNKNOWN;
    if (pool.monitorGroup) {
        const members = pool.monitorGroup.map((member) => ({ ...member, seconds: isKnown(member.monitor) ? monitorSeconds(member.monitor, ttl) : UNKNOWN }));
        if (members.length === 0) return undefined;
        if (members.some((member) => !isKnown(member.seconds))) return UNKNOWN;
        const must = members.filter((member) => member.mustBeHealthy);
        const seconds = (must.length > 0 ? must : members).map((member) => member.seconds as number);
        return must.length > 0 ? Math.min(...seconds) : Math.max(...seconds);
    }
    return monitorSeconds(pool.monitor, ttl);
}

function monitorSeconds(monitor: PolicyResource, ttl: number): Maybe<number> {
    const props = plain(monitor);
    const timing = ["interval", "timeout", "retries", "consecutiveDown"].map((field) => valueAt(props, field));
    if (timing.some((value) => value === UNKNOWN)) return UNKNOWN;
    const [interval, timeout, retries, consecutiveDown] = timing as (number | undefined)[];
    return worstCaseFailoverSeconds({ interval, timeout, retries, consecutiveDown }, ttl || undefined);
}
