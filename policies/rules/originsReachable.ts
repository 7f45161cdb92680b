import type { StackValidationPolicy } from "@pulumi/policy";
import { machineAdmits } from "../lib/firewalls";
import { trafficModel } from "../lib/model";
import { list } from "../lib/settings";

export const originsReachable: StackValidationPolicy = {
    name: "origins-reachable",
    description: "No machine behind a pool's origin sits behind firewalls that admit nothing: a node cut off (a failover drill left isolated, a rule list emptied) serves no one while its pool still counts it.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const model = trafficModel(args.resources);
        const origins = new Set(model.pools.filter((pool) => pool.enabled).flatMap((pool) => pool.origins.filter((origin) => !origin.excluded).flatMap((origin) => origin.machines)));
        const sealed = [...origins].filter((machine) => !machine.stopped && !machine.group && machineAdmits(machine.resource, args.resources) === false);
        if (sealed.length > 0) {
            reportViolation(
                `${list(sealed.map((machine) => `${machine.resource.name} (${machine.cloud})`))} admit(s) no inbound traffic at all: every firewall or network ACL in front of them admits nothing, so Cloudflare cannot reach them. If a failover drill cut them off, restore it (remove drillIsolate and run pulumi up); otherwise open the node port to Cloudflare's ranges.`,
                sealed[0].resource.urn,
            );
        }
    },
};
