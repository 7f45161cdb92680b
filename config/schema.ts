import { z } from "zod";
import { siteProviders } from "../components/sites";

/** Minimum health-check interval per Cloudflare plan, in seconds (Cloudflare load-balancing limits). */
export const PLAN_MIN_INTERVAL: Readonly<Record<string, number>> = { pro: 60, business: 15, enterprise: 10 };
export const CHECK_REGIONS = ["WNAM", "ENAM", "WEU", "EEU", "NSAM", "SSAM", "OC", "ME", "NAF", "SAF", "SAS", "SEAS", "NEAS"] as const;
export const STEERING_POLICIES = ["off", "random", "geo", "dynamic_latency", "proximity", "least_outstanding_requests", "least_connections"] as const;
/** Ports Cloudflare proxies HTTPS to. */
export const CLOUDFLARE_HTTPS_PORTS = [443, 2053, 2083, 2087, 2096, 8443] as const;

const hostname = z.string().regex(
    /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/,
    "must be a lower-case DNS hostname such as api.example.com (no spaces, no wildcards, no trailing dot)",
);
const cloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "must be a 32-character lower-case hex Cloudflare ID");
const siteName = z.string().regex(/^[a-z][a-z0-9-]{0,29}$/, "must start with a letter and use only a-z, 0-9 and '-', at most 30 characters");
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "environment variable names use A-Z, 0-9 and '_'");
const wholeNumber = (min: number, max: number) =>
    z.number().int(`must be a whole number from ${min} to ${max}`).min(min, `must be a whole number from ${min} to ${max}`).max(max, `must be a whole number from ${min} to ${max}`);

const site = z
    .strictObject({
    name: siteName,
    provider: z.string(),
    region: z.string(),
    zones: z.array(z.string()).min(1, "must list at least one zone or location"),
    nodes: wholeNumber(1, 500),
    size: z.string(),
    volumeGb: wholeNumber(10, 16384),
    weight: z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1"),
    priority: wholeNumber(1, 100),
    })
    .superRefine(checkSiteAgainstCatalog);

const node = z.strictObject({
    image: z.string().regex(/^[a-z0-9]+([._\/:@-][a-zA-Z0-9]+)*$/, "must be a container image reference such as ghcr.io/org/node:1.2.3"),
    port: z.number().refine((port) => (CLOUDFLARE_HTTPS_PORTS as readonly number[]).includes(port), {
        message: `must be a port Cloudflare proxies HTTPS to: ${CLOUDFLARE_HTTPS_PORTS.join(", ")}`,
    }),
    containerPort: wholeNumber(1, 65535),
    healthPath: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, "must be an absolute URL path such as /healthz"),
    env: z.record(envName, z.string()).default({}),
});

const failover = z.strictObject({
    plan: z.enum(Object.keys(PLAN_MIN_INTERVAL) as [string, ...string[]]),
    steering: z.enum(STEERING_POLICIES).default("off"),
    proxied: z.boolean().default(true),
    interval: wholeNumber(10, 3600),
    timeout: wholeNumber(1, 10),
    retries: wholeNumber(0, 5),
    consecutiveDown: wholeNumber(1, 10),
    consecutiveUp: wholeNumber(1, 10),
    checkRegions: z.array(z.enum(CHECK_REGIONS)).min(1, "must list at least one check region"),
    minimumOrigins: wholeNumber(1, 20),
    })
    .superRefine(checkPlanLimits, { when: ({ value }) => typeof (value as { interval?: unknown })?.interval === "number" && typeof (value as { timeout?: unknown })?.timeout === "number" });

