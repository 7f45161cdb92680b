import * as path from "path";
import { cloudOf, descriptionOf } from "../policies/lib/clouds";
import { percent } from "../policies/lib/format";
import { changesOf, type ChangePlan, type ResourceChange } from "./changes";
import type { RecordedResource } from "./mockRun";
import { PROJECT_DIR } from "./projectFile";

/** Version of the change report's JSON; raised only when a field changes meaning or disappears. */
export const CHANGE_REPORT_SCHEMA_VERSION = 1;

export interface ChangeWarning {
    level: "mandatory" | "advisory";
    message: string;
    resources: string[];
}

/** How a site's nodes go through the change: how many change, and how many are out of service at the same time. */
export interface SiteRollout {
    site: string;
    provider: string;
    nodesChanged: number;
    outOfServiceAtOnce: number;
}

/** Origin weight still serving at the worst moment of the rollout, of the nodes that serve before it. */
export interface CapacityDuringChange {
    byProvider: Record<string, number>;
    total: number;
}

export interface ChangeReport {
    stack: string;
    file: string;
    /** The old version: a git ref, or the old stack file. */
    against: string;
    changes: ResourceChange[];
    rollout: { sites: SiteRollout[]; capacity?: CapacityDuringChange };
    warnings: ChangeWarning[];
    /** Changes the clouds refuse (a volume that would shrink): exit 2, with the configuration key to fix. */
    problems: string[];
}

const EXIT = { ok: 0, mandatoryWarning: 1, refused: 2 } as const;

function roleOf(type: string): string | undefined {
    return descriptionOf(type)?.role;
}

function names(changes: { name: string }[]): string {
    return changes.map((change) => change.name).join(", ");
}

/** A node is out of service from the start of its replacement, or its stop, until its rollout gate has seen it healthy. */
interface OutOfService {
    node: RecordedResource;
    start: number;
    end: number;
}

/**
 * When each changed node is out of service, in steps of an idealised `pulumi up` that starts every resource as soon as
 * what it depends on is done: the Node SDK registers a resource once its dependencies' registrations are answered
 * (@pulumi/pulumi runtime/resource.js `prepareResource`), the engine answers one when its step is done
 * (pulumi/pulumi pkg/resource/deploy/source_eval.go), and adds no other order. Replacing or restarting a machine takes
 * one step, and so does a rollout gate's update, which waits for its node to be healthy; a node whose change no gate
 * waits for stays out of service to the end.
 */
function outOfServiceIntervals(plan: ChangePlan): OutOfService[] {
    const actions = new Map(plan.changes.map((change) => [change.urn, change]));
    const byUrn = new Map(plan.next.resources.map((resource) => [resource.urn, resource]));
    const goesOut = (resource: RecordedResource) => {
        const change = actions.get(resource.urn);
        return roleOf(resource.type) === "machine" && (change?.action === "replace" || change?.restarts === true || change?.stops === true);
    };
    const waits = (resource: RecordedResource) => changesOf(resource.type)?.waitsForHealth === true && actions.get(resource.urn)?.action === "update";
    const finish = new Map<string, number>();
    const finishOf = (resource: RecordedResource): number => {
        if (!finish.has(resource.urn)) {
            const ready = Math.max(0, ...resource.dependencies.flatMap((urn) => (byUrn.has(urn) ? [finishOf(byUrn.get(urn)!)] : [])));
            finish.set(resource.urn, ready + (goesOut(resource) || waits(resource) ? 1 : 0));
        }
        return finish.get(resource.urn)!;
    };
    const gates = plan.next.resources.filter(waits);
    return plan.next.resources.filter(goesOut).map((node) => {
        const heldBy = gates.filter((gate) => gate.dependencies.includes(node.urn)).map(finishOf);
        return { node, start: finishOf(node) - 1, end: heldBy.length > 0 ? Math.min(...heldBy) : Infinity };
    });
}

function outAt(intervals: OutOfService[], moment: number): OutOfService[] {
    return intervals.filter((interval) => interval.start <= moment && moment < interval.end);
}

