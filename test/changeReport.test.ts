import { spawnSync } from "child_process";
import * as hcloud from "@pulumi/hcloud";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SECRET_KEYS, SECRET_PLACEHOLDER } from "../config/keys";
import { descriptionOf } from "../policies/lib/clouds";
import { planChanges, changesOf, type ChangePlan, type ResourceChange } from "../plan/changes";
import { buildChangeReport, changeExitCode, renderChangesText, type ChangeReport } from "../plan/changeReport";
import { parsePlanArgs, USAGE } from "../plan/cli";
import { runWithMocks, type MockRunResult } from "../plan/mockRun";
import { PROJECT_DIR } from "../plan/projectFile";
import { shippedStackFiles, stacksDir } from "../plan/stackFile";
import { exchangeProgram } from "../program";
import { asPulumiConfig, fixture, key, PROJECT, runConfig, writeStackFile, type Config } from "./harness";

const STACK = "changes";

/** The new version's run, as the plan gives it: the stack's configuration and secrets as the CLI passes them. */
function nextVersion(config: Config, secrets: Record<string, string> = {}) {
    const secretConfig = Object.fromEntries(Object.entries({ [SECRET_KEYS.dataVolumeKey]: SECRET_PLACEHOLDER, ...secrets }).map(([name, value]) => [key(name), value]));
    return { project: PROJECT, stack: STACK, config: { ...asPulumiConfig(config), ...secretConfig }, secretKeys: Object.keys(secretConfig), program: exchangeProgram };
}

async function changed(prior: MockRunResult, edit: (config: Config) => void, secrets?: Record<string, string>): Promise<{ plan: ChangePlan; report: ChangeReport }> {
    const config = fixture("medium");
    edit(config);
    const plan = await planChanges(prior, nextVersion(config, secrets));
    return { plan, report: buildChangeReport(plan, STACK, "Pulumi.changes.yaml", "the medium fixture") };
}

const roleOf = (change: ResourceChange) => descriptionOf(change.type)?.role;
const machines = (report: ChangeReport) => report.changes.filter((change) => roleOf(change) === "machine");

let medium: MockRunResult;
let machineNames: string[];
beforeAll(async () => {
    medium = await runConfig(fixture("medium"), STACK);
    machineNames = medium.resources.filter((resource) => descriptionOf(resource.type)?.role === "machine").map((resource) => resource.name).sort();
});

