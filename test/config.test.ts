import { ConfigError } from "../config/load";
import type { RecordedResource } from "../plan/mockRun";
import { asPulumiConfig, runConfig, shippedConfig } from "./harness";

type Config = Record<string, any>;

/** Each case edits the valid dev configuration and names every message it must produce. */
const BAD_CONFIGURATIONS: [string, (config: Config) => void, string[]][] = [
    ["unknown provider", (c) => { c.sites[0].provider = "azure"; }, ['exchange:sites[0].provider: unknown provider "azure"; allowed: aws, gcp, hetzner']],
    ["zone outside its region", (c) => { c.sites[0].zones = ["eu-west-1a"]; }, ['exchange:sites[0].zones[0]: "eu-west-1a" is not in aws region eu-central-1; allowed: eu-central-1a, eu-central-1b, eu-central-1c']],
    ["unknown region", (c) => { c.sites[1].region = "mars-north1"; }, ['exchange:sites[1].region: gcp has no region "mars-north1"; allowed: us-central1, us-east1, europe-west1, europe-west3, asia-northeast1']],
    ["machine size the provider does not offer", (c) => { c.sites[2].size = "cx22"; }, ['exchange:sites[2].size: hetzner does not offer "cx22"; allowed: cx23, cx33, cpx22, ccx13']],
    ["zero nodes", (c) => { c.sites[0].nodes = 0; }, ["exchange:sites[0].nodes: must be a whole number from 1 to 500"]],
    ["negative volume", (c) => { c.sites[1].volumeGb = -5; }, ["exchange:sites[1].volumeGb: must be a whole number from 10 to 16384"]],
    ["duplicate sites", (c) => { c.sites[1].name = c.sites[0].name; }, ['exchange:sites[1].name: duplicate site name "aws-fra": every site needs its own name']],
    ["weight above 1", (c) => { c.sites[0].weight = 1.5; }, ["exchange:sites[0].weight: must be from 0 to 1"]],
    ["weight below 0", (c) => { c.sites[2].weight = -0.1; }, ["exchange:sites[2].weight: must be from 0 to 1"]],
    ["hostname with a space", (c) => { c.domain = "api example.com"; }, ["exchange:domain: must be a lower-case DNS hostname such as api.example.com (no spaces, no wildcards, no trailing dot)"]],
    ["wildcard hostname", (c) => { c.domain = "*.example.com"; }, ["exchange:domain: must be a lower-case DNS hostname such as api.example.com (no spaces, no wildcards, no trailing dot)"]],
    ["interval below the plan's minimum", (c) => { c.failover.interval = 15; }, ["exchange:failover.interval: 15s is below the pro plan's minimum of 60s; allowed: 60 to 3600"]],
    ["unknown plan", (c) => { c.failover.plan = "free"; }, ["exchange:failover.plan: must be one of pro, business, enterprise"]],
    ["unknown check region", (c) => { c.failover.checkRegions = ["MOON"]; }, ["exchange:failover.checkRegions[0]: must be one of WNAM, ENAM, WEU, EEU, NSAM, SSAM, OC, ME, NAF, SAF, SAS, SEAS, NEAS"]],
    ["port Cloudflare does not proxy", (c) => { c.node.port = 8080; }, ["exchange:node.port: must be a port Cloudflare proxies HTTPS to: 443, 2053, 2083, 2087, 2096, 8443"]],
    ["missing key", (c) => { delete c.node; }, ["exchange:node: is required (object)"]],
    ["unknown key", (c) => { c.sites[0].count = 3; }, ["exchange:sites[0].count: unknown key; check the spelling against the README's configuration table"]],
    ["wrong type", (c) => { c.protectData = "yes"; }, ["exchange:protectData: Invalid input: expected boolean, received string"]],
    ["hostname outside the zone", (c) => { c.domain = "api.example.org"; }, ['exchange:domain: "api.example.org" is not in the Cloudflare zone "example.com" (exchange:zone)']],
    ["bad Cloudflare ID", (c) => { c.zoneId = "not-an-id"; }, ["exchange:zoneId: must be a 32-character lower-case hex Cloudflare ID"]],
    ["several problems at once", (c) => { c.sites[0].nodes = -1; c.sites[2].size = "cx22"; c.domain = "bad host"; }, [
        "exchange:sites[0].nodes: must be a whole number from 1 to 500",
        'exchange:sites[2].size: hetzner does not offer "cx22"; allowed: cx23, cx33, cpx22, ccx13',
        "exchange:domain: must be a lower-case DNS hostname such as api.example.com (no spaces, no wildcards, no trailing dot)",
    ]],
];

test.each(BAD_CONFIGURATIONS)("%s: a clear message naming the key, and no resource registered", async (_, edit, messages) => {
    const config = shippedConfig("dev");
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
    const config = asPulumiConfig(shippedConfig("dev"));
    const error = await runWithMocks({ project: "exchange-node", stack: "dev", config, program: exchangeProgram }).catch((thrown: unknown) => thrown);
    expect((error as ConfigError).problems).toEqual([
        'exchange:dataVolumeKey: required, at least 32 characters, when a site runs on hetzner (volumes are encrypted in the guest); set it with `pulumi config set --secret exchange:dataVolumeKey "$(openssl rand -hex 32)"`',
    ]);
});

test("a well-formed single-provider stack registers, so that the policy pack can judge it", async () => {
    const config: Config = shippedConfig("dev");
    config.sites = config.sites.filter((site: Config) => site.provider === "aws");
    const { resources } = await runConfig(config);
    expect(resources.filter((r) => r.type === "aws:ec2/instance:Instance")).toHaveLength(1);
});
