import type { RecordedResource } from "../plan/mockRun";
import { runConfig, fixture } from "./harness";

type Site = { name: string; nodes: number; size: string };

async function stagingWith(change: (sites: Site[]) => void = () => undefined): Promise<Map<string, RecordedResource>> {
    const config = fixture("medium");
    change(config.sites as Site[]);
    const { resources } = await runConfig(config, "staging");
    return new Map(resources.map((resource) => [resource.urn, resource]));
}

function ofSite(resources: Map<string, RecordedResource>, site: string): Map<string, RecordedResource> {
    return new Map([...resources].filter(([urn]) => urn.split("::").pop()!.startsWith(`${site}-`)));
}

let before: Map<string, RecordedResource>;
beforeAll(async () => {
    before = await stagingWith();
});

test("an AWS node is replaced by creating the new one first; its volume attachment goes first, stopping the old node", () => {
    for (const resource of before.values()) {
        if (resource.type === "aws:ec2/instance:Instance") {
            expect({ name: resource.name, deleteBeforeReplace: resource.deleteBeforeReplace }).toEqual({ name: resource.name, deleteBeforeReplace: false });
        }
        if (resource.type === "aws:ec2/volumeAttachment:VolumeAttachment") {
            expect({ name: resource.name, deleteBeforeReplace: resource.deleteBeforeReplace, stop: resource.inputs.stopInstanceBeforeDetaching }).toEqual({ name: resource.name, deleteBeforeReplace: true, stop: true });
        }
    }
});

test("resizing one site's machines leaves every resource of the other sites exactly as it was", async () => {
    const after = await stagingWith((sites) => {
        sites.find((site) => site.name === "gcp-bel")!.size = "e2-standard-4";
    });
    for (const site of ["aws-fra", "hetzner-fsn"]) {
        const was = ofSite(before, site);
        const now = ofSite(after, site);
        expect([...now.keys()].sort()).toEqual([...was.keys()].sort());
        for (const [urn, resource] of was) {
            expect({ urn, inputs: now.get(urn)!.inputs }).toEqual({ urn, inputs: resource.inputs });
        }
    }
    const changed = [...ofSite(after, "gcp-bel").values()].filter((resource) => JSON.stringify(resource.inputs) !== JSON.stringify(before.get(resource.urn)?.inputs));
    expect(changed.map((resource) => resource.name).sort()).toEqual(["gcp-bel-gate-0", "gcp-bel-gate-1", "gcp-bel-node-0", "gcp-bel-node-1"]);
});

test("shrinking a site removes only its last node's resources and keeps every other URN", async () => {
    const after = await stagingWith((sites) => {
        sites.find((site) => site.name === "aws-fra")!.nodes -= 1;
    });
    const removed = [...before.keys()].filter((urn) => !after.has(urn)).map((urn) => urn.split("::").pop()).sort();
    expect(removed).toEqual(["aws-fra-data-1", "aws-fra-data-attach-1", "aws-fra-gate-1", "aws-fra-ip-1", "aws-fra-node-1"]);
    expect([...after.keys()].filter((urn) => !before.has(urn))).toEqual([]);
});

test("the volume a shrink leaves behind is retained, not deleted", () => {
    const volume = [...before.values()].find((resource) => resource.name === "aws-fra-data-1")!;
    expect(volume.retainOnDelete).toBe(true);
});
