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
/**
 * Docker's --env-file reads one line per variable and cannot carry a newline, carriage return or NUL, and refuses a
 * line over 64 KiB (bufio.Scanner's limit), which stops the container from starting. Multi-line values go in
 * base64 and are decoded by the application.
 */
const MAX_ENV_VALUE_BYTES = 16 * 1024;
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "environment variable names use A-Z, 0-9 and '_', and do not start with a digit");
const envValue = z
    .string()
    .refine((value) => !/[\n\r\0]/.test(value), "must not contain a newline, carriage return or NUL (Docker's env file is one line per variable); pass multi-line values base64-encoded")
    .refine((value) => Buffer.byteLength(value) <= MAX_ENV_VALUE_BYTES, `must be at most ${MAX_ENV_VALUE_BYTES} bytes`);
/** Environment of the node's container: plain in `node.env`, secret in `secretEnv`. */
export const environment = z.record(envName, envValue);
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
    // The range is the provider's (checked against its catalog).
    volumeGb: z.number().int("must be a whole number of GB"),
    // Cloudflare origin weights: 0 to 1 in steps of 0.01 (load-balancing API schema, origin weight).
    weight: z
        .number()
        .min(0, "must be from 0 to 1")
        .max(1, "must be from 0 to 1")
        .refine((weight) => Math.abs(weight * 100 - Math.round(weight * 100)) < 1e-9, "must be a multiple of 0.01, as Cloudflare takes origin weights"),
    priority: wholeNumber(1, 100),
    })
    .superRefine(checkSiteAgainstCatalog);

/** Ports the node itself listens on besides the node port: sshd on Ubuntu's cloud images. */
const HOST_PORTS: Readonly<Record<number, string>> = { 22: "sshd" };

const node = z
    .strictObject({
        image: z.string().regex(/^[a-z0-9]+([._\/:@-][a-zA-Z0-9]+)*$/, "must be a container image reference such as ghcr.io/org/node:1.2.3"),
        port: z.number().refine((port) => (CLOUDFLARE_HTTPS_PORTS as readonly number[]).includes(port), {
            message: `must be a port Cloudflare proxies HTTPS to: ${CLOUDFLARE_HTTPS_PORTS.join(", ")}`,
        }),
        containerPort: wholeNumber(1, 65535),
        healthPath: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, "must be an absolute URL path such as /healthz"),
        env: environment.default({}),
        /** Run the container with a read-only root filesystem (and a tmpfs on /tmp). */
        readOnlyRoot: z.boolean().default(false),
        /** Run the container as this user instead of the image's (`docker run --user`). */
        user: z.string().regex(/^([a-z_][a-z0-9_-]{0,31}|\d{1,10})(:([a-z_][a-z0-9_-]{0,31}|\d{1,10}))?$/, "must be a user name or uid, optionally with :group, such as 10001:10001").optional(),
    })
    .superRefine(checkNodePorts, { when: ({ value }) => typeof (value as { port?: unknown })?.port === "number" && typeof (value as { containerPort?: unknown })?.containerPort === "number" });

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
        /** Origin-pull CA generations, the signing one first; rotating is three steps (README, "Certificates"). */
        originPullCaGenerations: z
            .array(wholeNumber(1, 999))
            .min(1, "must list at least one generation")
            .max(2, "lists at most two generations: the one that signs, and the one being added or retired")
            .refine((generations) => new Set(generations).size === generations.length, "lists a generation twice")
            .default([1]),
        /** Set only by `npm run drill`: the provider whose firewalls admit nothing while the drill runs. */
        drillIsolate: z.string().optional(),
    })
    // `when`: report alongside other problems, not only once everything else is fixed.
    .superRefine(checkDrillIsolate, { when: ({ value }) => typeof (value as { drillIsolate?: unknown })?.drillIsolate === "string" })
    .superRefine(checkDomainInZone, { when: ({ value }) => typeof (value as { domain?: unknown })?.domain === "string" && typeof (value as { zone?: unknown })?.zone === "string" })
    .superRefine(checkFailoverAgainstSites, { when: ({ value }) => sitesAndFailoverParse(value) });

export type StackConfig = z.infer<typeof stackConfigSchema>;
export type SiteConfig = StackConfig["sites"][number];
export type NodeSpec = StackConfig["node"];
export type FailoverConfig = StackConfig["failover"];

