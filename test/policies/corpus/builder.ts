/**
 * Hand-written stacks of raw resources, as the engine hands them to a policy pack's AnalyzeStack: the root stack,
 * provider resources and a provider reference on every custom resource, inputs and outputs, and dependency sets.
 * One description gives four variants: deployed (every output known) or a first preview (what providers compute
 * unknown, pulumi/pulumi step_generator.go), and dependencies in program order (the Node SDK) or sorted (the Go SDK,
 * sdk/go/pulumi/context.go). Property names of the installed SDKs are checked, so that a stack cannot drift from them.
 */
import { declaredProperties } from "../../../plan/sdkSchema";
import type { RecordedResource } from "../../../plan/mockRun";
import cloudflareIpRanges from "../../../plan/fixtures/cloudflare-ip-ranges.json";

/** Cloudflare's published ranges (cloudflare.com/ips-v4, /ips-v6), the same fixture the plan's mocks answer with. */
export const CLOUDFLARE_IPV4: string[] = cloudflareIpRanges.ipv4Cidrs;
export const CLOUDFLARE_IPV6: string[] = cloudflareIpRanges.ipv6Cidrs;
/** Google's health-check probers for passthrough network load balancers (cloud.google.com/load-balancing/docs/health-check-concepts). */
export const GOOGLE_HEALTH_CHECKERS = ["35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"];

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SDK_VERSIONS: Record<string, string> = { aws: "7.48.0", gcp: "9.37.0", hcloud: "1.41.0", cloudflare: "6.22.1", tls: "5.6.1" };

/** An input taken from another resource's output (or input): known once deployed, unknown in a first preview if computed. */
export interface Ref {
    readonly ref: CorpusResource;
    readonly property: string;
    /** Turns the referenced value into what the input holds, e.g. a number from an ID. */
    readonly map?: (value: unknown) => unknown;
}

export function ref(resource: CorpusResource, property = "id", map?: (value: unknown) => unknown): Ref {
    return { ref: resource, property, map };
}

function isRef(value: unknown): value is Ref {
    return typeof value === "object" && value !== null && "ref" in value && "property" in value;
}

export interface ResourceOptions {
    /** What the provider computes, as it reports it after a deployment; unknown in a first preview. */
    outputs?: Record<string, unknown>;
    /** Defaults to the package's default provider. */
    provider?: CorpusResource;
    parent?: CorpusResource;
    dependsOn?: CorpusResource[];
    protect?: boolean;
}

export class CorpusResource {
    constructor(
        readonly stack: CorpusStack,
        readonly type: string,
        readonly name: string,
        readonly custom: boolean,
        readonly inputs: Record<string, unknown>,
        readonly options: ResourceOptions,
        readonly parentUrn: string,
    ) {}

    get urn(): string {
        const chain = this.parentUrn && !this.parentUrn.includes("::pulumi:pulumi:Stack::") ? `${this.parentUrn.split("::")[2]}$${this.type}` : this.type;
        return `urn:pulumi:${this.stack.name}::${this.stack.project}::${chain}::${this.name}`;
    }

    /** The ID the provider assigned, once deployed. */
    get id(): string {
        return String(this.options.outputs?.id ?? `${this.name}-id`);
    }

    /** A property's value once deployed. */
    deployed(property: string): unknown {
        if (property === "id") return this.id;
        if (this.options.outputs && property in this.options.outputs) return this.options.outputs[property];
        return this.stack.resolve(this.inputs[property], false);
    }

    /** A property's value in a first preview: what the provider computes is unknown. */
    planned(property: string): unknown {
        if (property === "id" || (this.options.outputs && property in this.options.outputs)) return UNKNOWN;
        return this.stack.resolve(this.inputs[property], true);
    }
}

export interface Variant {
    preview: boolean;
    order: "program" | "sorted";
}

export const VARIANTS: Variant[] = [
    { preview: false, order: "program" },
    { preview: false, order: "sorted" },
    { preview: true, order: "program" },
    { preview: true, order: "sorted" },
];

export class CorpusStack {
    readonly resources: CorpusResource[] = [];
    private readonly root: CorpusResource;
    private readonly defaultProviders = new Map<string, CorpusResource>();

    constructor(readonly name: string, readonly project = "exchange") {
        this.root = new CorpusResource(this, "pulumi:pulumi:Stack", `${project}-${name}`, false, {}, {}, "");
        this.resources.push(this.root);
    }

