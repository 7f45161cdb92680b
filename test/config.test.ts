import { ConfigError } from "../config/load";
import type { RecordedResource } from "../plan/mockRun";
import { siteProviders } from "../components/sites";
import { asPulumiConfig, fixture, PROJECT, runConfig, type Config } from "./harness";

const PROVIDERS = Object.keys(siteProviders).join(", ");
const { catalog: gcp } = siteProviders.gcp;
const { catalog: hetzner } = siteProviders.hetzner;
const { catalog: aws } = siteProviders.aws;

/** Each case edits the valid dev configuration and names every message it must produce. */
const BAD_CONFIGURATIONS: [string, (config: Config) => void, string[]][] = [
    ["unknown provider", (c) => { c.sites[0].provider = "azure"; }, [`${PROJECT}:sites[0].provider: unknown provider "azure"; allowed: ${PROVIDERS} (one file each in components/sites/)`]],
    ["zone outside its region", (c) => { c.sites[0].zones = ["eu-west-1a"]; }, [`${PROJECT}:sites[0].zones[0]: "eu-west-1a" is not in aws region eu-central-1; allowed: an Availability Zone of eu-central-1, such as eu-central-1a`]],
    ["unknown region", (c) => { c.sites[1].region = "mars-north1"; }, [`${PROJECT}:sites[1].region: gcp has no region "mars-north1"; allowed: ${gcp.region.allowed} (${gcp.source})`]],
    ["machine size the provider does not offer", (c) => { c.sites[2].size = "cx22"; }, [`${PROJECT}:sites[2].size: hetzner does not offer "cx22"; allowed: ${hetzner.size.allowed} (${hetzner.source})`]],
    ["AWS instance type the SDK does not list", (c) => { c.sites[0].size = "t9.nano"; }, [`${PROJECT}:sites[0].size: aws does not offer "t9.nano"; allowed: ${aws.size.allowed} (${aws.source})`]],
    ["server type a location does not offer", (c) => { Object.assign(c.sites[2], { region: "us-east", zones: ["ash"] }); }, [`${PROJECT}:sites[2].size: hetzner does not offer cx23 in ash; choose another size or location (${hetzner.source})`]],
    ["Hetzner volume over 10 TB", (c) => { c.sites[2].volumeGb = 12000; }, [`${PROJECT}:sites[2].volumeGb: hetzner volumes are 10 to 10240 GB`]],
    ["a name of JavaScript's object is no provider", (c) => { c.sites[0].provider = "constructor"; }, [`${PROJECT}:sites[0].provider: unknown provider "constructor"; allowed: ${PROVIDERS} (one file each in components/sites/)`]],
    ["__proto__ is no provider either", (c) => { c.sites[1].provider = "__proto__"; }, [`${PROJECT}:sites[1].provider: unknown provider "__proto__"; allowed: ${PROVIDERS} (one file each in components/sites/)`]],
    ["hasOwnProperty is no region", (c) => { c.sites[2].region = "hasOwnProperty"; }, [`${PROJECT}:sites[2].region: hetzner has no region "hasOwnProperty"; allowed: ${hetzner.region.allowed} (${hetzner.source})`]],
    ["Mac instance type", (c) => { c.sites[0].size = "mac2.metal"; }, [`${PROJECT}:sites[0].size: aws does not offer "mac2.metal"; allowed: ${aws.size.allowed} (${aws.source})`]],
    ["Arm GCP series", (c) => { c.sites[1].size = "t2a-standard-4"; }, [`${PROJECT}:sites[1].size: gcp does not offer "t2a-standard-4"; allowed: ${gcp.size.allowed} (${gcp.source})`]],
    ["Hyperdisk-only GCP series", (c) => { c.sites[1].size = "n4-standard-4"; }, [`${PROJECT}:sites[1].size: gcp does not offer "n4-standard-4"; allowed: ${gcp.size.allowed} (${gcp.source})`]],
    ["a number written in quotes", (c) => { c.sites[0].nodes = "1"; }, [`${PROJECT}:sites[0].nodes: must be a number, not a string (write it without quotes)`]],
    ["YAML's .inf, which reaches the program as null", (c) => { c.sites[0].volumeGb = null; }, [`${PROJECT}:sites[0].volumeGb: must be a number, not null (YAML's .inf, .nan and ~ are not numbers)`]],
    ["an environment variable name with a space", (c) => { c.node.env["BAD KEY"] = "x"; }, [`${PROJECT}:node.env.BAD KEY: environment variable names use A-Z, 0-9 and '_', and do not start with a digit`]],
    ["a number out of range, said once", (c) => { c.sites[0].nodes = 1e23; }, [`${PROJECT}:sites[0].nodes: must be a whole number from 1 to 500`]],
    ["__proto__ as an environment variable", (c) => { Object.defineProperty(c.node.env, "__proto__", { value: { X: "y" }, enumerable: true }); }, [`${PROJECT}:node.env.__proto__: "__proto__" is not allowed as a key`]],
    ["__proto__ as a top-level key", (c) => { Object.defineProperty(c, "__proto__", { value: { a: 1 }, enumerable: true }); }, [`${PROJECT}:__proto__: "__proto__" is not allowed as a key`]],
    ["toString is no size", (c) => { c.sites[2].size = "toString"; }, [`${PROJECT}:sites[2].size: hetzner does not offer "toString"; allowed: ${hetzner.size.allowed} (${hetzner.source})`]],
    ["constructor is no provider to isolate", (c) => { c.drillIsolate = "constructor"; }, [`${PROJECT}:drillIsolate: unknown provider "constructor"; allowed: ${PROVIDERS}`]],
    ["zero nodes", (c) => { c.sites[0].nodes = 0; }, [`${PROJECT}:sites[0].nodes: must be a whole number from 1 to 500`]],
    ["negative volume", (c) => { c.sites[1].volumeGb = -5; }, [`${PROJECT}:sites[1].volumeGb: gcp volumes are 10 to 65536 GB`]],
    ["fractional volume", (c) => { c.sites[0].volumeGb = 10.5; }, [`${PROJECT}:sites[0].volumeGb: must be a whole number of GB`]],
    ["weight Cloudflare cannot take", (c) => { c.sites[0].weight = 0.333; }, [`${PROJECT}:sites[0].weight: must be a multiple of 0.01, as Cloudflare takes origin weights`]],
    ["more healthy origins required than a site has", (c) => { c.failover.minimumOrigins = 2; }, ["aws-fra", "gcp-bel", "hetzner-fsn"].map((site, index) => `${PROJECT}:failover.minimumOrigins: 2 is more than the 1 node(s) of site ${site} (sites[${index}].nodes): its pool could never be healthy`)],
    ["geo steering with no region pools", (c) => { c.failover.steering = "geo"; }, [`${PROJECT}:failover.steering: geo needs region, country or PoP pools, which this stack does not configure; use off, random, dynamic_latency, least_outstanding_requests or least_connections`]],
    ["proximity steering with no coordinates", (c) => { c.failover.steering = "proximity"; }, [`${PROJECT}:failover.steering: proximity needs coordinates on every pool, which this stack does not set; use off, random, dynamic_latency, least_outstanding_requests or least_connections`]],
    ["dynamic steering checked from one region", (c) => { c.failover.steering = "dynamic_latency"; }, [`${PROJECT}:failover.checkRegions: dynamic_latency steering needs health checks from all regions: list all 13 (WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS)`]],
    ["container on the node port", (c) => { c.node.containerPort = 443; }, [`${PROJECT}:node.containerPort: must differ from node.port (443): nginx listens there, and the container could not bind it`]],
    ["container on sshd's port", (c) => { c.node.containerPort = 22; }, [`${PROJECT}:node.containerPort: 22 is taken by sshd on the node; choose another port`]],
    ["environment value with a newline", (c) => { c.node.env.CERT = "line one\nline two"; }, [`${PROJECT}:node.env.CERT: must not contain a newline, carriage return or NUL (Docker's env file is one line per variable); pass multi-line values base64-encoded`]],
    ["environment value over the cap", (c) => { c.node.env.BLOB = "x".repeat(16 * 1024 + 1); }, [`${PROJECT}:node.env.BLOB: must be at most 16384 bytes`]],
    ["CA generation listed twice", (c) => { c.originPullCaGenerations = [1, 1]; }, [`${PROJECT}:originPullCaGenerations: lists a generation twice`]],
    ["duplicate sites", (c) => { c.sites[1].name = c.sites[0].name; }, [`${PROJECT}:sites[1].name: duplicate site name "aws-fra": every site needs its own name`]],
    ["weight above 1", (c) => { c.sites[0].weight = 1.5; }, [`${PROJECT}:sites[0].weight: must be from 0 to 1`]],
    ["weight below 0", (c) => { c.sites[2].weight = -0.1; }, [`${PROJECT}:sites[2].weight: must be from 0 to 1`]],
    ["hostname with a space", (c) => { c.domain = "api example.com"; }, [`${PROJECT}:domain: must be a lower-case DNS hostname such as api.example.com (no spaces, no wildcards, no trailing dot)`]],
    ["wildcard hostname", (c) => { c.domain = "*.example.com"; }, [`${PROJECT}:domain: must be a lower-case DNS hostname such as api.example.com (no spaces, no wildcards, no trailing dot)`]],
    ["interval below the plan's minimum", (c) => { c.failover.interval = 15; }, [`${PROJECT}:failover.interval: 15s is below the pro plan's minimum of 60s; allowed: 60 to 3600`]],
    ["unknown plan", (c) => { c.failover.plan = "free"; }, [`${PROJECT}:failover.plan: must be one of pro, business, enterprise`]],
    ["unknown check region", (c) => { c.failover.checkRegions = ["MOON"]; }, [`${PROJECT}:failover.checkRegions[0]: must be one of WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS`]],
    ["port Cloudflare does not proxy", (c) => { c.node.port = 8088; }, [`${PROJECT}:node.port: must be a port Cloudflare proxies HTTPS to: 443, 2053, 2083, 2087, 2096, 8443`]],
    ["missing key", (c) => { delete c.node; }, [`${PROJECT}:node: is required (object)`]],
    ["unknown key", (c) => { c.sites[0].count = 3; }, [`${PROJECT}:sites[0].count: unknown key; check the spelling against the README's configuration table`]],
    ["wrong type", (c) => { c.protectData = "yes"; }, [`${PROJECT}:protectData: must be a boolean, not a string`]],
    ["hostname outside the zone", (c) => { c.domain = "api.example.org"; }, [`${PROJECT}:domain: "api.example.org" is not in the Cloudflare zone "example.com" that \`zone\` names`]],
    ["bad Cloudflare ID", (c) => { c.zoneId = "not-an-id"; }, [`${PROJECT}:zoneId: must be a 32-character lower-case hex Cloudflare ID`]],
    ["several problems at once", (c) => { c.sites[0].nodes = -1; c.sites[2].size = "cx22"; c.domain = "bad host"; }, [
        `${PROJECT}:sites[0].nodes: must be a whole number from 1 to 500`,
        `${PROJECT}:sites[2].size: hetzner does not offer "cx22"; allowed: ${hetzner.size.allowed} (${hetzner.source})`,
        `${PROJECT}:domain: must be a lower-case DNS hostname such as api.example.com (no spaces, no wildcards, no trailing dot)`,
    ]],
];