describe("a change that reaches every node", () => {
    let bump: { plan: ChangePlan; report: ChangeReport };
    beforeAll(async () => {
        bump = await changed(medium, (config) => {
            config.node.image = "ghcr.io/example/exchange-node:1.0.1";
        });
    });

    test("an image bump replaces every node, each as its provider must", () => {
        const nodes = machines(bump.report);
        expect(nodes.map((node) => node.name).sort()).toEqual(machineNames);
        const how = (type: string) => [...new Set(nodes.filter((node) => node.type === type).map((node) => `${node.action} ${node.replacement}: ${node.properties.map((cause) => cause.property).join(", ")}`))];
        expect(how("aws:ec2/instance:Instance")).toEqual(["replace create-before-delete: userDataBase64"]);
        expect(how("gcp:compute/instance:Instance")).toEqual(["replace delete-before-replace: metadata"]);
        expect(how("hcloud:index/server:Server")).toEqual(["replace delete-before-replace: userData"]);
        const gcp = nodes.find((node) => node.type === "gcp:compute/instance:Instance")!;
        expect(gcp.properties[0].source).toContain("replaceOnChanges");
    });

    test("what depends on a replaced node follows: attachments replaced first, addresses and volumes moved, gates waiting", () => {
        const actionsOf = (type: string) => [...new Set(bump.report.changes.filter((change) => change.type === type).map((change) => `${change.action}${change.replacement ? ` ${change.replacement}` : ""}`))];
        expect(actionsOf("aws:ec2/volumeAttachment:VolumeAttachment")).toEqual(["replace delete-before-replace"]);
        expect(actionsOf("aws:ec2/eip:Eip")).toEqual(["update"]);
        expect(actionsOf("hcloud:index/volume:Volume")).toEqual(["update"]);
        expect(actionsOf("pulumi-nodejs:dynamic/exchange:NodeHealthGate")).toEqual(["update"]);
        expect(bump.report.changes.filter((change) => roleOf(change) === "volume" && change.action !== "update")).toEqual([]);
    });

    test("the gates hold each site to one node out of service at a time, with no mandatory warning", () => {
        expect(bump.report.rollout.sites).toEqual([
            { site: "aws-fra", provider: "aws", nodesChanged: 2, outOfServiceAtOnce: 1 },
            { site: "gcp-bel", provider: "gcp", nodesChanged: 2, outOfServiceAtOnce: 1 },
            { site: "hetzner-fsn", provider: "hetzner", nodesChanged: 2, outOfServiceAtOnce: 1 },
        ]);
        expect(bump.report.rollout.capacity).toEqual({ byProvider: { aws: 0.5, gcp: 0.5, hetzner: 0.5 }, total: 0.5 });
        expect(bump.report.warnings.map((warning) => warning.level)).toEqual(["advisory"]);
        expect(bump.report.warnings[0].message).toBe("capacity during the change: at the worst moment 50% of origin weight serves (aws 50%, gcp 50%, hetzner 50%)");
        expect(changeExitCode(bump.report)).toBe(0);
    });

    test("without the gate chain, every changed node of a site is out of service at once: a mandatory warning", () => {
        const gates = new Set(bump.plan.next.resources.filter((resource) => changesOf(resource.type)?.waitsForHealth).map((resource) => resource.urn));
        const resources = bump.plan.next.resources.map((resource) => ({ ...resource, dependencies: resource.dependencies.filter((urn) => !gates.has(urn)) }));
        const report = buildChangeReport({ ...bump.plan, next: { ...bump.plan.next, resources } }, STACK, "Pulumi.changes.yaml", "the medium fixture");
        const mandatory = report.warnings.filter((warning) => warning.level === "mandatory");
        expect(mandatory.map((warning) => warning.message)).toEqual([
            "2 nodes of site aws-fra (aws) are out of service at once: aws-fra-node-0, aws-fra-node-1; no rollout gate holds `pulumi up` to one node at a time",
            "2 nodes of site gcp-bel (gcp) are out of service at once: gcp-bel-node-0, gcp-bel-node-1; no rollout gate holds `pulumi up` to one node at a time",
            "2 nodes of site hetzner-fsn (hetzner) are out of service at once: hetzner-fsn-node-0, hetzner-fsn-node-1; no rollout gate holds `pulumi up` to one node at a time",
        ]);
        expect(mandatory[0].resources).toHaveLength(2);
        expect(report.rollout.capacity!.total).toBe(0);
        expect(changeExitCode(report)).toBe(1);
    });

    test.each([
        ["an environment variable", (config: Config) => {
            config.node.env.LOG_LEVEL = "debug";
        }, {}],
        ["a secret variable", () => undefined, { [SECRET_KEYS.secretEnv]: JSON.stringify({ API_KEY: "rotated" }) }],
        ["a new origin-pull CA generation the nodes trust", (config: Config) => {
            config.originPullCaGenerations = [1, 2];
        }, {}],
    ])("%s reaches every node, one per site at a time", async (_what, edit, secrets) => {
        const { report } = await changed(medium, edit, secrets);
        expect(machines(report).filter((node) => node.action === "replace").map((node) => node.name).sort()).toEqual(machineNames);
        expect(report.rollout.sites.map((site) => site.outOfServiceAtOnce)).toEqual([1, 1, 1]);
        expect(changeExitCode(report)).toBe(0);
    });
});

