import type { PolicyResource } from "@pulumi/policy";
import type { FirewallShape } from "./cloudTypes";
import { cloudOf, descriptionOf } from "./clouds";
import { dependenciesOf, isKnown, plain, stringsAt, UNKNOWN, valueAt, valuesAt, type Maybe } from "./read";

/** One inbound rule of any cloud's firewall, in one shape. */
export interface Opening {
    from: number;
    to: number;
    protocol: string;
    sources: string[];
}

const ALL_PORTS = { from: 0, to: 65535 };
const WORLD = new Set(["0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0", "::"]);
const PORTLESS = new Set(["icmp", "icmpv6", "58", "1", "esp", "gre", "ah"]);

export function isWorld(source: string): boolean {
    return WORLD.has(source.toLowerCase());
}

export function carriesPorts(protocol: string): boolean {
    return !PORTLESS.has(protocol.toLowerCase());
}

/** "22", "80-85", "1:65535", "80,443", "all", "any", "*", or nothing (every port). */
function portRanges(text: string | undefined): { from: number; to: number }[] {
    if (text === undefined || /^(all|any|\*|)$/i.test(text.trim())) {
        return [ALL_PORTS];
    }
    return text.split(",").map((part) => {
        const [from, to = from] = part.trim().split(/[-:]/).map(Number);
        return { from, to };
    });
}

function rulesOf(resource: PolicyResource, shape: FirewallShape): Maybe<Record<string, unknown>[]> {
    const props = plain(resource);
    if (shape.rules === "") return [props];
    const { values, unknown } = valuesAt(props, shape.rules);
    return unknown ? UNKNOWN : (values as Record<string, unknown>[]);
}

/** Every inbound opening a firewall declares, or UNKNOWN while its rules are not known yet; undefined for other types. */
export function openings(resource: PolicyResource): Maybe<Opening[]> | undefined {
    const shape = descriptionOf(resource.type)?.firewall;
    if (!shape) return undefined;
    const props = plain(resource);
    if (shape.disabled && valueAt(props, shape.disabled) === true) return [];
    const rules = rulesOf(resource, shape);
    if (!isKnown(rules)) return UNKNOWN;
    const read = (rule: Record<string, unknown>, path: string) => (path.startsWith("^") ? valueAt(props, path.slice(1)) : valueAt(rule, path));
    const strings = (rule: Record<string, unknown>, path: string) => stringsAt(path.startsWith("^") ? props : rule, path.replace(/^\^/, ""));
    const found: Opening[] = [];
    for (const rule of rules) {
        if (shape.inbound) {
            const direction = read(rule, shape.inbound.property);
            const inbound = direction === undefined ? shape.inbound.otherwise === true : typeof direction === "string" && shape.inbound.values.some((value) => value.toLowerCase() === direction.toLowerCase());
            if (!inbound) continue;
        }
        if (shape.allows) {
            const decision = read(rule, shape.allows.property);
            if (typeof decision !== "string" || !shape.allows.values.some((value) => value.toLowerCase() === decision.toLowerCase())) continue;
        }
        const protocol = String(read(rule, shape.protocol) ?? "all");
        let ranges: { from: number; to: number }[];
        if (protocol === "-1" || protocol.toLowerCase() === "all" || protocol === "*") {
            ranges = [ALL_PORTS];
        } else if ("from" in shape.ports) {
            const from = read(rule, shape.ports.from);
            const to = read(rule, shape.ports.to);
            ranges = [{ from: Number(from ?? 0), to: Number(to ?? from ?? 65535) }];
        } else {
            const texts = shape.ports.text.flatMap((path) => strings(rule, path).strings);
            ranges = texts.length > 0 ? texts.flatMap(portRanges) : portRanges(undefined);
        }
        const named = shape.namedSource ? read(rule, shape.namedSource) : undefined;
        const declared = shape.sources.map((path) => strings(rule, path));
        const listed = typeof named === "string" && named !== "" ? [named] : declared.flatMap((found) => found.strings);
        if (listed.length === 0 && declared.some((found) => found.unknown)) return UNKNOWN;
        const sources = listed.length > 0 ? listed : (shape.defaultSources ?? []);
        ranges.forEach((range) => found.push({ ...range, protocol, sources }));
    }
    return found;
}

