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

const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

/** The ranges a managed prefix list holds: its own entries, and entries kept as resources of their own. */
function prefixListRanges(list: PolicyResource, resources: PolicyResource[]): string[] {
    const id = valueAt(plain(list), "id");
    const entries = resources.filter((entry) => entry.type === PREFIX_LIST_ENTRY && (valueAt(plain(entry), "prefixListId") === id || dependenciesOf(entry, "prefixListId").some((dependency) => dependency.urn === list.urn)));
    return [...stringsAt(plain(list), "entries[].cidr").strings, ...entries.flatMap((entry) => stringsAt(plain(entry), "cidr").strings)];
}

/** A source as address ranges: itself, or, for an AWS prefix list ID this stack holds, its entries. */
function rangesOf(source: string, resources: PolicyResource[]): string[] {
    const list = resources.find((candidate) => candidate.type === PREFIX_LIST && valueAt(plain(candidate), "id") === source);
    return list ? prefixListRanges(list, resources) : [source];
}

/** The entries of the prefix lists a firewall's rules depend on, for sources a first preview does not know yet. */
function prefixListsBehind(resource: PolicyResource, shape: FirewallShape, resources: PolicyResource[]): string[] {
    const tops = shape.rules === "" ? shape.sources.map((path) => path.replace(/^\^/, "").split(/[.[]/)[0]) : [shape.rules.split(/[.[]/)[0]];
    return tops.flatMap((top) => dependenciesOf(resource, top)).filter((dependency) => dependency.type === PREFIX_LIST).flatMap((list) => prefixListRanges(resources.find((candidate) => candidate.urn === list.urn) ?? list, resources));
}

/** An IPv4 or IPv6 range as [first, last] addresses, or undefined for what is not one. */
function span(range: string): { family: 4 | 6; first: bigint; last: bigint } | undefined {
    const [address, length] = range.split("/");
    const bits = address.includes(":") ? 128 : 32;
    const prefix = length === undefined ? bits : Number(length);
    const value = bits === 32 ? ipv4(address) : ipv6(address);
    if (value === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
    const size = 1n << BigInt(bits - prefix);
    const first = (value / size) * size;
    return { family: bits === 32 ? 4 : 6, first, last: first + size - 1n };
}

function ipv4(address: string): bigint | undefined {
    const parts = address.split(".").map(Number);
    if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined;
    return parts.reduce((sum, part) => sum * 256n + BigInt(part), 0n);
}

function ipv6(address: string): bigint | undefined {
    const [head, tail, extra] = address.split("::");
    if (extra !== undefined) return undefined;
    const groups = (text: string | undefined) => (text ? text.split(":") : []);
    const [left, right] = [groups(head), groups(tail)];
    const missing = 8 - left.length - right.length;
    if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
    const all = [...left, ...Array<string>(missing).fill("0"), ...right];
    if (all.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return undefined;
    return all.reduce((sum, group) => sum * 65536n + BigInt(parseInt(group, 16)), 0n);
}

/**
 * The sources of one rule that together admit the whole IPv4 or IPv6 internet (0.0.0.0/0 or ::/0, a word such as
 * `*`, halves such as 0.0.0.0/1 and 128.0.0.0/1, or a prefix list holding them), or none when they do not.
 */
export function worldOpen(sources: string[], resources: PolicyResource[]): string[] {
    const named = sources.filter(isWorld);
    if (named.length > 0) return named;
    for (const family of [4, 6] as const) {
        const covering = sources.flatMap((source) => rangesOf(source, resources).flatMap((range) => {
            const found = span(range);
            return found && found.family === family ? [{ source, ...found }] : [];
        })).sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
        const top = (1n << (family === 4 ? 32n : 128n)) - 1n;
        let reached = -1n;
        for (const range of covering) {
            if (range.first > reached + 1n) break;
            if (range.last > reached) reached = range.last;
        }
        if (reached >= top) return [...new Set(covering.map((range) => range.source))];
    }
    return [];
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

/**
 * Every inbound opening a firewall declares, or UNKNOWN while its rules are not known yet; undefined for other types.
 * With the stack's resources, a source not known yet that comes from a prefix list the stack holds is its entries.
 */
export function openings(resource: PolicyResource, resources: PolicyResource[] = []): Maybe<Opening[]> | undefined {
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
        const fromLists = declared.some((found) => found.unknown) ? prefixListsBehind(resource, shape, resources) : [];
        const listed = typeof named === "string" && named !== "" ? [named] : [...declared.flatMap((found) => found.strings), ...fromLists];
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
export function filterAdmits(filter: PolicyResource, resources: PolicyResource[]): Maybe<boolean> {
    const shape = descriptionOf(filter.type)?.filter;
    if (!shape) return true;
    const parts = resources.filter((rule) => rule !== filter && descriptionOf(rule.type)?.filter?.rules === "" && linksTo(rule, "subnetFilter").some((path) => refersTo(rule, path, filter)));
    // With rules as resources of their own, the filter's list is computed (and not to be mixed with them).
    const { values: inline, unknown } = shape.rules === "" || parts.length > 0 ? { values: [], unknown: false } : valuesAt(plain(filter), shape.rules);
    if (unknown) return UNKNOWN;
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

/** The firewalls that cover `machine`: those it names, and those that name, tag, select or attach to it. */
export function coveringFirewalls(machine: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    const description = descriptionOf(machine.type);
    const machineProps = plain(machine);
    const labels = (valueAt(machineProps, "labels") ?? {}) as Record<string, unknown>;
    const selectsMachine = (holder: PolicyResource, paths: string[]) => paths.some((path) => stringsAt(plain(holder), path).strings.some((selector) => selects(selector, labels)));
    const associations = resources.filter((resource) => descriptionOf(resource.type)?.role === "association");
    const templatePath = description?.template;
    const template = templatePath ? resources.find((candidate) => descriptionOf(candidate.type)?.role === "template" && refersTo(machine, templatePath, candidate)) : undefined;
    const covers = (firewall: PolicyResource): boolean => {
        if ((description?.firewalls ?? []).some((path) => refersTo(machine, path, firewall))) return true;
        const own = descriptionOf(firewall.type);
        if (own?.coversTagged && cloudOf(firewall.type) === cloudOf(machine.type)) {
            const tags = stringsAt(plain(firewall), own.coversTagged.tags).strings;
            const machineTags = new Set(stringsAt(machineProps, own.coversTagged.machineTags).strings);
            if (machineTags.size === 0 && template) stringsAt(plain(template), own.coversTagged.machineTags).strings.forEach((tag) => machineTags.add(tag));
            if ((tags.length === 0 && !own.coversTagged.untaggedCoversNone) || tags.some((tag) => machineTags.has(tag))) return true;
        }
        if ((own?.covers ?? []).some((link) => refersTo(firewall, link.property, machine))) return true;
        if (own?.coversSelected && selectsMachine(firewall, own.coversSelected)) return true;
        // Attachments that name the firewall and the machine, or the firewall and a selector the machine matches.
        return associations.some((association) => linksTo(association, "firewall").some((path) => refersTo(association, path, firewall))
            && (linksTo(association, "machine").some((path) => refersTo(association, path, machine)) || selectsMachine(association, descriptionOf(association.type)?.coversSelected ?? [])));
    };
    return resources.filter((resource) => descriptionOf(resource.type)?.role === "firewall" && covers(resource));
}

/**
 * Whether every value that decides which firewalls of its cloud cover `machine` is known: the firewalls it names, its
 * tags and labels, and what each firewall or attachment of the cloud names, tags or selects.
 */
export function coverageKnown(machine: PolicyResource, resources: PolicyResource[]): boolean {
    const description = descriptionOf(machine.type);
    const cloud = cloudOf(machine.type);
    const machineProps = plain(machine);
    const unknownAt = (props: Record<string, unknown>, paths: (string | undefined)[]) => paths.some((path) => path !== undefined && stringsAt(props, path).unknown);
    if (unknownAt(machineProps, [...(description?.firewalls ?? []), "labels"])) return false;
    return !resources.some((resource) => {
        const own = descriptionOf(resource.type);
        if (cloudOf(resource.type) !== cloud || (own?.role !== "firewall" && own?.role !== "association")) return false;
        const props = plain(resource);
        if (own.coversTagged && unknownAt(machineProps, [own.coversTagged.machineTags])) return true;
        return unknownAt(props, [own.coversTagged?.tags, ...(own.covers ?? []).map((link) => link.property), ...(own.coversSelected ?? []), ...(own.links ?? []).map((link) => link.property)]);
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
    const associations = resources.filter((resource) => descriptionOf(resource.type)?.role === "association");
    const firewalls = coveringFirewalls(machine, resources);
    // Rules kept as resources of their own (AWS security group rules) open the group they name.
    const extraRules = (firewall: PolicyResource) => resources.filter((rule) => rule !== firewall && linksTo(rule, "firewall").some((path) => refersTo(rule, path, firewall)));
    let unknown = false;
    if (firewalls.length > 0) {
        let admits = false;
        for (const firewall of firewalls) {
            for (const candidate of [firewall, ...extraRules(firewall)]) {
                const found = openings(candidate, resources);
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
