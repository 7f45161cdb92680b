import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { RecordedResource } from "./mockRun";
import type { PolicyConfigEntry } from "./policyConfig";
import { nodeRuntimeOptions, PROJECT_DIR, readPolicyProject } from "./projectFile";

const POLICY_PACK_DIR = path.join(PROJECT_DIR, "policies");
const RUN_POLICY_PACK = path.join("node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
/** The pack starts in about a second; one that has not served after this is stuck, and says so rather than hang. */
const PACK_START_TIMEOUT_MS = 60_000;

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVELS: Record<number, EnforcementLevel> = {
    [analyzer.EnforcementLevel.ADVISORY]: "advisory",
    [analyzer.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzer.EnforcementLevel.DISABLED]: "disabled",
    [analyzer.EnforcementLevel.REMEDIATE]: "remediate",
};

const LEVEL_CODES = Object.fromEntries(Object.entries(LEVELS).map(([code, level]) => [level, Number(code)])) as Record<EnforcementLevel, analyzer.EnforcementLevel>;

export interface PolicyViolation {
    policy: string;
    enforcementLevel: EnforcementLevel;
    message: string;
    /** The resource the violation is about, or "" for the stack as a whole. */
    urn: string;
}

export interface PolicyPackInfo {
    name: string;
    version: string;
    policies: { name: string; enforcementLevel: EnforcementLevel; description: string; configSchema?: { properties: Record<string, unknown>; required: string[] } }[];
}

function unary<Request, Response>(call: (request: Request, callback: (error: grpc.ServiceError | null, response: Response) => void) => unknown, request: Request): Promise<Response> {
    return new Promise((resolve, reject) => {
        call(request, (error, response) => (error ? reject(error) : resolve(response)));
    });
}

function toAnalyzerResource(resource: RecordedResource, byUrn: Map<string, RecordedResource>): analyzer.AnalyzerResource {
    const options = new analyzer.AnalyzerResourceOptions()
        .setProtect(resource.protect)
        .setIgnorechangesList(resource.ignoreChanges)
        .setDeletebeforereplace(resource.deleteBeforeReplace)
        .setDeletebeforereplacedefined(true)
        .setParent(resource.parent);
    const message = new analyzer.AnalyzerResource()
        .setType(resource.type)
        .setName(resource.name)
        .setUrn(resource.urn)
        .setProperties(Struct.fromJavaScript(resource.outputs as Record<string, never>))
        .setOptions(options)
        .setParent(resource.parent)
        .setDependenciesList(resource.dependencies);
    const provider = byUrn.get(resource.provider);
    if (provider) {
        message.setProvider(new analyzer.AnalyzerProviderResource()
            .setType(provider.type)
            .setName(provider.name)
            .setUrn(provider.urn)
            .setProperties(Struct.fromJavaScript(provider.inputs as Record<string, never>)));
    }
    const dependencies = message.getPropertydependenciesMap();
    for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
        dependencies.set(property, new analyzer.AnalyzerPropertyDependencies().setUrnsList(urns));
    }
    return message;
}

/**
 * The policy pack, served exactly as the Pulumi CLI serves it: `run-policy-pack` from the pack's own
 * node_modules, started in the pack's directory, printing the port of its analyzer gRPC server on stdout.
 */
export class PolicyPackServer {
    private constructor(private readonly child: ChildProcess, private readonly client: AnalyzerClient) {}

    static start(packDir = POLICY_PACK_DIR): Promise<PolicyPackServer> {
        // As the language host's RunPlugin: PulumiPolicy.yaml's runtime options decide whether ts-node is registered.
        const runtime = nodeRuntimeOptions(readPolicyProject(packDir).runtime);
        const env = { ...process.env };
        delete env.PULUMI_NODEJS_TYPESCRIPT;
        if (runtime.typescript) {
            env.PULUMI_NODEJS_TYPESCRIPT = "true";
        }
        // The pack reaches the engine only to log; nothing listens there, and nothing needs to.
        const child = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", "."], { cwd: packDir, env, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
        });
        return new Promise((resolve, reject) => {
            const stalled = setTimeout(() => {
                child.kill();
                reject(new Error(`the policy pack in ${packDir} did not start serving within ${PACK_START_TIMEOUT_MS / 1000} s:\n${stderr}`));
            }, PACK_START_TIMEOUT_MS);
            stalled.unref();
            let stdout = "";
            const onData = (chunk: Buffer) => {
                stdout += chunk.toString();
                const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
                if (port) {
                    child.stdout!.off("data", onData);
                    clearTimeout(stalled);
                    resolve(new PolicyPackServer(child, new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure())));
                }
            };
            child.stdout!.on("data", onData);
            child.on("exit", (code) => {
                clearTimeout(stalled);
                reject(new Error(`the policy pack in ${packDir} exited (${code}) before it served:\n${stderr}`));
            });
            child.on("error", reject);
        });
    }

    async info(): Promise<PolicyPackInfo> {
        const info = await unary<Empty, analyzer.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((policy) => {
                const schema = policy.getConfigschema();
                return {
                    name: policy.getName(),
                    description: policy.getDescription(),
                    enforcementLevel: LEVELS[policy.getEnforcementlevel()],
                    ...(schema ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } } : {}),
                };
            }),
        };
    }

    /** The engine's Configure call: every policy's level and properties, as `--policy-pack-config` leaves them. */
    async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
        const request = new analyzer.ConfigureAnalyzerRequest();
        const entries = request.getPolicyconfigMap();
        for (const [policy, { enforcementLevel, properties }] of Object.entries(config)) {
            entries.set(policy, new analyzer.PolicyConfig().setEnforcementlevel(LEVEL_CODES[enforcementLevel]).setProperties(Struct.fromJavaScript(properties as Record<string, never>)));
        }
        await unary<analyzer.ConfigureAnalyzerRequest, Empty>(this.client.configure.bind(this.client), request);
    }

    async analyzeStack(resources: RecordedResource[]): Promise<PolicyViolation[]> {
        const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
        const request = new analyzer.AnalyzeStackRequest().setResourcesList(resources.map((resource) => toAnalyzerResource(resource, byUrn)));
        const response = await unary<analyzer.AnalyzeStackRequest, analyzer.AnalyzeResponse>(this.client.analyzeStack.bind(this.client), request);
        return response.getDiagnosticsList().map((diagnostic) => ({
            policy: diagnostic.getPolicyname(),
            enforcementLevel: LEVELS[diagnostic.getEnforcementlevel()],
            message: diagnostic.getMessage(),
            urn: diagnostic.getUrn(),
        }));
    }

    close(): void {
        this.client.close();
        this.child.removeAllListeners("exit");
        this.child.kill();
    }
}
