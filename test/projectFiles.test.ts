import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { ConfigError } from "../config/load";
import { runWithMocks } from "../plan/mockRun";
import { configDeclarations, nodeRuntimeOptions, PROJECT_DIR, readPolicyProject, readProject, requiredKeys, stackConfigProblems, validatePolicyProject, validateProject, type Project } from "../plan/projectFile";
import { readStackFile, shippedStackFiles } from "../plan/stackFile";
import { exchangeProgram } from "../program";
import { asPulumiConfig, fixture, PROJECT } from "./harness";

const read = (file: string) => parse(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")) as unknown;

test("Pulumi.yaml loads under the CLI's project rules", () => {
    expect(validateProject(read("Pulumi.yaml"))).toEqual([]);
});

test("every key a stack must set is one `pulumi new` asks for", () => {
    const project = readProject();
    const asked = Object.keys(project.template?.config ?? {});
    expect(requiredKeys(project).sort()).toEqual(asked.sort());
    expect(asked.length).toBeGreaterThan(0);
});

test("the policy pack's PulumiPolicy.yaml loads under the CLI's rules, and its entry point is the compiled pack", () => {
    expect(validatePolicyProject(read("policies/PulumiPolicy.yaml"))).toEqual([]);
    // Otherwise the language host registers ts-node, type-checking, before it loads the compiled pack.
    expect(nodeRuntimeOptions(readPolicyProject(path.join(PROJECT_DIR, "policies")).runtime).typescript).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "policies", "package.json"), "utf8")) as { main: string };
    expect(manifest.main).toMatch(/\.js$/);
    expect(fs.existsSync(path.join(PROJECT_DIR, "policies", manifest.main))).toBe(true);
});

test("every shipped stack file sets what the CLI requires, with the types Pulumi.yaml declares", () => {
    const files = shippedStackFiles();
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
        expect({ file, problems: readStackFile(file).problems }).toEqual({ file, problems: [] });
    }
});

describe("the CLI's project rules, as the CLI words them", () => {
    const project = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ name: "exchange-node", runtime: "nodejs", config, ...extra });

    test("a key in another namespace may not declare a type or a default, and needs a value", () => {
        // The Pulumi.yaml of before: keys in `exchange:` in a project named exchange-node.
        expect(validateProject(project({ "exchange:domain": { type: "string" }, "exchange:authenticatedOriginPulls": { type: "boolean", default: true } }))).toEqual([
            "Configuration key 'exchange:domain' is not namespaced by the project and should not define a type",
            "Configuration key 'exchange:domain' is namespaced and must provide an attribute 'value'",
            "Configuration key 'exchange:authenticatedOriginPulls' is not namespaced by the project and should not define a type",
            "Configuration key 'exchange:authenticatedOriginPulls' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?",
            "Configuration key 'exchange:authenticatedOriginPulls' is namespaced and must provide an attribute 'value'",
        ]);
        expect(validateProject(project({ "aws:region": { value: "eu-central-1" }, "exchange-node:domain": { type: "string" }, domain2: { type: "string" } }))).toEqual([]);
    });

    test("types, arrays and defaults", () => {
        expect(validateProject(project({ zones: { type: "array" } }))).toEqual([
            "The configuration key 'zones' declares an array but does not specify the underlying type via the 'items' attribute",
        ]);
        expect(validateProject(project({ zones: { type: "array", items: { type: "string" }, default: ["a", 1] } }))).toEqual([
            "The default value specified for configuration key 'zones' is not of the expected type 'array'",
        ]);
        expect(validateProject(project({ size: { type: "map" } }))).toEqual(["config.size: type must be one of string, integer, boolean, array, object"]);
        expect(validateProject(project({ both: { default: 1, value: 2 } }))).toEqual(["project config 'both' cannot have both a 'default' and 'value' attribute"]);
        expect(validateProject(project({ weight: 0.5 }))).toEqual(["config.weight: a shorthand number must be an integer"]);
    });

    test("runtime options of the Node.js host, and the template section", () => {
        expect(validateProject(project({}, { runtime: { name: "nodejs", options: { typescript: "no", nodeargs: ["--require", "tsx/cjs"] } } }))).toEqual([
            "typescript option must be a boolean",
            "nodeargs option must be a string",
        ]);
        expect(validateProject(project({}, { template: { config: { domain: { description: "x", prompt: true } }, tags: [] } }))).toEqual([
            "template: unknown field 'tags'; allowed: displayName, description, quickstart, important, metadata, config",
            "template.config.domain: only description, default and secret are allowed",
        ]);
    });

    test("a stack missing a required key, or giving one the wrong type, is refused as the CLI refuses it", () => {
        const declared: Project = { name: "exchange-node", config: { domain: { type: "string" }, zone: { type: "string" }, protectData: { type: "boolean", default: false }, nodes: { type: "integer" } } };
        expect(requiredKeys(declared)).toEqual(["domain", "zone", "nodes"]);
        expect(stackConfigProblems(declared, "dev", { "exchange-node:protectData": "yes", "exchange-node:nodes": "3" }, new Set())).toEqual([
            "Stack 'dev' is missing configuration values 'domain' and 'zone'",
            "Stack 'dev' with configuration key 'protectData' must be of type 'boolean'",
        ]);
        expect(Object.keys(configDeclarations(declared))).toEqual(["domain", "zone", "protectData", "nodes"]);
    });

    test("PulumiPolicy.yaml needs a runtime", () => {
        expect(validatePolicyProject({ description: "x" })).toEqual(["project is missing a 'runtime' attribute"]);
    });
});

