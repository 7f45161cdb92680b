import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import awsAmis from "./fixtures/aws-ami.json";
import { declaredProperties } from "./sdkSchema";
import cloudflareIpRanges from "./fixtures/cloudflare-ip-ranges.json";

/** One resource as the engine would see it: what the program registered, with its options and dependencies. */
export interface RecordedResource {
    urn: string;
    id: string;
    type: string;
    name: string;
    custom: boolean;
    parent: string;
    /** URN of the explicit provider instance, for custom resources. */
    provider: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
}

export interface MockRunResult {
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
}

export interface MockRunArgs {
    project: string;
    stack: string;
    /**
     * Run as the first preview of a new stack: no resource exists yet, so IDs and every output the provider computes
     * are unknown, as the engine reports them (pulumi/pulumi step_generator.go: a create's planned outputs).
     */
    preview?: boolean;
    /** Full keys (`namespace:key`) to string values, as the Pulumi CLI passes configuration to a program. */
    config: Record<string, string>;
    secretKeys?: string[];
    program: () => unknown;
    /** Receives each resource as it registers, so that a caller still sees them when the program fails. */
    record?: RecordedResource[];
    /**
     * Answers a custom resource's registration in place of the provider mocks (an existing resource's ID and state),
     * or undefined to let them answer; `registered` hears the URN the registration got. Used to plan a change against
     * a previous run (plan/changes.ts).
     */
    answer?: (registration: Registration) => { result?: pulumi.runtime.MockResourceResult; registered?: (urn: string) => void };
}

/** What the program asks of the engine when it registers a custom resource. */
export interface Registration {
    type: string;
    name: string;
    parent: string;
    /** URN of its provider instance. */
    provider: string;
    inputs: Record<string, unknown>;
    propertyDependencies: Record<string, string[]>;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
}

interface AmiFilter {
    name: string;
    values: string[];
}

/** Like EC2's DescribeImages: an image matches when every filter names one of its values; none matching is an error. */
function findAmi(inputs: Record<string, unknown>): Record<string, unknown> {
    const filters = (inputs.filters ?? []) as AmiFilter[];
    const image = awsAmis.find((ami) => filters.every((filter) => filter.values.includes(String((ami as Record<string, unknown>)[filter.name]))));
    if (!image) {
        throw new Error(`Your query returned no results (plan/fixtures/aws-ami.json holds no image for ${JSON.stringify(filters)})`);
    }
    return { ...inputs, ...image };
}

/** Answers for the provider functions the program calls, from fixtures kept in the repo. */
export const FIXTURE_INVOKES: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    "cloudflare:index/getIpRanges:getIpRanges": () => ({ ipv4Cidrs: cloudflareIpRanges.ipv4Cidrs, ipv6Cidrs: cloudflareIpRanges.ipv6Cidrs, etag: "fixture" }),
    "aws:ec2/getAmi:getAmi": findAmi,
};

