import type { StackValidationPolicy } from "@pulumi/policy";
import { descriptionOf } from "../lib/clouds";
import { carriesPorts, coverageKnown, coveringFirewalls, openings, worldOpen } from "../lib/firewalls";
import { describe, isKnown, plain, stringsAt } from "../lib/read";
import { list, settings } from "../lib/settings";

const defaults = { nodePorts: [443] };

export const originLockdown: StackValidationPolicy = {
    name: "origin-lockdown",
    description: "No firewall of any cloud the pack knows opens SSH, or any port but the node ports (`nodePorts`), to the whole IPv4 or IPv6 internet: 0.0.0.0/0 or ::/0, ranges that add up to them, or prefix lists that hold them; and no machine goes without a firewall on a cloud that then admits everything.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { nodePorts: { type: "array", items: { type: "integer" }, default: defaults.nodePorts } } },
    validateStack: (args, reportViolation) => {
        const { nodePorts } = settings(args, defaults);
        for (const resource of args.resources) {
            const found = openings(resource, args.resources);
            if (!found || !isKnown(found)) continue;
            const exposed = found.flatMap((opening) => {
                const world = worldOpen(opening.sources, args.resources);
                if (world.length === 0 || !carriesPorts(opening.protocol) || (opening.from === opening.to && nodePorts.includes(opening.from))) return [];
                const ports = opening.from === opening.to ? `port ${opening.from}` : opening.from === 0 && opening.to === 65535 ? "every port" : `ports ${opening.from}-${opening.to}`;
                const ssh = opening.from <= 22 && 22 <= opening.to ? " (SSH among them)" : "";
                return [`${opening.protocol} ${ports}${ssh} to ${list(world)}`];
            });
            if (exposed.length > 0) {
                reportViolation(
                    `${describe(resource)} opens ${list([...new Set(exposed)])}. Only the node port (${nodePorts.join(", ")}) may face the internet, and better only Cloudflare's ranges.`,
                    resource.urn,
                );
            }
        }
        for (const machine of args.resources.filter((resource) => descriptionOf(resource.type)?.uncoveredOpen)) {
            const description = descriptionOf(machine.type)!;
            // Judged once it has a public address, and once what decides its firewalls is known.
            const addresses = (description.addresses ?? []).flatMap((path) => stringsAt(plain(machine), path).strings);
            if (!addresses.some((address) => address !== "") || !coverageKnown(machine, args.resources)) continue;
            // A machine that names firewalls is covered, also by one outside the stack, whose rules the pack cannot read.
            const names = (description.firewalls ?? []).flatMap((path) => stringsAt(plain(machine), path).strings);
            if (names.length > 0 || coveringFirewalls(machine, args.resources).length > 0) continue;
            reportViolation(
                `${describe(machine)} is covered by no firewall, and its cloud then admits every port, SSH among them, from the whole internet. Give it a firewall that admits only the node port (${nodePorts.join(", ")}), better only from Cloudflare's ranges.`,
                machine.urn,
            );
        }
    },
};
