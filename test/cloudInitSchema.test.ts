/**
 * Every node's user data, checked by cloud-init's own schema validator (`cloud-init schema`), the one the node's
 * cloud-init runs: a module key it does not know, or a value of the wrong type, is skipped with a warning on the node.
 */
import * as fs from "fs";
import * as path from "path";
import { descriptionOf } from "../policies/lib/clouds";
import { providerOf, runFixture, userDataOf } from "./harness";
import { requireTools, run, tempDir, testWhen } from "./support/realTools";

const maybe = testWhen(requireTools(["cloud-init"]), "cloud-init schema tests");

maybe("every provider's node user data is valid cloud-config for cloud-init's schema", async () => {
    const { resources } = await runFixture("small");
    const nodes = resources.filter((resource) => descriptionOf(resource.type)?.role === "machine");
    expect(new Set(nodes.map(providerOf)).size).toBeGreaterThanOrEqual(3);
    const dir = tempDir("cloud-config");
    for (const node of nodes) {
        const file = path.join(dir, `${node.name}.yaml`);
        fs.writeFileSync(file, userDataOf(node));
        const result = run("cloud-init", ["schema", "--config-file", file]);
        expect({ node: node.name, status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({ node: node.name, status: 0, output: `Valid cloud-config: ${file}` });
    }
});

maybe("the validator is strict enough to catch a wrong type, so the check above can fail", async () => {
    const file = path.join(tempDir("cloud-config"), "broken.yaml");
    fs.writeFileSync(file, "#cloud-config\nruncmd: systemctl start exchange-node\n");
    const result = run("cloud-init", ["schema", "--config-file", file]);
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toContain("runcmd");
});
