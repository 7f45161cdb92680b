import { dataSafety } from "../../policies/rules/dataSafety";
import { resource, violations } from "./harness";

test("passes for protected volumes and for Hetzner's own delete protection", async () => {
    const resources = [
        resource("aws:ebs/volume:Volume", {}, { protect: true }),
        resource("gcp:compute/disk:Disk", {}, { protect: true }),
        resource("hcloud:index/volume:Volume", { deleteProtection: true }),
    ];
    expect(await violations(dataSafety, resources)).toEqual([]);
});

test("flags an unprotected data volume, and is advisory", async () => {
    const found = await violations(dataSafety, [resource("gcp:compute/disk:Disk", {}, { name: "chain" })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^chain \(gcp:compute\/disk:Disk\) is not protected/);
    expect(dataSafety.enforcementLevel).toBe("advisory");
});