function digest(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

const AWS_ID_PREFIXES: Record<string, string> = {
    "aws:ebs/volume:Volume": "vol",
    "aws:ec2/instance:Instance": "i",
    "aws:ec2/vpc:Vpc": "vpc",
    "aws:ec2/subnet:Subnet": "subnet",
    "aws:ec2/securityGroup:SecurityGroup": "sg",
    "aws:ec2/eip:Eip": "eipalloc",
};

/** A plausible physical ID: Hetzner's API uses numbers, AWS prefixed hex, the others opaque strings. */
function mockId(type: string, name: string): string {
    const hash = digest(`${type}/${name}`);
    if (type.startsWith("hcloud:")) {
        return String(parseInt(hash.slice(0, 8), 16));
    }
    return type in AWS_ID_PREFIXES ? `${AWS_ID_PREFIXES[type]}-${hash.slice(0, 17)}` : `${name}-${hash.slice(0, 8)}`;
}

/** Addresses from 198.18.0.0/15, the range set aside for benchmarks (RFC 2544): unique for 131,070 origins in one run. */
function addressAllocator(): () => string {
    let next = 0;
    return () => {
        next++;
        return `198.${18 + Math.floor(next / 65536)}.${Math.floor(next / 256) % 256}.${next % 256}`;
    };
}

/**
 * A PEM block as long as a real one of its kind, so that size limits on user data are checked against real sizes,
 * and different for each resource, so that tests can tell certificates apart.
 */
function pem(label: string, bytes: number, seed: string): string {
    const body = Buffer.alloc(bytes, digest(seed)).toString("base64").match(/.{1,64}/g)!.join("\n");
    return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** Outputs that providers compute and the program reads, for the types that have them, at real sizes (RSA 2048, P-256). */
const COMPUTED_OUTPUTS: Record<string, (name: string) => Record<string, string>> = {
    "tls:index/privateKey:PrivateKey": (name) => ({ privateKeyPem: pem("PRIVATE KEY", 1218, name), publicKeyPem: pem("PUBLIC KEY", 294, name) }),
    "tls:index/certRequest:CertRequest": (name) => ({ certRequestPem: pem("CERTIFICATE REQUEST", 700, name) }),
    "tls:index/selfSignedCert:SelfSignedCert": (name) => ({ certPem: pem("CERTIFICATE", 560, name), validityStartTime: "2026-11-25T00:00:00Z" }),
    "tls:index/locallySignedCert:LocallySignedCert": (name) => ({ certPem: pem("CERTIFICATE", 560, name) }),
    "cloudflare:index/originCaCertificate:OriginCaCertificate": (name) => ({ certificate: pem("CERTIFICATE", 1130, name) }),
};

/** Types whose name says they hold a public address get one, under every field name the providers use for it. */
const ADDRESS_TYPE = /(^|[/:])(eip|address|primaryip|ip)[^/:]*$/i;

function mocks(stack: string, preview: boolean, answering: () => pulumi.runtime.MockResourceResult | undefined): pulumi.runtime.Mocks {
    const allocate = addressAllocator();
    return {
        newResource: ({ type, name, inputs }) => {
            const answer = answering();
            if (answer) {
                return answer;
            }
            if (preview) {
                // What a provider plans for a create: the inputs it was given, every other output unknown.
                return { id: undefined, state: inputs };
            }
            const state: Record<string, unknown> = { ...inputs, ...COMPUTED_OUTPUTS[type]?.(`${stack}/${name}`) };
            if (ADDRESS_TYPE.test(type)) {
                const address = allocate();
                Object.assign(state, { publicIp: address, address, ipAddress: address });
            }
            return { id: mockId(type, name), state };
        },
        call: ({ token, inputs }) => {
            const answer = FIXTURE_INVOKES[token];
            if (!answer) {
                throw new Error(`no fixture for provider function ${token}: add one to plan/mockRun.ts`);
            }
            return answer(inputs);
        },
    };
}

interface RegisterRequest {
    getObject(): { toJavaScript(): Record<string, unknown> };
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(callback: (value: { getUrnsList(): string[] }, key: string) => void): void };
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
}

interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

type Callback = (error: unknown, response?: RegisterResponse) => void;

/**
 * A created resource's outputs in a first preview, as the engine hands them to a policy pack: the inputs, and every
 * other property the provider declares unknown (computed, or defaulted by the provider).
 */
function plannedOutputs(type: string, custom: boolean, inputs: Record<string, unknown>): Record<string, unknown> {
    const computed = custom ? [...(declaredProperties(type) ?? []), ...(type.startsWith("pulumi:providers:") ? [] : ["id"])].filter((property) => !(property in inputs)) : [];
    return { ...Object.fromEntries(computed.map((property) => [property, pulumi.runtime.unknownValue])), ...inputs };
}

/** Deployed outputs as the engine keeps them: bridged providers report the resource's ID among its properties. */
function withId(request: RegisterRequest, response: RegisterResponse): Record<string, unknown> {
    const outputs = response.getObject()?.toJavaScript() ?? {};
    return request.getCustom() && !request.getType().startsWith("pulumi:providers:") ? { ...outputs, id: response.getId() } : outputs;
}

function providerUrn(reference: string): string {
    return reference ? reference.split("::").slice(0, -1).join("::") : "";
}

/**
 * Runs a Pulumi program under `pulumi.runtime.setMocks` and records every registered resource with its inputs,
 * parent, provider, options and dependencies. One run at a time per process.
 */
export async function runWithMocks({ project, stack, config, secretKeys = [], program, record = [], preview = false, answer }: MockRunArgs): Promise<MockRunResult> {
    // The mock monitor asks the mocks for a resource's state before its first `await` (@pulumi/pulumi
    // runtime/mocks.js, registerResource), so the answer decided for the registration in hand is the one it gets.
    let answering: pulumi.runtime.MockResourceResult | undefined;
    await pulumi.runtime.setMocks(mocks(stack, preview, () => answering), project, stack, preview);
    pulumi.runtime.setAllConfig(config, secretKeys);
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource(request: RegisterRequest, callback: Callback): Promise<void>;
        registerResourceOutputs(request: unknown, callback: (error: unknown, response?: unknown) => void): void;
    };
    const register = monitor.registerResource.bind(monitor);
    const resources = record;
    let pending = 0;
    monitor.registerResource = (request, callback) => {
        pending++;
        const propertyDependencies: Record<string, string[]> = {};
        request.getPropertydependenciesMap().forEach((value, key) => {
            propertyDependencies[key] = value.getUrnsList();
        });
        const decided = answer && request.getCustom()
            ? answer({
                type: request.getType(),
                name: request.getName(),
                parent: request.getParent(),
                provider: providerUrn(request.getProvider()),
                inputs: request.getObject().toJavaScript(),
                propertyDependencies,
                deleteBeforeReplace: request.getDeletebeforereplace(),
                ignoreChanges: request.getIgnorechangesList(),
                replaceOnChanges: request.getReplaceonchangesList(),
            })
            : undefined;
        answering = decided?.result;
        try {
            return register(request, (error, response) => {
                pending--;
                if (!error && response) {
                    decided?.registered?.(response.getUrn());
                    resources.push({
                        urn: response.getUrn(),
                        id: response.getId(),
                        type: request.getType(),
                        name: request.getName(),
                        custom: request.getCustom(),
                        parent: request.getParent(),
                        provider: providerUrn(request.getProvider()),
                        inputs: request.getObject().toJavaScript(),
                        outputs: preview
                            ? plannedOutputs(request.getType(), request.getCustom(), request.getObject().toJavaScript())
                            : withId(request, response),
                        dependencies: request.getDependenciesList(),
                        propertyDependencies,
                        protect: request.getProtect(),
                        retainOnDelete: request.getRetainondelete(),
                        deleteBeforeReplace: request.getDeletebeforereplace(),
                        ignoreChanges: request.getIgnorechangesList(),
                        replaceOnChanges: request.getReplaceonchangesList(),
                    });
                }
                callback(error, response);
            });
        } finally {
            answering = undefined;
        }
    };
    // A program that throws is reported to the caller; letting it escape the stack's initialisation would surface
    // as an unhandled rejection instead.
    let failure: unknown;
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (request, callback) => {
        pending++;
        return registerOutputs(request, (error: unknown, response?: unknown) => {
            pending--;
            callback(error, response);
        });
    };
    let returned: unknown = {};
    await pulumi.runtime.runInPulumiStack(async () => {
        try {
            returned = await program();
            return returned;
        } catch (error) {
            failure = error;
            return {};
        }
    });
    // Registrations started inside apply callbacks can still be in flight when the stack's outputs resolve; they
    // must land here, not on the next run's monitor.
    for (let idle = 0; idle < 3; idle = pending === 0 ? idle + 1 : 0) {
        await new Promise((resolve) => setImmediate(resolve));
    }
    if (failure !== undefined) {
        throw failure;
    }
    return { resources, outputs: (await known(returned)) as Record<string, unknown> };
}

/**
 * The program's outputs with every value that is known resolved, and unknown ones (in a preview) left out, where
 * the stack's own outputs would be unknown as a whole as soon as one value in them is.
 */
async function known(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        // `isKnown` and `promise` are the SDK's internal members, stable since its first versions.
        const output = value as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
        return (await output.isKnown) ? known(await output.promise()) : undefined;
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(known));
    }
    if (typeof value === "object" && value !== null && !pulumi.Resource.isInstance(value)) {
        const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await known(item)] as const));
        return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
    }
    return value;
}