function checkSiteAgainstCatalog(entry: z.infer<typeof site>, ctx: z.RefinementCtx): void {
    if (!Object.hasOwn(siteProviders, entry.provider)) {
        ctx.addIssue({ code: "custom", path: ["provider"], message: `unknown provider "${entry.provider}"; allowed: ${Object.keys(siteProviders).join(", ")} (one file each in components/sites/)` });
        return;
    }
    const { catalog } = siteProviders[entry.provider];
    const refuse = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (!catalog.region.accepts(entry.region)) {
        refuse(["region"], `${entry.provider} has no region "${entry.region}"; allowed: ${catalog.region.allowed} (${catalog.source})`);
    } else {
        const zone = catalog.zone(entry.region);
        entry.zones.forEach((name, index) => {
            if (!zone.accepts(name)) {
                refuse(["zones", index], `"${name}" is not in ${entry.provider} region ${entry.region}; allowed: ${zone.allowed}`);
            }
        });
    }
    if (new Set(entry.zones).size !== entry.zones.length) {
        refuse(["zones"], "lists a zone twice");
    }
    if (!catalog.size.accepts(entry.size)) {
        refuse(["size"], `${entry.provider} does not offer "${entry.size}"; allowed: ${catalog.size.allowed} (${catalog.source})`);
    } else if (catalog.offeredIn) {
        const missing = entry.zones.filter((zone) => !catalog.offeredIn!(entry.size, zone));
        if (missing.length > 0) {
            refuse(["size"], `${entry.provider} does not offer ${entry.size} in ${missing.join(", ")}; choose another size or location (${catalog.source})`);
        }
    }
    const { min, max } = catalog.volumeGb;
    if (Number.isInteger(entry.volumeGb) && (entry.volumeGb < min || entry.volumeGb > max)) {
        refuse(["volumeGb"], `${entry.provider} volumes are ${min} to ${max} GB`);
    }
}

/** Cross-key rules: Cloudflare would accept these settings, but the pools or the steering could never work. */
function checkFailoverAgainstSites(config: { sites: SiteConfig[]; failover: FailoverConfig }, ctx: z.RefinementCtx): void {
    const { failover } = config;
    config.sites.forEach((site, index) => {
        if (site.nodes < failover.minimumOrigins) {
            ctx.addIssue({
                code: "custom",
                path: ["failover", "minimumOrigins"],
                message: `${failover.minimumOrigins} is more than the ${site.nodes} node(s) of site ${site.name} (sites[${index}].nodes): its pool could never be healthy`,
            });
        }
    });
    const unsupported: Partial<Record<string, string>> = {
        geo: "needs region, country or PoP pools, which this stack does not configure",
        proximity: "needs coordinates on every pool, which this stack does not set",
    };
    const reason = unsupported[failover.steering];
    if (reason) {
        ctx.addIssue({ code: "custom", path: ["failover", "steering"], message: `${failover.steering} ${reason}; use off, random, dynamic_latency, least_outstanding_requests or least_connections` });
    }
    if (failover.steering === "dynamic_latency" && failover.checkRegions.length < CHECK_REGIONS.length) {
        ctx.addIssue({ code: "custom", path: ["failover", "checkRegions"], message: `dynamic_latency steering needs health checks from all regions: list all ${CHECK_REGIONS.length} (${CHECK_REGIONS.join(", ")})` });
    }
}

function checkNodePorts(node: { port: number; containerPort: number }, ctx: z.RefinementCtx): void {
    if (node.containerPort === node.port) {
        ctx.addIssue({ code: "custom", path: ["containerPort"], message: `must differ from node.port (${node.port}): nginx listens there, and the container could not bind it` });
    } else if (Object.hasOwn(HOST_PORTS, node.containerPort)) {
        ctx.addIssue({ code: "custom", path: ["containerPort"], message: `${node.containerPort} is taken by ${HOST_PORTS[node.containerPort]} on the node; choose another port` });
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

/** Cross-key rules run only on parts that are themselves valid, so each problem is reported once, at its own key. */
function sitesAndFailoverParse(value: unknown): boolean {
    const candidate = value as { sites?: unknown; failover?: unknown };
    return z.array(site).safeParse(candidate?.sites).success && failover.safeParse(candidate?.failover).success;
}

function checkDrillIsolate(config: { drillIsolate?: string }, ctx: z.RefinementCtx): void {
    if (config.drillIsolate !== undefined && !Object.hasOwn(siteProviders, config.drillIsolate)) {
        ctx.addIssue({ code: "custom", path: ["drillIsolate"], message: `unknown provider "${config.drillIsolate}"; allowed: ${Object.keys(siteProviders).join(", ")}` });
    }
}

function checkDomainInZone(config: { domain: string; zone: string }, ctx: z.RefinementCtx): void {
    if (!hostname.safeParse(config.domain).success || !hostname.safeParse(config.zone).success) {
        return;
    }
    if (config.domain !== config.zone && !config.domain.endsWith(`.${config.zone}`)) {
        ctx.addIssue({ code: "custom", path: ["domain"], message: `"${config.domain}" is not in the Cloudflare zone "${config.zone}" that \`zone\` names` });
    }
}
