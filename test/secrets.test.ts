import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { runWithMocks } from "../plan/mockRun";
import { buildStackPlan, renderMarkdown, renderText } from "../plan/report";
import { PROVIDER_SECRET_KEYS, SECRET_KEYS, SECRET_PLACEHOLDER } from "../config/keys";
import { PROJECT_DIR } from "../plan/projectFile";
import { shippedStackFiles } from "../plan/stackFile";
import { exchangeProgram } from "../program";
import { asPulumiConfig, fixture, key, ofType, PROJECT, userDataOf } from "./harness";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Credential shapes of the four providers this project talks to. */
const CREDENTIAL_SHAPES: [string, RegExp][] = [
    ["AWS access key ID", /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
    ["AWS secret access key", /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+]{40}\b/i],
    ["GCP service-account key", /"private_key"\s*:\s*"-----BEGIN PRIVATE KEY-----/],
    ["PEM private key", /-----BEGIN (RSA |EC |OPENSSH )?PRIVATE KEY-----\s*\n[A-Za-z0-9+/=]{64}/],
    ["Cloudflare API token", /(cloudflare[_:-]?api[_-]?token|CF_API_TOKEN)\s*[=:]\s*["']?[A-Za-z0-9_-]{40}\b/i],
    ["Cloudflare global API key", /(cloudflare[_:-]?api[_-]?key|CF_API_KEY)\s*[=:]\s*["']?[0-9a-f]{37}\b/i],
    ["Hetzner API token", /(hcloud[_:-]?token)\s*[=:]\s*["']?[A-Za-z0-9]{64}\b/i],
];

/** Keys that hold credentials or secrets: in a stack file they may only appear encrypted (`secure:`). */
const SECRET_CONFIG_KEYS = [...PROVIDER_SECRET_KEYS, ...Object.values(SECRET_KEYS).map(key)];

function credentialsIn(text: string): string[] {
    return CREDENTIAL_SHAPES.filter(([, shape]) => shape.test(text)).map(([name]) => name);
}

test("the scanner recognises each credential shape", () => {
    const samples = [
        "AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE"}',
        `-----BEGIN PRIVATE KEY-----\n${"A".repeat(64)}`,
        `CLOUDFLARE_API_TOKEN=${"a".repeat(40)}`,
        `cloudflare_api_key: ${"0".repeat(37)}`,
        `hcloud:token: ${"Ab1".repeat(21)}x`,
    ];
    expect(samples.map(credentialsIn)).toEqual(CREDENTIAL_SHAPES.map(([name]) => [name]));
});

test("no tracked file holds a credential", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT_DIR, encoding: "utf8" })
        .split("\n")
        .filter((file) => file && !file.endsWith("package-lock.json") && file !== "test/secrets.test.ts" && fs.existsSync(path.join(PROJECT_DIR, file)));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => credentialsIn(fs.readFileSync(path.join(PROJECT_DIR, file), "utf8")).map((shape) => `${file}: ${shape}`));
    expect(found).toEqual([]);
});

function plaintextSecrets(config: Record<string, unknown>): string[] {
    return SECRET_CONFIG_KEYS.filter((key) => key in config && !(typeof config[key] === "object" && config[key] !== null && "secure" in (config[key] as object)));
}

test("stack files hold secret keys only encrypted", () => {
    expect(plaintextSecrets({ "hcloud:token": "plain", "cloudflare:apiToken": { secure: "v1:abc" }, [key("domain")]: "api.example.com" })).toEqual(["hcloud:token"]);
    for (const file of shippedStackFiles()) {
        const config = (parse(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;
        expect({ file, plaintext: plaintextSecrets(config) }).toEqual({ file, plaintext: [] });
    }
});

describe("secret node environment", () => {
    const SENTINEL = "s3cr3t-sentinel-value";
    let run: Awaited<ReturnType<typeof runWithMocks>>;
    beforeAll(async () => {
        const config = asPulumiConfig(fixture("small"));
        run = await runWithMocks({
            project: PROJECT,
            stack: "dev",
            config: { ...config, [key(SECRET_KEYS.secretEnv)]: JSON.stringify({ API_KEY: SENTINEL }), [key(SECRET_KEYS.dataVolumeKey)]: SECRET_PLACEHOLDER },
            secretKeys: [key(SECRET_KEYS.secretEnv), key(SECRET_KEYS.dataVolumeKey)],
            program: exchangeProgram,
        });
    });

    test("reaches cloud-init only inside a Pulumi secret", () => {
        const nodes = ["aws:ec2/instance:Instance", "gcp:compute/instance:Instance", "hcloud:index/server:Server"].flatMap((type) => ofType(run.resources, type));
        const envelopes = [
            ...ofType(run.resources, "aws:ec2/instance:Instance").map((r) => r.inputs.userDataBase64),
            ...ofType(run.resources, "gcp:compute/instance:Instance").map((r) => (r.inputs.metadata as Record<string, unknown>)["user-data"]),
            ...ofType(run.resources, "hcloud:index/server:Server").map((r) => r.inputs.userData),
        ] as { [SECRET_SIG]: string }[];
        expect(envelopes).toHaveLength(3);
        for (const envelope of envelopes) {
            expect(envelope[SECRET_SIG]).toBeDefined();
        }
        for (const node of nodes) {
            expect(userDataOf(node)).toContain(`API_KEY=${SENTINEL}\n`);
        }
        const outsideSecrets = JSON.stringify(run.resources.map((r) => r.inputs), (_key, value) => (value && typeof value === "object" && SECRET_SIG in value ? "[secret]" : value));
        expect(outsideSecrets).not.toContain(SENTINEL);
    });

    test("never shows in the plan's output, in any format", () => {
        const plan = buildStackPlan({ stack: "dev", file: "Pulumi.dev.yaml", run, violations: [], preview: false, project: PROJECT });
        for (const output of [renderText(plan), renderMarkdown(plan), JSON.stringify(plan)]) {
            expect(output).not.toContain(SENTINEL);
            expect(output).not.toContain(SECRET_PLACEHOLDER);
        }
    });
});
