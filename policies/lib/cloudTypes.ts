/**
 * How the pack reads one cloud's raw resources: plain data, so that a site file can describe its cloud and the build
 * can hand that description to the pack (policies/lib/sites.generated.json). Paths name properties: `a.b` a field,
 * `a[]` every element, `^x` a property of the resource itself when reading inside a rule list.
 */

export type Path = string;

export type Role =
    /** A single machine that can serve: an instance, a server, a droplet, a VM. */
    | "machine"
    /** Machines created by count: an autoscaling group, a managed instance group, a scale set. */
    | "group"
    /** A public address or hostname that can be attached to a machine or a cloud load balancer. */
    | "address"
    /** A resource whose only job is to attach one thing to another (an EIP association, a floating IP assignment). */
    | "association"
    /** A network interface between a machine and an address. */
    | "interface"
    /** A cloud load balancer, forwarding rule or target in front of machines or groups. */
    | "balancer"
    | "firewall"
    /** A stateless subnet filter (AWS network ACL). */
    | "subnetFilter"
    | "volume"
    /** What machines are made from (an instance or launch template): they inherit what they leave unset. */
    | "template"
    /** Plumbing the traffic model need not read: networks, subnets, routes, gateways, placement, attachments. */
    | "network";

/** A property that refers to other resources, by property dependency or by an identity value they carry. */
export interface Link {
    property: Path;
    to: Role[];
}

/** How a firewall type lists what it admits. */
export interface FirewallShape {
    /** The list of rules; "" when the resource is itself one rule. */
    rules: Path;
    /** A rule admits inbound traffic only when this property holds one of these values (absent: every rule is inbound). */
    inbound?: { property: Path; values: string[]; otherwise?: boolean };
    /** A rule admits only when this property holds one of these values (Azure `access`, Linode `action`). */
    allows?: { property: Path; values: string[] };
    protocol: Path;
    /** Ports as two numbers, or one string such as "22", "80-85", "1:65535", "all", "*" or "80,443". */
    ports: { from: Path; to: Path } | { text: Path[] };
    /** Sources: address ranges, and other sources such as prefix lists, tags or groups; several paths are all read. */
    sources: Path[];
    /** What the cloud admits from when a rule names no source at all (GCP: 0.0.0.0/0). */
    defaultSources?: string[];
    /** A named source that, when set, stands for the rule's sources in place of its ranges (Vultr `source: "cloudflare"`). */
    namedSource?: Path;
    /** The whole firewall is off when this is true (GCP `disabled`). */
    disabled?: Path;
}

/**
 * A stateless subnet filter's rules (AWS network ACL): evaluated in `order`, the first that matches decides, and
 * what no rule admits is denied.
 */
export interface FilterShape {
    /** The list of rules; "" when the resource is itself one rule of a filter it links to. */
    rules: Path;
    action: Path;
    allow: string[];
    order: Path;
    protocol: Path;
    /** IPv4 and IPv6 source ranges. */
    sources: Path[];
    /** A rule is inbound unless this property is true (AWS `egress`). */
    outbound?: Path;
}

export interface TypeDescription {
    role: Role;
    /** The resource's own public addresses or hostnames. */
    addresses?: Path[];
    /** Its private addresses: an origin reaches one only through a Cloudflare Tunnel (`virtualNetworkId`). */
    privateAddresses?: Path[];
    /** Values other resources refer to it by, besides its ID: an ARN, a self link, an allocation ID, a group URL. */
    identities?: Path[];
    /** References that lead toward the machines behind this resource. */
    links?: Link[];
    /** A machine does not serve while one of these properties holds one of these values. */
    stopped?: { property: Path; values: string[] }[];
    /** A group's size: the first of these that is set. */
    size?: Path[];
    firewall?: FirewallShape;
    /** Machines a firewall or subnet filter covers, when the firewall names them. */
    covers?: Link[];
    /** A firewall that covers the machines carrying one of its tags, or every machine of its cloud when it has none. */
    coversTagged?: {
        tags: Path;
        machineTags: Path;
        /** A firewall with no tags covers none of the cloud's machines (DigitalOcean), not all of them (GCP). */
        untaggedCoversNone?: true;
    };
    /** Label selectors that pick the machines a firewall, or the firewall an attachment names, covers (Hetzner). */
    coversSelected?: Path[];
    /** A machine no firewall covers admits nothing (GCP's implied deny-ingress rule); otherwise it admits everything. */
    uncoveredRefused?: boolean;
    /**
     * A machine no firewall covers admits every port from the whole internet (Hetzner, DigitalOcean, Linode and Vultr
     * filter nothing without one), where on other clouds a default applies (AWS: the VPC's default security group).
     */
    uncoveredOpen?: boolean;
    /** The template a machine is made from, whose values stand in for those the machine leaves unset. */
    template?: Path;
    /** Firewalls a machine names (security groups, firewall IDs). */
    firewalls?: Path[];
    /** Subnets a machine runs in, for the subnet filters that cover them. */
    subnets?: Path[];
    /** A subnet filter's inbound rules, or one rule of a filter named by a link: each allows or denies, in order. */
    filter?: FilterShape;
}

export interface CloudDescription {
    /** The cloud's name, as the pack reports it. */
    name: string;
    /** Pulumi packages whose types belong to this cloud (`hcloud` for Hetzner). */
    packages: string[];
    types: Record<string, TypeDescription>;
}
