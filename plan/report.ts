import * as path from "path";
import type { NodeInventoryEntry } from "../components/exchangeStack";
import { siteProviders } from "../components/sites";
import { cloudOf } from "../policies/lib/clouds";
import { percent } from "../policies/lib/format";
import { DETECTION_FORMULA, worstCaseFailoverSeconds } from "../policies/lib/detection";
import type { MockRunResult, RecordedResource } from "./mockRun";
import { fullKey } from "../config/keys";
import { configAdvice, type ConfigAdvice } from "./configKeys";
import type { PolicyViolation } from "./policyPack";
import { PROJECT_DIR } from "./projectFile";

/** Version of the JSON output; raised only when a field changes meaning or disappears. */
export const REPORT_SCHEMA_VERSION = 2;

/** What a team would otherwise get, at documented defaults (shared/FACTS.md). */
export const FAILOVER_ANCHORS = [
    { name: "AWS Route 53 failover", seconds: 150, basis: "30 s checks × 3 failures + 60 s TTL" },
    { name: "AWS Route 53 failover, fast checks", seconds: 90, basis: "10 s checks × 3 failures + 60 s TTL" },
    { name: "GCP Cloud DNS routing policy", seconds: 90, basis: "30 s checks × 2 failures + 30 s TTL" },
    { name: "Azure Traffic Manager", seconds: 120, basis: "30 s probes × 3 tolerated failures + 30 s TTL" },
];

/** A node as the plan reports it: the stack's inventory entry, resolved. */
export type NodeEntry = Omit<NodeInventoryEntry, "zone"> & { zone: string };

export interface StackPlan {
    stack: string;
    file: string;
    /** Planned as the first preview of a new stack: outputs that providers compute are unknown. */
    preview: boolean;
    hostname: string;
    resources: { total: number; byProvider: Record<string, number>; byComponent: Record<string, number> };
    nodes: NodeEntry[];
    failover: {
        proxied: boolean;
        steering: string;
        monitor: { interval: number; timeout: number; retries: number; consecutiveDown: number; consecutiveUp: number; checkRegions: string[] };
        pools: { name: string; site: string; provider: string; origins: number; minimumOrigins: number }[];
        fallback: string;
        worstCaseSeconds: number;
        formula: string;
        anchors: typeof FAILOVER_ANCHORS;
    };
    capacityAfterLoss: { lost: string; remainingShare: number; remainingNodes: number; poolsLeft: string[] }[];
    cost: {
        currency: "USD";
        estimate: true;
        /** Null for a provider with a machine size that has no price in its site file. */
        monthlyByProvider: Record<string, number | null>;
        monthlyTotal: number | null;
        /** `<provider> <size>` for each size with no price. */
        unpriced: string[];
        sources: string[];
    };
    /** The provider a failover drill has cut off, and the key that says so: its firewalls admit nothing. */
    isolated: { provider: string; key: string } | null;
    /** Each finding, with the configuration keys that change it on a stack of ours (plan/configKeys.ts). */
    policy: { mandatoryFailed: boolean; violations: (PolicyViolation & { change?: ConfigAdvice })[] };
}

export interface StackPlanInput {
    stack: string;
    file: string;
    run: MockRunResult;
    violations: PolicyViolation[];
    preview: boolean;
    project: string;
    isolated?: string;
}

function round(value: number, places = 2): number {
    return Math.round(value * 10 ** places) / 10 ** places;
}

function only(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((resource) => resource.type === type);
}