    /** The provider a package's resources use when none is named, as the engine names it (`default_<version>`). */
    defaultProvider(pkg: string, inputs: Record<string, unknown> = {}): CorpusResource {
        let provider = this.defaultProviders.get(pkg);
        if (!provider) {
            const version = SDK_VERSIONS[pkg] ?? "1.0.0";
            provider = new CorpusResource(this, `pulumi:providers:${pkg}`, `default_${version.replace(/\./g, "_")}`, true, { version, ...inputs }, {}, this.root.urn);
            this.defaultProviders.set(pkg, provider);
            this.resources.push(provider);
        }
        return provider;
    }

    /** An explicit provider instance, e.g. one per region. */
    provider(pkg: string, name: string, inputs: Record<string, unknown> = {}): CorpusResource {
        const provider = new CorpusResource(this, `pulumi:providers:${pkg}`, name, true, inputs, {}, this.root.urn);
        this.resources.push(provider);
        return provider;
    }

    component(type: string, name: string, options: { parent?: CorpusResource } = {}): CorpusResource {
        const component = new CorpusResource(this, type, name, false, {}, {}, (options.parent ?? this.root).urn);
        this.resources.push(component);
        return component;
    }

    resource(type: string, name: string, inputs: Record<string, unknown>, options: ResourceOptions = {}): CorpusResource {
        const declared = declaredProperties(type);
        if (declared) {
            const unknown = [...Object.keys(inputs), ...Object.keys(options.outputs ?? {})].filter((property) => property !== "id" && !declared.includes(property));
            if (unknown.length > 0) {
                throw new Error(`${type} ${name}: the installed SDK declares no ${unknown.join(", ")}`);
            }
        }
        const resource = new CorpusResource(this, type, name, true, inputs, options, (options.parent ?? this.root).urn);
        this.resources.push(resource);
        return resource;
    }

    resolve(value: unknown, preview: boolean): unknown {
        if (isRef(value)) {
            const resolved = preview ? value.ref.planned(value.property) : value.ref.deployed(value.property);
            return resolved === UNKNOWN || !value.map ? resolved : value.map(resolved);
        }
        if (Array.isArray(value)) {
            return value.map((item) => this.resolve(item, preview));
        }
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item, preview)]));
        }
        return value;
    }

    /** The resources as AnalyzeStack receives them in one variant. */
    build({ preview, order }: Variant): RecordedResource[] {
        const refsIn = (value: unknown): CorpusResource[] =>
            isRef(value) ? [value.ref] : Array.isArray(value) ? value.flatMap(refsIn) : typeof value === "object" && value !== null ? Object.values(value).flatMap(refsIn) : [];
        const arrange = (urns: string[]) => (order === "sorted" ? [...new Set(urns)].sort() : [...new Set(urns)]);
        const recorded = this.resources.map((resource): RecordedResource => {
            const propertyDependencies = Object.fromEntries(Object.entries(resource.inputs)
                .map(([property, value]) => [property, arrange(refsIn(value).map((target) => target.urn))] as const)
                .filter(([, urns]) => urns.length > 0));
            const dependencies = arrange([...(resource.options.dependsOn ?? []).map((target) => target.urn), ...Object.values(propertyDependencies).flat()]);
            const inputs = this.resolve(resource.inputs, preview) as Record<string, unknown>;
            const computed = Object.fromEntries(Object.entries(resource.options.outputs ?? {}).map(([property, value]) => [property, preview ? UNKNOWN : value]));
            const pkg = resource.type.split(":")[0];
            const isProvider = resource.type.startsWith("pulumi:providers:");
            return {
                urn: resource.urn,
                id: resource.custom && !preview ? resource.id : "",
                type: resource.type,
                name: resource.name,
                custom: resource.custom,
                parent: resource.parentUrn,
                provider: resource.custom && !isProvider ? (resource.options.provider ?? this.defaultProvider(pkg)).urn : "",
                inputs,
                outputs: resource.custom && !isProvider ? { ...inputs, ...computed, id: preview ? UNKNOWN : resource.id } : inputs,
                dependencies,
                propertyDependencies,
                protect: resource.options.protect ?? false,
                retainOnDelete: false,
                deleteBeforeReplace: false,
                ignoreChanges: [],
                replaceOnChanges: [],
            };
        });
        return order === "sorted" ? recorded.sort((a, b) => a.urn.localeCompare(b.urn)) : recorded;
    }
}

/** One stack of the corpus and the verdict it must get. */
export interface CorpusCase {
    name: string;
    /** What the stack is, and why it deserves its verdict. */
    description: string;
    /** Honest: no mandatory violation in any variant. Evasion: one of `expect` fails, mandatory. */
    kind: "honest" | "evasion";
    expect?: string[];
    /** An evasion only values known after deployment reveal: its first preview may pass. */
    revealedOnlyDeployed?: boolean;
    /** A `--policy-pack-config` to judge it with, e.g. a waiver. */
    policyConfig?: Record<string, unknown>;
    stack: () => CorpusStack;
}