/** The most intervals that overlap, and which. */
function mostAtOnce(intervals: OutOfService[]): OutOfService[] {
    return intervals.map((interval) => outAt(intervals, interval.start)).reduce<OutOfService[]>((most, now) => (now.length > most.length ? now : most), []);
}

interface SiteOutOfService {
    rollout: SiteRollout;
    /** The most of its nodes out of service at one moment. */
    atOnce: OutOfService[];
}

/** Sites in the order the program creates them: a site is its nodes' parent component. */
function sitesOf(plan: ChangePlan, intervals: OutOfService[]): SiteOutOfService[] {
    const components = plan.next.resources.filter((resource) => !resource.custom);
    const componentNames = new Map(components.map((resource) => [resource.urn, resource.name]));
    const bySite = new Map<string, OutOfService[]>();
    for (const interval of intervals) {
        bySite.set(interval.node.parent, [...(bySite.get(interval.node.parent) ?? []), interval]);
    }
    const order = (parent: string) => components.findIndex((component) => component.urn === parent);
    return [...bySite].sort(([a], [b]) => order(a) - order(b)).map(([parent, nodes]) => {
        const atOnce = mostAtOnce(nodes);
        return { rollout: { site: componentNames.get(parent) ?? parent, provider: cloudOf(nodes[0].node.type), nodesChanged: nodes.length, outOfServiceAtOnce: atOnce.length }, atOnce };
    });
}

/**
 * Share of origin weight still serving at the moment the most weight is out of service, per provider and in total, of
 * the nodes that serve before the change (new nodes join only once created). Undefined when no node goes out.
 */
function capacityDuring(plan: ChangePlan, intervals: OutOfService[]): { capacity: CapacityDuringChange; worst: OutOfService[] } | undefined {
    if (intervals.length === 0) {
        return undefined;
    }
    const created = new Set(plan.changes.filter((change) => change.action === "create").map((change) => change.urn));
    // The program's node inventory names each node as its machine resource is named.
    const weights = new Map((plan.next.outputs.nodes as { name: string; weight: number }[]).map((node) => [node.name, node.weight]));
    const serving = plan.next.resources.filter((resource) => roleOf(resource.type) === "machine" && !created.has(resource.urn));
    const weightOf = (nodes: RecordedResource[], provider?: string) =>
        nodes.filter((node) => provider === undefined || cloudOf(node.type) === provider).reduce((sum, node) => sum + (weights.get(node.name) ?? 0), 0);
    const worst = intervals
        .map((interval) => outAt(intervals, interval.start))
        .reduce((most, now) => (weightOf(now.map((out) => out.node)) > weightOf(most.map((out) => out.node)) ? now : most));
    const out = worst.map((interval) => interval.node);
    const share = (provider?: string) => {
        const total = weightOf(serving, provider);
        return total > 0 ? Math.round(((total - weightOf(out, provider)) / total) * 1000) / 1000 : 0;
    };
    const providers = [...new Set(serving.map((node) => cloudOf(node.type)))].sort();
    return { capacity: { byProvider: Object.fromEntries(providers.map((provider) => [provider, share(provider)])), total: share() }, worst };
}

/**
 * Volume sizes that would go down: no cloud here shrinks a volume (AWS and Hetzner fail the update half-way, GCP
 * replaces the disk with an empty one). Named by the site's `volumeGb` key; sites name their data volumes
 * `<site>-data-<index>` under their site component, which carries the site's name.
 */
function shrinks(plan: ChangePlan): string[] {
    const prior = new Map(plan.prior.resources.map((resource) => [resource.urn, resource]));
    const components = new Map(plan.next.resources.map((resource) => [resource.urn, resource.name]));
    const sites = JSON.parse(plan.config[`${plan.project}:sites`] ?? "[]") as { name: string }[];
    const problems = new Set<string>();
    for (const volume of plan.next.resources.filter((resource) => roleOf(resource.type) === "volume" && prior.has(resource.urn))) {
        for (const [property, behaviour] of Object.entries(changesOf(volume.type)?.properties ?? {})) {
            const [before, after] = [prior.get(volume.urn)!.inputs[property], volume.inputs[property]];
            if (behaviour.shrink && typeof before === "number" && typeof after === "number" && after < before) {
                const index = sites.findIndex((site) => site.name === components.get(volume.parent));
                const key = index >= 0 ? `${plan.project}:sites[${index}].volumeGb` : `${volume.name}.${property}`;
                problems.add(`${key}: ${before} → ${after}: a volume cannot shrink (${behaviour.source}); keep ${before} or make a new site`);
            }
        }
    }
    return [...problems];
}

