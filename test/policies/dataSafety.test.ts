import { dataSafety as rule } from "../../policies/rules/dataSafety";
import { VARIANTS } from "./corpus/builder";
import { type ExchangeStack, honestStack, messages } from "./exchangeStack";

const VOLUMES = [
    { type: "aws:ebs/volume:Volume", inputs: { availabilityZone: "eu-central-1a", size: 500, encrypted: true } },
    { type: "gcp:compute/disk:Disk", inputs: { zone: "europe-west3-a", size: 500, type: "pd-ssd" } },
    { type: "gcp:compute/regionDisk:RegionDisk", inputs: { region: "europe-west3", replicaZones: ["europe-west3-a", "europe-west3-b"], size: 500 } },
    { type: "hcloud:index/volume:Volume", inputs: { location: "fsn1", size: 500 } },
];

/** The honest exchange with one data volume of each kind, protected by `protect` or not. */
function withVolumes(protect: boolean, extra: Record<string, unknown> = {}): ExchangeStack {
    const { stack } = honestStack();
    VOLUMES.forEach(({ type, inputs }, index) => stack.resource(type, `chain-data-${index}`, { ...inputs, ...(type.startsWith("hcloud:") ? extra : {}) }, { protect, outputs: { id: `volume-${index}` } }));
    return stack;
}

test("is the advisory rule data-volumes-protected", () => {
    expect([rule.name, rule.enforcementLevel]).toEqual(["data-volumes-protected", "advisory"]);
});

test.each(VARIANTS)("passes protected volumes of every cloud (%o)", async (variant) => {
    expect(await messages(rule, withVolumes(true), variant)).toEqual([]);
});

test.each(VARIANTS)("reports the unprotected volumes once, each by name and type, and how to protect them (%o)", async (variant) => {
    const found = await messages(rule, withVolumes(false), variant);
    expect(found).toHaveLength(1);
    VOLUMES.forEach(({ type }, index) => expect(found[0]).toContain(`chain-data-${index} (${type})`));
    expect(found[0]).toContain("are not protected");
    expect(found[0]).toContain("Set `protect`");
    expect(found[0]).toContain("retainOnDelete");
});

test("the cloud's own delete protection counts as protection", async () => {
    const found = await messages(rule, withVolumes(false, { deleteProtection: true }));
    expect(found).toHaveLength(1);
    expect(found[0]).not.toContain("hcloud:index/volume:Volume");
});

test("judges only volumes: unprotected machines and load balancers are not its business", async () => {
    expect(await messages(rule, honestStack().stack)).toEqual([]);
});
