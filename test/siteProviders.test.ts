import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { siteProviders } from "../components/sites";
import type { SiteProvider } from "../components/sites/site";
import { cloudOf, descriptionOf } from "../policies/lib/clouds";
import { everyProvider } from "./fixtures/configs";
import { changesOf } from "../plan/changes";
import type { RecordedResource } from "../plan/mockRun";
import { runConfig } from "./harness";

const { siteCloudsJson, TOOLS_OUT } = require("../scripts/build") as { siteCloudsJson: (providers: Record<string, Pick<SiteProvider, "name" | "cloud">>) => string; TOOLS_OUT: string };

/** Packages a site shares with every other: the failover, certificates and the rollout's own dynamic resources. */
const SHARED_PACKAGES = new Set(["cloudflare", "tls", "pulumi-nodejs"]);

let resources: RecordedResource[];
beforeAll(async () => {
    ({ resources } = await runConfig(everyProvider(siteProviders), "providers"));
});

test("the pack knows every type a site provider creates, and credits it to that provider by name", () => {
    const siteTypes = new Set(resources.filter((resource) => resource.custom && !resource.type.startsWith("pulumi:") && !SHARED_PACKAGES.has(resource.type.split(":")[0])).map((resource) => resource.type));
    const unknown = [...siteTypes].filter((type) => !descriptionOf(type));
    expect(unknown).toEqual([]);
    const credited = new Set([...siteTypes].map(cloudOf));
    expect([...credited].sort()).toEqual(Object.keys(siteProviders).sort());
});

test("every site provider's nodes and firewalls are where the pack and the drill look for them", () => {
    for (const provider of Object.keys(siteProviders)) {
        const roles = new Set(resources.filter((resource) => cloudOf(resource.type) === provider).map((resource) => descriptionOf(resource.type)?.role));
        expect({ provider, machine: roles.has("machine"), firewall: roles.has("firewall") }).toEqual({ provider, machine: true, firewall: true });
    }
});

test("every type the stack creates, on every site provider, has a change table for the change report", () => {
    const types = new Set(resources.filter((resource) => resource.custom).map((resource) => resource.type));
    expect([...types].filter((type) => changesOf(type) === undefined)).toEqual([]);
});

test("a site file's \`cloud\` teaches the pack a cloud it does not know, through the build", () => {
    const upcloud: Pick<SiteProvider, "name" | "cloud"> = {
        name: "upcloud",
        cloud: {
            name: "upcloud",
            packages: ["upcloud"],
            types: {
                "upcloud:index/server:Server": { role: "machine", addresses: ["networkInterfaces[].ipAddress"] },
                "upcloud:index/firewallRules:FirewallRules": { role: "firewall", firewall: { rules: "firewallRules[]", protocol: "protocol", ports: { from: "destinationPortStart", to: "destinationPortEnd" }, sources: ["sourceAddressStart"] } },
            },
        },
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    fs.copyFileSync(path.join(TOOLS_OUT, "policies", "lib", "clouds.js"), path.join(dir, "clouds.js"));
    fs.writeFileSync(path.join(dir, "sites.generated.json"), siteCloudsJson({ ...siteProviders, upcloud }));
    const pack = require(path.join(dir, "clouds.js")) as typeof import("../policies/lib/clouds");
    expect(pack.descriptionOf("upcloud:index/server:Server")?.role).toBe("machine");
    expect(pack.cloudOf("upcloud:index/firewallRules:FirewallRules")).toBe("upcloud");
    expect(pack.descriptionOf("aws:ec2/instance:Instance")?.role).toBe("machine");
    expect(descriptionOf("upcloud:index/server:Server")).toBeUndefined();
});
