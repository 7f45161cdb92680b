import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { describe, isKnown, read } from "../lib/read";

const defaults = { nodePorts: [443] };

const WORLD = new Set(["0.0.0.0/0", "::/0"]);
const PORTLESS_PROTOCOLS = new Set(["icmp", "icmpv6", "58", "1", "esp", "gre"]);

interface Opening {
    from: number;
    to: number;
    sources: string[];
    protocol: string;
}

const ALL_PORTS = { from: 0, to: 65535 };

function range(from: unknown, to: unknown, protocol: string): { from: number; to: number } {
    if (protocol === "-1" || protocol === "all") {
        return ALL_PORTS;
    }
    return { from: Number(from ?? 0), to: Number(to ?? from ?? 65535) };
}

function parsePorts(port: string | undefined): { from: number; to: number } {
    if (!port || port === "any") {
        return ALL_PORTS;
    }
    const [from, to = from] = port.split("-").map(Number);
    return { from, to };
}

const FIREWALL_TYPES = new Set([
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "gcp:compute/firewall:Firewall",
    "hcloud:index/firewall:Firewall",
]);

/** Every ingress opening a firewall resource declares, in one shape for all clouds. */
function openings(resource: PolicyResource): Opening[] | undefined {
    if (!FIREWALL_TYPES.has(resource.type)) {
        return [];
    }
    const props = read(() => JSON.parse(JSON.stringify(resource.props)) as Record<string, any>);
    if (!isKnown(props)) {
        return undefined;
    }
    switch (resource.type) {
        case "aws:ec2/securityGroup:SecurityGroup":
            return (props.ingress ?? []).map((rule: any) => ({ ...range(rule.fromPort, rule.toPort, String(rule.protocol)), protocol: String(rule.protocol), sources: [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? [])] }));
        case "aws:ec2/securityGroupRule:SecurityGroupRule":
            return props.type === "ingress" ? [{ ...range(props.fromPort, props.toPort, String(props.protocol)), protocol: String(props.protocol), sources: [...(props.cidrBlocks ?? []), ...(props.ipv6CidrBlocks ?? [])] }] : [];
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            return [{ ...range(props.fromPort, props.toPort, String(props.ipProtocol)), protocol: String(props.ipProtocol), sources: [props.cidrIpv4, props.cidrIpv6].filter(Boolean) }];
        case "gcp:compute/firewall:Firewall":
            if ((props.direction ?? "INGRESS") !== "INGRESS") {
                return [];
            }
            return (props.allows ?? []).flatMap((allow: any) => (allow.ports?.length ? allow.ports : [undefined]).map((port: string | undefined) => ({
                ...(allow.protocol === "all" ? ALL_PORTS : parsePorts(port)),
                protocol: String(allow.protocol),
                sources: props.sourceRanges ?? [],
            })));
        case "hcloud:index/firewall:Firewall":
            return (props.rules ?? []).filter((rule: any) => rule.direction === "in").map((rule: any) => ({ ...parsePorts(rule.port), protocol: String(rule.protocol), sources: rule.sourceIps ?? [] }));
        default:
            return [];
    }
}

export const originLockdown: StackValidationPolicy = {
    name: "origin-lockdown",
    description: "No firewall on any cloud opens SSH, or any port other than the node port, to 0.0.0.0/0 or ::/0.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { nodePorts: { type: "array", items: { type: "integer" }, default: defaults.nodePorts } } },
    validateStack: (args, reportViolation) => {
        const { nodePorts } = { ...defaults, ...args.getConfig<Partial<typeof defaults>>() };
        for (const resource of args.resources) {
            const rules = openings(resource);
            if (!rules) {
                reportViolation(`${describe(resource)}: cannot tell yet which ports it opens.`, resource.urn);
                continue;
            }
            for (const rule of rules) {
                const world = rule.sources.filter((source) => WORLD.has(source));
                if (world.length === 0 || PORTLESS_PROTOCOLS.has(rule.protocol.toLowerCase())) {
                    continue;
                }
                const onlyNodePort = rule.from === rule.to && nodePorts.includes(rule.from);
                if (!onlyNodePort) {
                    const ports = rule.from === rule.to ? `port ${rule.from}` : `ports ${rule.from}-${rule.to}`;
                    const ssh = rule.from <= 22 && 22 <= rule.to ? " (including SSH)" : "";
                    reportViolation(`${describe(resource)} opens ${rule.protocol} ${ports}${ssh} to ${world.join(" and ")}. Only the node port (${nodePorts.join(", ")}) may face the internet, and it should admit only Cloudflare's ranges.`, resource.urn);
                }
            }
        }
    },
};