/** Builds one stack's plan from what the program registered under mocks and what the policy pack said. */
export function buildStackPlan({ stack, file, run, violations, preview, project, isolated }: StackPlanInput): StackPlan {
    const { resources, outputs } = run;
    const custom = resources.filter((resource) => resource.custom && !resource.type.startsWith("pulumi:providers:"));
    const components = new Map(resources.filter((resource) => !resource.custom).map((resource) => [resource.urn, `${resource.name} (${resource.type})`]));
    const count = (keys: string[]) => keys.reduce<Record<string, number>>((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {});
    const nodes = outputs.nodes as NodeEntry[];

    const [loadBalancer] = only(resources, "cloudflare:index/loadBalancer:LoadBalancer");
    const [monitor] = only(resources, "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor");
    const [failoverComponent] = only(resources, "exchange:failover:CloudflareFailover");
    const poolsByUrn = new Map(only(resources, "cloudflare:index/loadBalancerPool:LoadBalancerPool").map((pool) => [pool.urn, pool]));
    // Pools are named after their site by the failover component; IDs are unknown in a preview, the order of the
    // load balancer's pool dependencies is the order of its pool list (the Node SDK records them as it finds them).
    const siteOfPool = (pool: RecordedResource) => pool.name.slice(`${failoverComponent.name}-pool-`.length);
    const pools = loadBalancer.propertyDependencies.defaultPools.map((urn) => {
        const pool = poolsByUrn.get(urn)!;
        const site = siteOfPool(pool);
        return {
            name: pool.inputs.name as string,
            site,
            provider: nodes.find((node) => node.site === site)!.provider,
            origins: (pool.inputs.origins as unknown[]).length,
            minimumOrigins: (pool.inputs.minimumOrigins as number) ?? 1,
        };
    });
    const proxied = loadBalancer.inputs.proxied === true;
    const timing = monitor.inputs as { interval: number; timeout: number; retries: number; consecutiveDown: number; consecutiveUp: number };
    const checkRegions = (only(resources, "cloudflare:index/loadBalancerPool:LoadBalancerPool")[0]?.inputs.checkRegions as string[]) ?? [];

    const weightByProvider = new Map<string, number>();
    for (const node of nodes) {
        weightByProvider.set(node.provider, (weightByProvider.get(node.provider) ?? 0) + node.weight);
    }
    const totalWeight = [...weightByProvider.values()].reduce((sum, weight) => sum + weight, 0);

    const monthlyByProvider: Record<string, number | null> = {};
    const unpriced = new Set<string>();
    for (const node of nodes) {
        const { pricing } = siteProviders[node.provider].catalog;
        const machine = Object.hasOwn(pricing.sizes, node.size) ? pricing.sizes[node.size] : undefined;
        if (machine === undefined) {
            unpriced.add(`${node.provider} ${node.size}`);
        }
        const sum = monthlyByProvider[node.provider];
        monthlyByProvider[node.provider] = machine === undefined || sum === null ? null : (sum ?? 0) + machine + node.volumeGb * pricing.volumeGbMonth;
    }
    const providersUsed = Object.keys(monthlyByProvider);

    return {
        stack,
        file: path.relative(PROJECT_DIR, file) || file,
        preview,
        hostname: outputs.hostname as string,
        resources: {
            total: custom.length,
            byProvider: count(custom.map((resource) => cloudOf(resource.type))),
            byComponent: count(custom.map((resource) => components.get(resource.parent) ?? "(stack)")),
        },
        nodes,
        failover: {
            proxied,
            steering: loadBalancer.inputs.steeringPolicy as string,
            monitor: { ...timing, checkRegions },
            pools,
            fallback: siteOfPool(poolsByUrn.get(loadBalancer.propertyDependencies.fallbackPool[0])!),
            worstCaseSeconds: worstCaseFailoverSeconds(timing, proxied ? undefined : (loadBalancer.inputs.ttl as number)),
            formula: DETECTION_FORMULA,
            anchors: FAILOVER_ANCHORS,
        },
        capacityAfterLoss: [...weightByProvider].map(([lost, weight]) => ({
            lost,
            remainingShare: totalWeight > 0 ? round((totalWeight - weight) / totalWeight, 3) : 0,
            remainingNodes: nodes.filter((node) => node.provider !== lost).length,
            poolsLeft: pools.filter((pool) => pool.provider !== lost).map((pool) => pool.site),
        })),
        cost: {
            currency: "USD",
            estimate: true,
            monthlyByProvider: Object.fromEntries(Object.entries(monthlyByProvider).map(([provider, cost]) => [provider, cost === null ? null : round(cost)])),
            monthlyTotal: Object.values(monthlyByProvider).some((cost) => cost === null) ? null : round(Object.values(monthlyByProvider).reduce<number>((sum, cost) => sum + cost!, 0)),
            unpriced: [...unpriced],
            sources: providersUsed.map((provider) => {
                const { pricing } = siteProviders[provider].catalog;
                const elsewhere = [...new Set(nodes.filter((node) => node.provider === provider && node.region !== pricing.region).map((node) => node.region))];
                const where = elsewhere.length > 0 ? `; ${elsewhere.join(", ")} estimated at ${pricing.region} prices` : "";
                return `${provider}: ${pricing.source}, as of ${pricing.asOf}${where}`;
            }),
        },
        isolated: isolated ? { provider: isolated, key: fullKey(project, "drillIsolate") } : null,
        policy: {
            mandatoryFailed: violations.some((violation) => violation.enforcementLevel === "mandatory"),
            violations: violations.map((violation) => {
                const change = configAdvice(project, violation.policy);
                return change ? { ...violation, change } : violation;
            }),
        },
    };
}

/** Why the two resource counts differ: one is by the cloud that manages a resource, the other by the component that made it. */
const COUNTS_EXPLAINED = "By provider counts each cloud resource by the package that manages it (tls: the stack's certificates; pulumi-nodejs: the rollout gates and volume guards); by component, by what created it, so a site also counts its gates, and the TLS and failover components hold the Cloudflare and TLS resources.";

/** A warning first, when a failover drill has left a provider cut off. */
function isolatedWarning(plan: StackPlan): string[] {
    return plan.isolated
        ? [`WARNING: ${plan.isolated.provider} is cut off by a failover drill (${plan.isolated.key}): its firewalls admit nothing, so it serves no traffic. Restore it: pulumi config rm ${plan.isolated.key} && pulumi up`]
        : [];
}

/** Text table columns as wide as their widest cell. */
function columns(rows: string[][], rightAligned: number[] = []): string[] {
    const widths = rows[0].map((_, index) => Math.max(...rows.map((row) => row[index].length)));
    return rows.map((row) => row.map((cell, index) => (rightAligned.includes(index) ? cell.padStart(widths[index]) : cell.padEnd(widths[index]))).join("  ").trimEnd());
}

const CAPACITY_POLICY = "capacity-after-provider-loss";

/** A monthly figure, or "unknown" where a size has no price. */
function money(cost: number | null): string {
    return cost === null ? "unknown" : `$${cost.toFixed(2)}`;
}

function firstLine(message: string): string {
    // The policy SDK puts the rule's description first and the finding after it.
    return message.split("\n").slice(1).join(" ") || message;
}

export function renderText(plan: StackPlan): string {
    const { failover } = plan;
    const lines = [
        `Stack ${plan.stack} (${plan.file}) → https://${plan.hostname}${plan.preview ? "  [first preview: computed outputs unknown]" : ""}`,
        ...isolatedWarning(plan),
        "",
        `Resources: ${plan.resources.total} (${Object.entries(plan.resources.byProvider).map(([provider, n]) => `${provider} ${n}`).join(", ")})`,
        ...Object.entries(plan.resources.byComponent).map(([component, n]) => `  ${component}: ${n}`),
        `  ${COUNTS_EXPLAINED}`,
        "",
        "Nodes:",
        ...columns(plan.nodes.map((node) => [node.name, node.provider, node.zone, node.size, `${node.volumeGb} GB`, `weight ${node.weight}`]), [4]).map((row) => `  ${row}`),
        "",
        `Failover (${failover.proxied ? "proxied" : "DNS-only"}, steering ${failover.steering}): ${failover.pools.map((pool, index) => `${index + 1}. ${pool.site} (${pool.provider}, ${pool.origins} origins, min ${pool.minimumOrigins})`).join("  ")}`,
        `  fallback: ${failover.fallback}`,
        `  monitor: every ${failover.monitor.interval}s, timeout ${failover.monitor.timeout}s, ${failover.monitor.retries} retries, down after ${failover.monitor.consecutiveDown}, from ${failover.monitor.checkRegions.join(", ")}`,
        `  worst-case failover: ${failover.worstCaseSeconds}s  (${failover.formula})`,
        ...failover.anchors.map((anchor) => `    vs ${anchor.name}: ${anchor.seconds}s (${anchor.basis})`),
        "",
        "Capacity after losing one provider:",
        ...columns(plan.capacityAfterLoss.map((loss) => [`without ${loss.lost}`, percent(loss.remainingShare), `of origin weight, ${loss.remainingNodes} nodes, pools ${loss.poolsLeft.join(", ") || "none"}`]), [1]).map((row) => `  ${row}`),
        `  check (policy ${CAPACITY_POLICY}): ${plan.policy.violations.some((violation) => violation.policy === CAPACITY_POLICY) ? "FAILED, see below" : "passed"}`,
        "",
        `Estimated monthly cost (USD, estimate): ${Object.entries(plan.cost.monthlyByProvider).map(([provider, cost]) => `${provider} ${money(cost)}`).join(", ")}; total ${money(plan.cost.monthlyTotal)}`,
        ...plan.cost.sources.map((source) => `  ${source}`),
        ...(plan.cost.unpriced.length > 0 ? [`  no price for ${plan.cost.unpriced.join(", ")}: add it to the pricing of the provider's file in components/sites/`] : []),
        "",
        `Policy: ${plan.policy.mandatoryFailed ? "FAILED (mandatory violations)" : "passed"}`,
        ...plan.policy.violations.flatMap((violation) => [
            `  [${violation.enforcementLevel}] ${violation.policy}: ${firstLine(violation.message)}`,
            ...(violation.change ? [`    in the stack file: ${violation.change.keys.join(", ")}: ${violation.change.advice}`] : []),
        ]),
    ];
    return `${lines.join("\n")}\n`;
}

export function renderMarkdown(plan: StackPlan): string {
    const { failover } = plan;
    return [
        `### Stack \`${plan.stack}\` → \`${plan.hostname}\`${plan.preview ? " (first preview)" : ""}`,
        "",
        `**Policy:** ${plan.policy.mandatoryFailed ? "❌ mandatory violations" : "✅ passed"} · **Worst-case failover:** ${failover.worstCaseSeconds} s · **Estimated cost:** ${money(plan.cost.monthlyTotal)}/month`,
        ...isolatedWarning(plan).map((warning) => `\n> ⚠️ ${warning}`),
        "",
        "| provider | resources | nodes | share of weight | cost/month (est.) |",
        "|---|---:|---:|---:|---:|",
        ...Object.keys(plan.cost.monthlyByProvider).map((provider) => {
            const loss = plan.capacityAfterLoss.find((entry) => entry.lost === provider)!;
            return `| ${provider} | ${plan.resources.byProvider[provider] ?? 0} | ${plan.nodes.filter((node) => node.provider === provider).length} | ${percent(1 - loss.remainingShare)} | ${money(plan.cost.monthlyByProvider[provider])} |`;
        }),
        "",
        `Resources are counted by the provider that manages them (${plan.resources.total} in all); ${COUNTS_EXPLAINED.charAt(0).toLowerCase()}${COUNTS_EXPLAINED.slice(1)}`,
        "",
        "| node | site | provider | region | zone | size | volume | weight |",
        "|---|---|---|---|---|---|---:|---:|",
        ...plan.nodes.map((node) => `| ${node.name} | ${node.site} | ${node.provider} | ${node.region} | ${node.zone} | ${node.size} | ${node.volumeGb} GB | ${node.weight} |`),
        "",
        `Failover order: ${failover.pools.map((pool) => `${pool.site} (${pool.provider})`).join(" → ")}; fallback ${failover.fallback}. ${failover.proxied ? "Proxied" : "DNS-only"}.`,
        `Worst case ${failover.worstCaseSeconds} s = ${failover.formula}. Route 53 at defaults: 150 s; Azure Traffic Manager: 120 s.`,
        "",
        "| lose | weight left | nodes left |",
        "|---|---:|---:|",
        ...plan.capacityAfterLoss.map((loss) => `| ${loss.lost} | ${percent(loss.remainingShare)} | ${loss.remainingNodes} |`),
        "",
        `Prices (estimate): ${plan.cost.sources.join("; ")}${plan.cost.unpriced.length > 0 ? `. No price for ${plan.cost.unpriced.join(", ")}: add it to the pricing of the provider's file in components/sites/` : ""}.`,
        "",
        ...(plan.policy.violations.length > 0
            ? ["| level | policy | finding | in the stack file |", "|---|---|---|---|", ...plan.policy.violations.map((violation) => `| ${violation.enforcementLevel} | ${violation.policy} | ${firstLine(violation.message).replace(/\|/g, "\\|")} | ${violation.change ? `${violation.change.keys.map((key) => `\`${key}\``).join(", ")}: ${violation.change.advice}` : "not set by configuration"} |`)]
            : ["No policy findings."]),
        "",
    ].join("\n");
}
