import type { StackValidationArgs } from "@pulumi/policy";

/** A rule's thresholds: its defaults, overridden by `--policy-pack-config`. */
export function settings<T extends object>(args: StackValidationArgs, defaults: T): T {
    return { ...defaults, ...args.getConfig<Partial<T>>() };
}

/** "a", "a and b", "a, b and c". */
export function list(items: string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Groups the traffic classes that share one finding, so that each cause is reported once. */
export function byFinding<T>(entries: { label: string; key: string; value: T }[]): { labels: string[]; value: T }[] {
    const grouped = new Map<string, { labels: string[]; value: T }>();
    for (const entry of entries) {
        const group = grouped.get(entry.key) ?? { labels: [], value: entry.value };
        group.labels.push(entry.label);
        grouped.set(entry.key, group);
    }
    return [...grouped.values()];
}
