import { runConfig, fixture } from "./harness";

type Site = { name: string; nodes: number };

async function urnsWith(change: (sites: Site[]) => void): Promise<Set<string>> {
    const config = fixture("medium");
    change(config.sites as Site[]);
    const { resources } = await runConfig(config, "staging");
    return new Set(resources.map((resource) => resource.urn));
}

test("growing a site by one node keeps every existing URN and only adds that node's resources", async () => {
    const before = await urnsWith(() => undefined);
    const after = await urnsWith((sites) => {
        sites.find((site) => site.name === "gcp-bel")!.nodes += 1;
    });
    expect([...before].filter((urn) => !after.has(urn))).toEqual([]);
    const added = [...after].filter((urn) => !before.has(urn)).map((urn) => urn.split("::").pop()).sort();
    expect(added).toEqual(["gcp-bel-data-2", "gcp-bel-gate-2", "gcp-bel-ip-2", "gcp-bel-node-2"]);
});