/** Whether a subnet filter (AWS network ACL) admits any inbound traffic, or UNKNOWN. */
function filterAdmits(resource: PolicyResource): Maybe<boolean> {
    const filter = descriptionOf(resource.type)?.filter;
    if (!filter) return true;
    const { values, unknown } = valuesAt(plain(resource), filter.rules);
    if (unknown) return UNKNOWN;
    return values.some((rule) => filter.allow.includes(String(valueAt(rule, filter.action))));
}

/**
 * Whether any firewall or subnet filter that covers `machine` admits some inbound traffic: false when every one
 * admits nothing (a node cut off), UNKNOWN when that is not known yet, true when some opening exists or none covers it.
 */
export function machineAdmits(machine: PolicyResource, resources: PolicyResource[]): Maybe<boolean> {
    const description = descriptionOf(machine.type);
    const machineProps = plain(machine);
    const named = new Set((description?.firewalls ?? []).flatMap((path) => stringsAt(machineProps, path).strings));
    const subnets = new Set((description?.subnets ?? []).flatMap((path) => stringsAt(machineProps, path).strings));
    const firewallDependencies = new Set((description?.firewalls ?? []).flatMap((path) => dependenciesOf(machine, path.split(/[.[]/)[0]).map((dependency) => dependency.urn)));
    const subnetDependencies = new Set((description?.subnets ?? []).flatMap((path) => dependenciesOf(machine, path.split(/[.[]/)[0]).map((dependency) => dependency.urn)));
    const idOf = (resource: PolicyResource) => valueAt(plain(resource), "id");
    const covers = (firewall: PolicyResource): boolean => {
        const id = idOf(firewall);
        if (firewallDependencies.has(firewall.urn) || (typeof id === "string" && named.has(id))) return true;
        const own = descriptionOf(firewall.type);
        if (own?.coversTagged && cloudOf(firewall.type) === cloudOf(machine.type)) {
            const tags = stringsAt(plain(firewall), own.coversTagged.tags).strings;
            const machineTags = new Set(stringsAt(machineProps, own.coversTagged.machineTags).strings);
            if (tags.length === 0 || tags.some((tag) => machineTags.has(tag))) return true;
        }
        return (own?.covers ?? []).some((link) => {
            const { strings } = stringsAt(plain(firewall), link.property);
            const dependencies = dependenciesOf(firewall, link.property.split(/[.[]/)[0]).map((dependency) => dependency.urn);
            const machineId = idOf(machine);
            return dependencies.includes(machine.urn) || (typeof machineId === "string" && strings.includes(machineId));
        });
    };
    const firewalls = resources.filter((resource) => descriptionOf(resource.type)?.role === "firewall" && covers(resource));
    // Rules kept as resources of their own (AWS security group rules) open the group they name.
    const extraRules = (firewall: PolicyResource) =>
        resources.filter((rule) => rule !== firewall && (descriptionOf(rule.type)?.links ?? []).some((link) => link.to.includes("firewall") && dependenciesOf(rule, link.property).some((dependency) => dependency.urn === firewall.urn)));
    let unknown = false;
    if (firewalls.length > 0) {
        let admits = false;
        for (const firewall of firewalls) {
            for (const candidate of [firewall, ...extraRules(firewall)]) {
                const found = openings(candidate);
                if (found === UNKNOWN) unknown = true;
                else if (found && found.some((opening) => opening.sources.length > 0)) admits = true;
            }
        }
        if (!admits) return unknown ? UNKNOWN : false;
    }
    const filters = resources.filter((resource) => {
        if (descriptionOf(resource.type)?.role !== "subnetFilter") return false;
        const covered = (descriptionOf(resource.type)?.covers ?? []).flatMap((link) => [
            ...stringsAt(plain(resource), link.property).strings,
            ...dependenciesOf(resource, link.property.split(/[.[]/)[0]).map((dependency) => dependency.urn),
        ]);
        return covered.some((value) => subnets.has(value) || subnetDependencies.has(value));
    });
    for (const filter of filters) {
        const admits = filterAdmits(filter);
        if (admits === false) return false;
        if (admits === UNKNOWN) unknown = true;
    }
    return unknown && firewalls.length === 0 ? UNKNOWN : true;
}