test("resizing the machines stops and starts AWS and GCP nodes in place, and replaces Hetzner servers (their provider leaves a resized server off), one per site at a time", async () => {
    const { report } = await changed(medium, (config) => {
        const larger: Record<string, string> = { "aws-fra": "t3.large", "gcp-bel": "e2-standard-4", "hetzner-fsn": "cx33" };
        for (const site of config.sites) {
            site.size = larger[site.name];
        }
    });
    const nodes = machines(report);
    expect(nodes.map((node) => node.name).sort()).toEqual(machineNames);
    expect([...new Set(nodes.map((node) => `${node.action} ${node.replacement ?? `restarts=${node.restarts}`}: ${node.properties.map((cause) => `${cause.property} ${cause.effect}`).join(", ")}`))].sort()).toEqual([
        "replace delete-before-replace: serverType replace",
        "update restarts=true: instanceType restart",
        "update restarts=true: machineType restart",
    ]);
    expect(changesOf("hcloud:index/server:Server")?.properties.serverType.effect).toBe("stop");
    expect(report.rollout.sites.map((site) => site.outOfServiceAtOnce)).toEqual([1, 1, 1]);
    expect(changeExitCode(report)).toBe(0);
});

test("a change the provider applies by stopping the machine and leaving it off is named so, and takes the node out of service", async () => {
    const serverOf = (serverType: string) => () => {
        new hcloud.Server("node", { serverType, image: "ubuntu-24.04", location: "fsn1" });
    };
    const run = (serverType: string) => ({ project: PROJECT, stack: STACK, config: {}, program: serverOf(serverType) });
    const prior = await runWithMocks(run("cx23"));
    const plan = await planChanges(prior, run("cx33"));
    const server = plan.changes.find((change) => change.type === "hcloud:index/server:Server")!;
    expect({ action: server.action, stops: server.stops, restarts: server.restarts, effect: server.properties.map((cause) => cause.effect) }).toEqual({ action: "update", stops: true, restarts: undefined, effect: ["stop"] });
});

describe("zones", () => {
    test("listing a site's zones in another order changes nothing", async () => {
        const twoZones: Record<string, string[]> = { "aws-fra": ["eu-central-1a", "eu-central-1b"], "gcp-bel": ["europe-west1-b", "europe-west1-c"], "hetzner-fsn": ["fsn1", "nbg1"] };
        const config = fixture("medium");
        for (const site of config.sites) {
            site.zones = twoZones[site.name];
        }
        const prior = await runConfig(config, STACK);
        for (const site of config.sites) {
            site.zones.reverse();
        }
        const plan = await planChanges(prior, nextVersion(config));
        expect(plan.changes).toEqual([]);
    });

    test("a zone added in front moves no volume and no node: the zone is an ignored change", async () => {
        const { report } = await changed(medium, (config) => {
            const added: Record<string, string> = { "aws-fra": "eu-central-1b", "gcp-bel": "europe-west1-c", "hetzner-fsn": "hel1" };
            for (const site of config.sites) {
                site.zones.unshift(added[site.name]);
            }
        });
        expect(report.changes.filter((change) => ["machine", "volume", "address"].includes(roleOf(change) ?? ""))).toEqual([]);
        expect(report.changes.filter((change) => change.action === "create").map((change) => change.name).sort()).toEqual(["aws-fra-routes-eu-central-1b", "aws-fra-subnet-eu-central-1b"]);
        expect(changeExitCode(report)).toBe(0);
    });
});

test("a disk replaced for another reason takes the program's zone: ignoreChanges does not reach a replacement", async () => {
    const { report } = await changed(medium, (config) => {
        const gcp = config.sites.find((site: { provider: string }) => site.provider === "gcp");
        gcp.zones.unshift("europe-west1-c");
        gcp.volumeGb = 100;
    });
    const of = (name: string) => report.changes.find((change) => change.name === name)!;
    expect(of("gcp-bel-data-1")).toMatchObject({ action: "replace", properties: [{ property: "size", effect: "replace" }] });
    // Its new zone is europe-west1-c, the program's, not the ignored old one: the node follows the disk there.
    expect(of("gcp-bel-node-1")).toMatchObject({ action: "replace", replacement: "delete-before-replace" });
    expect(of("gcp-bel-node-1").properties.map((cause) => cause.property)).toContain("zone");
    expect(of("gcp-bel-node-0")).toMatchObject({ action: "update", properties: [{ property: "attachedDisks", effect: "update" }] });
});

