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

/** Whether `from` refers to `target` through `path`: by property dependency, or by a value that is its ID or identity. */
function refersTo(from: PolicyResource, path: string, target: PolicyResource): boolean {
    if (dependenciesOf(from, path.split(/[.[]/)[0]).some((dependency) => dependency.urn === target.urn)) return true;
    const values = new Set(stringsAt(plain(from), path).strings);
    const targetProps = plain(target);
    const identities = [valueAt(targetProps, "id"), ...(descriptionOf(target.type)?.identities ?? []).flatMap((identity) => stringsAt(targetProps, identity).strings)];
    return identities.some((identity) => typeof identity === "string" && values.has(identity));
}

/** Links of `resource` that lead to `role`. */
function linksTo(resource: PolicyResource, role: string): string[] {
    return (descriptionOf(resource.type)?.links ?? []).filter((link) => link.to.includes(role as never)).map((link) => link.property);
}

/**
 * Whether a Hetzner-style label selector (`k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma
 * separated, all must hold) selects a machine with these labels (Hetzner Cloud API, "Label Selector").
 */
export function selects(selector: string, labels: Record<string, unknown>): boolean {
    const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
    return terms.map((term) => term.trim()).filter((term) => term !== "").every((term) => {
        const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
        if (set) {
            const member = Object.hasOwn(labels, set[1]) && set[3].split(",").map((value) => value.trim()).includes(String(labels[set[1]]));
            return set[2] === "in" ? member : !member;
        }
        const comparison = /^([^!=\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
        if (comparison) {
            const equal = Object.hasOwn(labels, comparison[1]) && String(labels[comparison[1]]) === comparison[3];
            return comparison[2] === "!=" ? !equal : equal;
        }
        return term.startsWith("!") ? !Object.hasOwn(labels, term.slice(1)) : Object.hasOwn(labels, term);
    });
}

interface FilterRule {
    order: number;
    allows: boolean;
    allProtocols: boolean;
    sources: string[];
}

/**
 * Whether a subnet filter (AWS network ACL) admits any inbound traffic, or UNKNOWN: per address family, some rule
 * allows before the first rule that denies every protocol from everywhere; what no rule admits is denied.
 */
function filterAdmits(filter: PolicyResource, resources: PolicyResource[]): Maybe<boolean> {
    const shape = descriptionOf(filter.type)?.filter;
    if (!shape) return true;
    const { values: inline, unknown } = shape.rules === "" ? { values: [], unknown: false } : valuesAt(plain(filter), shape.rules);
    if (unknown) return UNKNOWN;
    const parts = resources.filter((rule) => rule !== filter && descriptionOf(rule.type)?.filter?.rules === "" && linksTo(rule, "subnetFilter").some((path) => refersTo(rule, path, filter)));
    const rules: FilterRule[] = [];
    const read = (rule: Record<string, unknown>, ruleShape: NonNullable<typeof shape>): Maybe<FilterRule | undefined> => {
        if (ruleShape.outbound && valueAt(rule, ruleShape.outbound) === true) return undefined;
        const [order, action, protocol] = [valueAt(rule, ruleShape.order), valueAt(rule, ruleShape.action), valueAt(rule, ruleShape.protocol)];
        const sources = ruleShape.sources.map((path) => stringsAt(rule, path));
        if ([order, action, protocol].includes(UNKNOWN) || sources.some((found) => found.unknown)) return UNKNOWN;
        return { order: Number(order), allows: ruleShape.allow.includes(String(action)), allProtocols: ["-1", "all"].includes(String(protocol).toLowerCase()), sources: sources.flatMap((found) => found.strings) };
    };
    for (const rule of inline) {
        const found = read(rule as Record<string, unknown>, shape);
        if (found === UNKNOWN) return UNKNOWN;
        if (found) rules.push(found);
    }
    for (const part of parts) {
        const found = read(plain(part), descriptionOf(part.type)!.filter!);
        if (found === UNKNOWN) return UNKNOWN;
        if (found) rules.push(found);
    }
    rules.sort((a, b) => a.order - b.order);
    return [(source: string) => source.includes("."), (source: string) => source.includes(":")].some((family) => {
        for (const rule of rules) {
            const sources = rule.sources.filter(family);
            if (sources.length === 0) continue;
            if (rule.allows) return true;
            if (rule.allProtocols && sources.some(isWorld)) return false;
        }
        return false;
    });
}

/**
 * Whether any firewall or subnet filter that covers `machine` admits some inbound traffic: false when every one
 * admits nothing (a node cut off), UNKNOWN when that is not known yet, true when some opening exists or none covers
 * it on a cloud that then admits everything (a cloud that refuses uncovered machines, as GCP does, gives false).
 */
export function machineAdmits(machine: PolicyResource, resources: PolicyResource[]): Maybe<boolean> {
    const description = descriptionOf(machine.type);
    const machineProps = plain(machine);
    const subnets = new Set((description?.subnets ?? []).flatMap((path) => stringsAt(machineProps, path).strings));
    const subnetDependencies = new Set((description?.subnets ?? []).flatMap((path) => dependenciesOf(machine, path.split(/[.[]/)[0]).map((dependency) => dependency.urn)));
    const labels = (valueAt(machineProps, "labels") ?? {}) as Record<string, unknown>;
    const selectsMachine = (holder: PolicyResource, paths: string[]) => paths.some((path) => stringsAt(plain(holder), path).strings.some((selector) => selects(selector, labels)));
    const associations = resources.filter((resource) => descriptionOf(resource.type)?.role === "association");
    const covers = (firewall: PolicyResource): boolean => {
        if ((description?.firewalls ?? []).some((path) => refersTo(machine, path, firewall))) return true;
        const own = descriptionOf(firewall.type);
        if (own?.coversTagged && cloudOf(firewall.type) === cloudOf(machine.type)) {
            const tags = stringsAt(plain(firewall), own.coversTagged.tags).strings;
            const machineTags = new Set(stringsAt(machineProps, own.coversTagged.machineTags).strings);
            if (tags.length === 0 || tags.some((tag) => machineTags.has(tag))) return true;
        }
        if ((own?.covers ?? []).some((link) => refersTo(firewall, link.property, machine))) return true;
        if (own?.coversSelected && selectsMachine(firewall, own.coversSelected)) return true;
        // Attachments that name the firewall and the machine, or the firewall and a selector the machine matches.
        return associations.some((association) => linksTo(association, "firewall").some((path) => refersTo(association, path, firewall))
            && (linksTo(association, "machine").some((path) => refersTo(association, path, machine)) || selectsMachine(association, descriptionOf(association.type)?.coversSelected ?? [])));
    };
    const firewalls = resources.filter((resource) => descriptionOf(resource.type)?.role === "firewall" && covers(resource));
    // Rules kept as resources of their own (AWS security group rules) open the group they name.
    const extraRules = (firewall: PolicyResource) => resources.filter((rule) => rule !== firewall && linksTo(rule, "firewall").some((path) => refersTo(rule, path, firewall)));
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
    } else if (description?.uncoveredRefused) {
        return false;
    }
    const coversSubnet = (holder: PolicyResource) => (descriptionOf(holder.type)?.covers ?? []).some((link) => [
        ...stringsAt(plain(holder), link.property).strings,
        ...dependenciesOf(holder, link.property.split(/[.[]/)[0]).map((dependency) => dependency.urn),
    ].some((value) => subnets.has(value) || subnetDependencies.has(value)));
    const filters = resources.filter((resource) => {
        const shape = descriptionOf(resource.type);
        if (shape?.role !== "subnetFilter" || shape.filter?.rules === "") return false;
        return coversSubnet(resource) || associations.some((association) => coversSubnet(association) && linksTo(association, "subnetFilter").some((path) => refersTo(association, path, resource)));
    });
    for (const filter of filters) {
        const admits = filterAdmits(filter, resources);
        if (admits === false) return false;
        if (admits === UNKNOWN) unknown = true;
    }
    return unknown && firewalls.length === 0 ? UNKNOWN : true;
}