function volumeWarnings(changes: ResourceChange[]): ChangeWarning[] {
    const volumes = changes.filter((change) => roleOf(change.type) === "volume");
    const warning = (level: ChangeWarning["level"], action: ResourceChange["action"], retained: boolean, message: (named: string) => string): ChangeWarning[] => {
        const matching = volumes.filter((change) => change.action === action && (change.retained === true) === retained);
        return matching.length > 0 ? [{ level, message: message(names(matching)), resources: matching.map((change) => change.urn) }] : [];
    };
    return [
        ...warning("mandatory", "replace", false, (named) => `data volumes replaced: ${named}; their nodes get new, empty volumes, and the old ones are deleted with their data`),
        ...warning("mandatory", "replace", true, (named) => `data volumes replaced: ${named}; their nodes get new, empty volumes, and the old ones stay in the cloud (retainOnDelete)`),
        ...warning("mandatory", "delete", false, (named) => `data volumes deleted with their data: ${named}`),
        ...warning("advisory", "delete", true, (named) => `data volumes deleted from the stack, retained in the cloud (retainOnDelete): ${named}; they keep their data and cost money until deleted there`),
    ];
}

/** Changes component by component, in the order the programs create them, and by name within one (`node-2` before `node-10`). */
function inProgramOrder(plan: ChangePlan): ResourceChange[] {
    const parents = new Map([...plan.next.resources, ...plan.prior.resources].map((resource) => [resource.urn, resource.parent]));
    const components = [...new Set([...plan.next.resources, ...plan.prior.resources].filter((resource) => !resource.custom).map((resource) => resource.urn))];
    const order = (change: ResourceChange) => components.indexOf(parents.get(change.urn) ?? "");
    return [...plan.changes].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, "en", { numeric: true }));
}

/** The change report of a plan: what changes, how the nodes roll, and what needs a look before `pulumi up`. */
export function buildChangeReport(plan: ChangePlan, stack: string, file: string, against: string): ChangeReport {
    const intervals = outOfServiceIntervals(plan);
    const sites = sitesOf(plan, intervals);
    const during = capacityDuring(plan, intervals);
    const protectedOnes = plan.changes.filter((change) => change.protected);
    const warnings: ChangeWarning[] = [
        ...volumeWarnings(plan.changes),
        ...sites.filter(({ atOnce }) => atOnce.length > 1).map(({ rollout, atOnce }): ChangeWarning => ({
            level: "mandatory",
            message: `${atOnce.length} nodes of site ${rollout.site} (${rollout.provider}) are out of service at once: ${names(atOnce.map((interval) => interval.node))}; no rollout gate holds \`pulumi up\` to one node at a time`,
            resources: atOnce.map((interval) => interval.node.urn),
        })),
        ...(protectedOnes.length > 0
            ? [{
                level: "mandatory" as const,
                message: `\`pulumi up\` stops at protected resources it would delete or replace: ${names(protectedOnes)}; if that is meant, unprotect them first (\`pulumi state unprotect\`, or \`protect\` off in the program for a replacement)`,
                resources: protectedOnes.map((change) => change.urn),
            }]
            : []),
        ...(during
            ? [{
                level: "advisory" as const,
                message: `capacity during the change: at the worst moment ${percent(during.capacity.total)} of origin weight serves (${Object.entries(during.capacity.byProvider).map(([provider, share]) => `${provider} ${percent(share)}`).join(", ")})`,
                resources: during.worst.map((interval) => interval.node.urn),
            }]
            : []),
    ];
    return {
        stack,
        file: path.relative(PROJECT_DIR, file) || file,
        against,
        changes: inProgramOrder(plan),
        rollout: { sites: sites.map(({ rollout }) => rollout), ...(during ? { capacity: during.capacity } : {}) },
        warnings,
        problems: shrinks(plan),
    };
}