export const stackConfigSchema = z
    .strictObject({
        domain: hostname,
        zone: hostname,
        accountId: cloudflareId,
        zoneId: cloudflareId,
        sites: z.array(site).min(1, "must list at least one site").superRefine(checkSiteNamesUnique, { when: ({ value }) => Array.isArray(value) }),
        node,
        failover,
        protectData: z.boolean(),
        authenticatedOriginPulls: z.boolean().default(true),
        /** Set only by `npm run drill`: the provider whose firewalls admit nothing while the drill runs. */
        drillIsolate: z.string().optional(),
    })
    // `when`: report alongside other problems, not only once everything else is fixed.
    .superRefine(checkDrillIsolate, { when: ({ value }) => typeof (value as { drillIsolate?: unknown })?.drillIsolate === "string" })
    .superRefine(checkDomainInZone, { when: ({ value }) => typeof (value as { domain?: unknown })?.domain === "string" && typeof (value as { zone?: unknown })?.zone === "string" });

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type SiteConfig = StackConfig["sites"][number];
export type NodeSpec = StackConfig["node"];
export type FailoverConfig = StackConfig["failover"];

function checkSiteAgainstCatalog(entry: z.infer<typeof site>, ctx: z.RefinementCtx): void {
    const provider = siteProviders[entry.provider];
    if (!provider) {
        ctx.addIssue({ code: "custom", path: ["provider"], message: `unknown provider "${entry.provider}"; allowed: ${Object.keys(siteProviders).join(", ")}` });
        return;
    }
    const zones = provider.catalog.regions[entry.region];
    if (!zones) {
        ctx.addIssue({ code: "custom", path: ["region"], message: `${entry.provider} has no region "${entry.region}"; allowed: ${Object.keys(provider.catalog.regions).join(", ")}` });
    } else {
        entry.zones.forEach((zone, index) => {
            if (!zones.includes(zone)) {
                ctx.addIssue({ code: "custom", path: ["zones", index], message: `"${zone}" is not in ${entry.provider} region ${entry.region}; allowed: ${zones.join(", ")}` });
            }
        });
    }
    if (new Set(entry.zones).size !== entry.zones.length) {
        ctx.addIssue({ code: "custom", path: ["zones"], message: "lists a zone twice" });
    }
    if (!(entry.size in provider.catalog.sizes)) {
        ctx.addIssue({ code: "custom", path: ["size"], message: `${entry.provider} does not offer "${entry.size}"; allowed: ${Object.keys(provider.catalog.sizes).join(", ")}` });
    }
}

function checkSiteNamesUnique(sites: { name: string }[], ctx: z.RefinementCtx): void {
    const seen = new Set<string>();
    sites.forEach((entry, index) => {
        if (typeof entry?.name !== "string") {
            return;
        }
        if (seen.has(entry.name)) {
            ctx.addIssue({ code: "custom", path: [index, "name"], message: `duplicate site name "${entry.name}": every site needs its own name` });
        }
        seen.add(entry.name);
    });
}

function checkPlanLimits(failover: { plan: string; interval: number; timeout: number }, ctx: z.RefinementCtx): void {
    const minimum = PLAN_MIN_INTERVAL[failover.plan];
    if (minimum !== undefined && failover.interval < minimum) {
        ctx.addIssue({
            code: "custom",
            path: ["interval"],
            message: `${failover.interval}s is below the ${failover.plan} plan's minimum of ${minimum}s; allowed: ${minimum} to 3600`,
        });
    }
    if (failover.timeout >= failover.interval) {
        ctx.addIssue({ code: "custom", path: ["timeout"], message: "must be shorter than failover.interval" });
    }
}

function checkDrillIsolate(config: { drillIsolate?: string }, ctx: z.RefinementCtx): void {
    if (config.drillIsolate !== undefined && !(config.drillIsolate in siteProviders)) {
        ctx.addIssue({ code: "custom", path: ["drillIsolate"], message: `unknown provider "${config.drillIsolate}"; allowed: ${Object.keys(siteProviders).join(", ")}` });
    }
}

function checkDomainInZone(config: { domain: string; zone: string }, ctx: z.RefinementCtx): void {
    if (!hostname.safeParse(config.domain).success || !hostname.safeParse(config.zone).success) {
        return;
    }
    if (config.domain !== config.zone && !config.domain.endsWith(`.${config.zone}`)) {
        ctx.addIssue({ code: "custom", path: ["domain"], message: `"${config.domain}" is not in the Cloudflare zone "${config.zone}" (exchange:zone)` });
    }
}