test("a volume that would shrink is refused with its key named: exit 2", async () => {
    const { report } = await changed(medium, (config) => {
        config.sites[1].volumeGb = 100;
    });
    expect(report.problems).toEqual([`${key("sites[1].volumeGb")}: 200 → 100: a volume cannot shrink (${changesOf("gcp:compute/disk:Disk")!.properties.size.source}); keep 200 or make a new site`]);
    expect(changeExitCode(report)).toBe(2);
    // GCP plans a new, empty disk for a smaller size (CustomizeDiff IsDiskShrinkage).
    expect(report.changes.filter((change) => roleOf(change) === "volume").map((change) => `${change.name} ${change.action}`)).toEqual(["gcp-bel-data-0 replace", "gcp-bel-data-1 replace"]);
});

test("a removed site's volumes leave the stack and stay in the cloud, named in an advisory warning", async () => {
    const { report } = await changed(medium, (config) => {
        config.sites = config.sites.filter((site: { provider: string }) => site.provider !== "hetzner");
    });
    const deleted = report.changes.filter((change) => change.action === "delete");
    expect(deleted.filter((change) => roleOf(change) === "volume").map((change) => `${change.name} retained=${change.retained}`)).toEqual(["hetzner-fsn-data-0 retained=true", "hetzner-fsn-data-1 retained=true"]);
    expect(report.warnings).toContainEqual({
        level: "advisory",
        message: "data volumes deleted from the stack, retained in the cloud (retainOnDelete): hetzner-fsn-data-0, hetzner-fsn-data-1; they keep their data and cost money until deleted there",
        resources: deleted.filter((change) => roleOf(change) === "volume").map((change) => change.urn),
    });
    expect(renderChangesText(report, 0)).toMatch(/^ {2}hetzner-fsn-data-0 +delete from the stack, retained in the cloud$/m);
    expect(changeExitCode(report)).toBe(0);
});

test("a property the change table does not list is an update, and the report says so", async () => {
    const prior = structuredClone(medium);
    const address = prior.resources.find((resource) => resource.name === "aws-fra-ip-0")!;
    address.inputs.customerOwnedIpv4Pool = "ipv4pool-coip-0123";
    const { report } = await changed(prior, () => undefined);
    const change = report.changes.find((entry) => entry.name === "aws-fra-ip-0")!;
    expect(change).toMatchObject({ action: "update", properties: [{ property: "customerOwnedIpv4Pool", effect: "update", notInTable: true }] });
    expect(renderChangesText(report, 0)).toMatch(/^ {2}aws-fra-ip-0 +update: customerOwnedIpv4Pool \(update: behaviour not in the table\)$/m);
});

test("--against takes a git ref with --stack and the old stack file with --config, and nothing that needs the policy pack", () => {
    const stack = path.basename(shippedStackFiles()[0]).replace(/^Pulumi\.(.+)\.yaml$/, "$1");
    expect(parsePlanArgs(["--stack", stack, "--against", "HEAD~1"])).toMatchObject({ against: { commit: "HEAD~1" } });
    const old = writeStackFile(STACK, fixture("small"));
    expect(parsePlanArgs(["--config", old, "--against", old])).toMatchObject({ against: { file: old } });
    expect(() => parsePlanArgs(["--against", "HEAD"])).toThrow("--against plans one stack: give --stack <name> with a git ref, or --config <file> with the old stack file");
    expect(() => parsePlanArgs(["--stack", stack, "--against", "HEAD", "--preview"])).toThrow("--against plans a change, without the policy pack: leave out --preview and --policy-pack-config");
    expect(() => parsePlanArgs(["--config", old, "--against", `${old}.missing`])).toThrow(`--against: no file at ${old}.missing; with --config it takes the old stack file, with --stack a git ref`);
    expect(USAGE).toContain("npm run -s plan -- --stack <name> --against <git-ref>");
});