export function changeExitCode(report: ChangeReport): number {
    if (report.problems.length > 0) {
        return EXIT.refused;
    }
    return report.warnings.some((warning) => warning.level === "mandatory") ? EXIT.mandatoryWarning : EXIT.ok;
}

/** How an action reads, with what happens to the old resource. */
function actionText(change: ResourceChange): string {
    switch (change.action) {
        case "replace":
            return `replace (${change.replacement}${change.retained ? ", the old one retained in the cloud" : ""})`;
        case "update":
            return change.stops ? "update (stops the machine and leaves it stopped)" : change.restarts ? "update (stops and starts the machine)" : "update";
        case "delete":
            return change.retained ? "delete from the stack, retained in the cloud" : "delete";
        case "create":
            return "create";
    }
}

function causesText(change: ResourceChange): string {
    return change.properties.map((cause) => `${cause.property} (${cause.notInTable ? "update: behaviour not in the table" : cause.effect})`).join(", ");
}

function summary(report: ChangeReport): string {
    const counts = (["create", "update", "replace", "delete"] as const).map((action) => `${report.changes.filter((change) => change.action === action).length} to ${action}`);
    return counts.join(", ");
}

export function renderChangesText(report: ChangeReport, exitCode: number): string {
    const width = Math.max(0, ...report.changes.map((change) => change.name.length));
    const lines = [
        `Changes to stack ${report.stack} (${report.file}) since ${report.against}: ${summary(report)}`,
        "",
        ...(report.changes.length === 0 ? ["  nothing changes"] : report.changes.map((change) => `  ${change.name.padEnd(width)}  ${actionText(change)}${change.properties.length > 0 ? `: ${causesText(change)}` : ""}`)),
        ...(report.rollout.sites.length > 0
            ? ["", "Nodes out of service during the change:", ...report.rollout.sites.map((site) => `  ${site.site} (${site.provider}): ${site.nodesChanged} change, ${site.outOfServiceAtOnce} at a time`)]
            : []),
        ...(report.problems.length > 0 ? ["", "Refused (exit 2):", ...report.problems.map((problem) => `  ${problem}`)] : []),
        ...(report.warnings.length > 0 ? ["", "Warnings:", ...report.warnings.map((warning) => `  [${warning.level}] ${warning.message}`)] : []),
        "",
        `Exit ${exitCode}: ${["no mandatory warning", "a mandatory warning", "a change the clouds refuse"][exitCode]}`,
    ];
    return `${lines.join("\n")}\n`;
}

export function renderChangesMarkdown(report: ChangeReport, exitCode: number): string {
    const cell = (text: string) => text.replace(/\|/g, "\\|");
    return [
        `### Changes to stack \`${report.stack}\` since \`${report.against}\``,
        "",
        `${exitCode === 0 ? "✅" : "❌"} ${summary(report)}`,
        "",
        ...(report.changes.length === 0
            ? ["Nothing changes."]
            : ["| resource | type | action | because of |", "|---|---|---|---|", ...report.changes.map((change) => `| ${change.name} | \`${change.type}\` | ${actionText(change)} | ${cell(causesText(change))} |`)]),
        "",
        ...(report.rollout.sites.length > 0
            ? ["| site | provider | nodes changing | out of service at a time |", "|---|---|---:|---:|", ...report.rollout.sites.map((site) => `| ${site.site} | ${site.provider} | ${site.nodesChanged} | ${site.outOfServiceAtOnce} |`), ""]
            : []),
        ...report.problems.map((problem) => `- ❌ ${cell(problem)}`),
        ...report.warnings.map((warning) => `- **${warning.level}**: ${cell(warning.message)}`),
        "",
    ].join("\n");
}

export function renderChangesJson(report: ChangeReport, exitCode: number): string {
    return `${JSON.stringify({ schemaVersion: CHANGE_REPORT_SCHEMA_VERSION, exitCode, ...report }, null, 2)}\n`;
}
