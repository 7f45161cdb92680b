import { siteProviders, textRules } from "../components/sites";
import { textViolations, type TextRule } from "../components/textRules";
import { shippedStackFiles } from "../plan/stackFile";
import { fixture, runConfig, runStackFile } from "./harness";

test("every shipped stack sends nothing a provider would refuse", async () => {
    for (const file of shippedStackFiles()) {
        const { resources } = await runStackFile(file);
        expect({ file, violations: textViolations(resources, textRules) }).toEqual({ file, violations: [] });
    }
});

test("stack names that are not valid label values are made into ones each cloud accepts", async () => {
    const { resources } = await runConfig(fixture("small"), "Prod.EU_1");
    expect(textViolations(resources, textRules)).toEqual([]);
    const labels = (type: string) => resources.find((resource) => resource.type === type)!.inputs.labels as Record<string, string>;
    expect(labels("gcp:compute/disk:Disk").stack).toBe("prod_eu_1");
    expect(labels("hcloud:index/volume:Volume").stack).toBe("Prod.EU_1");
    expect((resources.find((resource) => resource.type === "aws:ebs/volume:Volume")!.inputs.tags as Record<string, string>).stack).toBe("Prod.EU_1");
});

test("each rule refuses what its provider refuses, naming the resource, the property, the value and the source", () => {
    const rule = (type: string, path: string) => textRules.find((candidate) => candidate.type === type && candidate.path === path)!;
    const check = (found: TextRule, inputs: Record<string, unknown>, name = "node-0") => textViolations([{ type: found.type, name, inputs }], [found]);
    const group = rule("aws:ec2/securityGroup:SecurityGroup", "ingress[].description");
    expect(check(group, { ingress: [{ description: "HTTPS from Cloudflare's ranges" }] })).toEqual([
        `aws:ec2/securityGroup:SecurityGroup node-0 ingress[0].description: "HTTPS from Cloudflare's ranges" is not accepted; allowed: up to 255 of a-z A-Z 0-9, space and ._-:/()#,@[]+=&;{}!$* (${group.source})`,
    ]);
    expect(check(group, { ingress: [{ description: "HTTPS from the published Cloudflare ranges" }] })).toEqual([]);
    const labels = rule("gcp:compute/disk:Disk", "labels{}");
    expect(check(labels, { labels: { stack: "Prod" } })).toHaveLength(1);
    const gceName = rule("gcp:compute/instance:Instance", "$name");
    expect(check(gceName, {}, "gcp_node")).toHaveLength(1);
    expect(check(gceName, {}, `g${"x".repeat(55)}`)).toHaveLength(1);
    expect(check(gceName, {}, "gcp-bel-node-0")).toEqual([]);
    const userData = rule("hcloud:index/server:Server", "userData");
    expect(check(userData, { userData: "x".repeat(32 * 1024 + 1) })).toHaveLength(1);
    const awsUserData = rule("aws:ec2/instance:Instance", "userDataBase64");
    expect(check(awsUserData, { userDataBase64: Buffer.alloc(16 * 1024 + 1).toString("base64") })).toHaveLength(1);
    expect(check(rule("cloudflare:index/loadBalancerPool:LoadBalancerPool", "name"), { name: "api.example.com-aws" })).toHaveLength(1);
});

test("every site provider declares rules for the text it sends", () => {
    for (const provider of Object.values(siteProviders)) {
        expect({ provider: provider.name, rules: provider.textRules.length > 0 }).toEqual({ provider: provider.name, rules: true });
    }
});