describe("a fork that renames the project", () => {
    test("keeps its stack files: keys without a namespace belong to whatever the project is named", async () => {
        const renamed = "acme-exchange";
        const config = Object.fromEntries(Object.entries(asPulumiConfig(fixture("small"))).map(([key, value]) => [key.replace(`${PROJECT}:`, `${renamed}:`), value]));
        const { resources } = await runWithMocks({ project: renamed, stack: "dev", config: { ...config, [`${renamed}:dataVolumeKey`]: "k".repeat(40) }, secretKeys: [`${renamed}:dataVolumeKey`], program: exchangeProgram });
        expect(resources.some((resource) => resource.type === "hcloud:index/server:Server")).toBe(true);
        for (const file of shippedStackFiles()) {
            const keys = Object.keys((parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config);
            expect({ file, namespaced: keys.filter((key) => key.includes(":") && !/^(aws|gcp|hcloud|cloudflare):/.test(key)) }).toEqual({ file, namespaced: [] });
        }
    });

    test("is told plainly when a stack file still carries the old project's namespace", async () => {
        const error = await runWithMocks({ project: "acme-exchange", stack: "dev", config: { ...asPulumiConfig(fixture("small")) }, program: exchangeProgram }).catch((thrown: unknown) => thrown);
        expect(error).toBeInstanceOf(ConfigError);
        const problems = (error as ConfigError).problems;
        expect(problems).toContain("acme-exchange:domain: is required (string)");
        expect(problems.find((problem) => problem.includes("not read"))).toMatch(new RegExp(`^${PROJECT}:domain, .*: not read; this project is named "acme-exchange" \\(the name in Pulumi.yaml\\)`));
    });
});

describe("a stack file the user got wrong is named plainly", () => {
    const stackFile = (name: string, text: string) => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-")), `Pulumi.${name}.yaml`);
        fs.writeFileSync(file, text);
        return file;
    };
    const withKeys = (rename: (key: string) => string) => stringify({ config: Object.fromEntries(Object.entries(fixture("small")).map(([name, value]) => [rename(`${PROJECT}:${name}`), value])) });

    test("a key set twice, with the line that repeats it", () => {
        const file = stackFile("twice", "config:\n  protectData: false\n  protectData: true\n");
        expect(() => readStackFile(file)).toThrow(`${file}: Map keys must be unique at line 3, column 3: "protectData: true"`);
    });

    test("a stack name the CLI refuses", () => {
        expect(readStackFile(stackFile("ünï", withKeys((key) => key))).problems).toEqual(['stack name "ünï": a stack name may only contain alphanumeric, hyphens, underscores, or periods, at most 100']);
    });

    test("required keys under another namespace", () => {
        expect(readStackFile(stackFile("typo", withKeys((key) => key.replace(`${PROJECT}:domain`, "exchange-nod:domain")))).problems).toEqual([
            "Stack 'typo' is missing configuration value 'domain'",
            `exchange-nod:domain: not read; this project's keys are ${PROJECT}:domain, or domain alone`,
        ]);
        expect(readStackFile(stackFile("typos", withKeys((key) => key.replace(`${PROJECT}:`, key.endsWith(":domain") || key.endsWith(":zone") ? "other:" : `${PROJECT}:`)))).problems).toEqual([
            "Stack 'typos' is missing configuration values 'domain' and 'zone'",
            `other:domain: not read; this project's keys are ${PROJECT}:domain, or domain alone`,
            `other:zone: not read; this project's keys are ${PROJECT}:zone, or zone alone`,
        ]);
    });
});