function planCli(args: string[], cwd = PROJECT_DIR): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [path.join(cwd, "scripts", "launch.js"), "plan", ...args], { cwd, encoding: "utf8", timeout: 90_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test("npm run plan -- --config <new> --against <old> plans one stack file against another: a shrink exits 2 naming the key", () => {
    // The old version of a stack file may be kept under any name: the new one names the stack.
    const old = path.join(path.dirname(writeStackFile(STACK, fixture("medium"))), "old.yaml");
    fs.renameSync(path.join(path.dirname(old), `Pulumi.${STACK}.yaml`), old);
    const shrunk = fixture("medium");
    shrunk.sites[0].volumeGb = 150;
    const { status, stdout, stderr } = planCli(["--config", writeStackFile(STACK, shrunk), "--against", old, "--format", "json"]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(status).toBe(2);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ schemaVersion: 1, exitCode: 2, stack: STACK });
    expect(report.problems).toEqual([`${key("sites[0].volumeGb")}: 200 → 150: a volume cannot shrink (${changesOf("aws:ebs/volume:Volume")!.properties.size.source}); keep 200 or make a new site`]);
    expect(report.changes.find((change: ResourceChange) => change.name === "aws-fra-data-0")).toMatchObject({ action: "update", properties: [{ property: "size", effect: "fails" }] });
});

/**
 * `--against <git-ref>` in a repository of its own: a copy of this working tree (so that what is being changed is what
 * is tested, committed or not), committed with a stack from the tests' fixtures, then the stack file changed. Works in
 * a fresh clone, and never touches this repository's history.
 */
test("npm run plan -- --stack <name> --against <git-ref> plans the working tree against that commit's code and stack file", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "against-"));
    try {
        const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT_DIR, encoding: "utf8" }).stdout.split("\0").filter(Boolean);
        for (const file of listed.filter((entry) => fs.existsSync(path.join(PROJECT_DIR, entry)))) {
            fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
            fs.copyFileSync(path.join(PROJECT_DIR, file), path.join(copy, file));
        }
        const stackFile = path.join(copy, path.relative(PROJECT_DIR, stacksDir()), `Pulumi.${STACK}.yaml`);
        fs.copyFileSync(writeStackFile(STACK, fixture("medium")), stackFile);
        const git = (...args: string[]) => expect(spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: copy }).status).toBe(0);
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "deployed");
        // Linked after the commit: `node_modules/` in .gitignore matches a directory, not a link.
        fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(copy, "node_modules"));
        const bumped = fixture("medium");
        bumped.node.image = "ghcr.io/example/exchange-node:1.0.1";
        fs.copyFileSync(writeStackFile(STACK, bumped), stackFile);

        const { status, stdout, stderr } = planCli(["--stack", STACK, "--against", "HEAD", "--format", "json"], copy);
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(status).toBe(0);
        const report = JSON.parse(stdout);
        expect(report.against).toBe("HEAD");
        const replaced = report.changes.filter((change: ResourceChange) => change.action === "replace" && descriptionOf(change.type)?.role === "machine");
        expect(replaced.map((change: ResourceChange) => change.name).sort()).toEqual(machineNames);
        expect(report.rollout.sites.map((site: { outOfServiceAtOnce: number }) => site.outOfServiceAtOnce)).toEqual([1, 1, 1]);

        // A stack the commit does not have (a pull request adding it) is planned as new: everything created, exit 0.
        fs.copyFileSync(writeStackFile("added", fixture("small")), path.join(path.dirname(stackFile), "Pulumi.added.yaml"));
        const added = planCli(["--stack", "added", "--against", "HEAD", "--format", "json"], copy);
        expect({ status: added.status, stderr: added.stderr }).toMatchObject({ status: 0 });
        const created = JSON.parse(added.stdout);
        expect(created.against).toBe("HEAD, which has no stack added: a new stack");
        expect(created.changes.length).toBeGreaterThan(0);
        expect([...new Set(created.changes.map((change: ResourceChange) => change.action))]).toEqual(["create"]);
    } finally {
        fs.rmSync(copy, { recursive: true, force: true });
    }
});