test.each(BAD_CONFIGURATIONS)("%s: a clear message naming the key, and no resource registered", async (_, edit, messages) => {
    const config = fixture("small");
    edit(config);
    const registered: RecordedResource[] = [];
    const error = await runConfig(config, "test", registered).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect([...(error as ConfigError).problems].sort()).toEqual([...messages].sort());
    expect((error as ConfigError).message).toBe(`invalid stack configuration:\n${(error as ConfigError).problems.map((p) => `  - ${p}`).join("\n")}`);
    expect(registered.map((resource) => resource.type)).toEqual(["pulumi:pulumi:Stack"]);
});

test("a Hetzner site without a volume key is refused with the command that sets one", async () => {
    const { runWithMocks } = await import("../plan/mockRun");
    const { exchangeProgram } = await import("../program");
    const config = asPulumiConfig(fixture("small"));
    const error = await runWithMocks({ project: PROJECT, stack: "dev", config, program: exchangeProgram }).catch((thrown: unknown) => thrown);
    expect((error as ConfigError).problems).toEqual([
        `${PROJECT}:dataVolumeKey: required when a site runs on hetzner (volumes are encrypted in the guest); 32 to 512 printable characters; set it with \`pulumi config set --secret ${PROJECT}:dataVolumeKey "$(openssl rand -hex 32)"\``,
    ]);
});

test("a well-formed single-provider stack registers, so that the policy pack can judge it", async () => {
    const config: Config = fixture("small");
    config.sites = config.sites.filter((site: Config) => site.provider === "aws");
    const { resources } = await runConfig(config);
    expect(resources.filter((r) => r.type === "aws:ec2/instance:Instance")).toHaveLength(1);
});
