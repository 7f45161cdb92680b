/**
 * Runs the Pulumi program the way pulumi-language-nodejs (v3.248) does for `pulumi preview` and `pulumi up`, against a
 * fake resource monitor and engine served over gRPC on 127.0.0.1. What this reproduces of the host (`Run`,
 * `execRuntime`, `constructArguments`, `constructEnv` in sdk/nodejs/cmd/pulumi-language-nodejs/main.go):
 * - `node <shlex-split nodeargs> <require.resolve("@pulumi/pulumi/cmd/run") from the program dir> --monitor … --engine …
 *   --sync … --project <name> --root-directory <dir of Pulumi.yaml> --stack … --pwd <program dir> [--dry-run]
 *   --parallel <n> <entry point>`;
 * - `PULUMI_CONFIG` with keys in the legacy `<ns>:config:<name>` form, `PULUMI_CONFIG_SECRET_KEYS`, and
 *   `PULUMI_NODEJS_TYPESCRIPT=true` only when the Pulumi.yaml `typescript` option is true (its default).
 * The fake monitor answers the provider functions the program calls from plan/fixtures/, as the offline plan does.
 */
import { execFile, spawn, type ChildProcess } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as providerproto from "@pulumi/pulumi/proto/provider_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { FIXTURE_INVOKES } from "../../plan/mockRun";
import { nodeRuntimeOptions, PROJECT_DIR, readProject } from "../../plan/projectFile";

export interface RuntimeResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
}

export interface RuntimeLog {
    severity: string;
    message: string;
}

export interface RuntimeRunOptions {
    stack: string;
    /** Full keys (`<ns>:<name>`, or already `<ns>:config:<name>`) to string values, as the CLI hands configuration over. */
    config: Record<string, string>;
    /** Full keys (`<ns>:<name>`) of secret values. */
    secretKeys: string[];
    dryRun: boolean;
    /** Appended after the Pulumi.yaml `nodeargs`, before the run script. */
    extraNodeArgs?: string[];
    /** Added to the child's environment (the host passes its own environment through). */
    extraEnv?: Record<string, string>;
    /** Default 60 s; the child (and its process group) is killed when it runs longer. */
    timeoutMs?: number;
}

export interface RuntimeRunResult {
    /** The child's exit code; null when it was killed (timeout or signal). */
    exitCode: number | null;
    timedOut: boolean;
    resources: RuntimeResource[];
    logs: RuntimeLog[];
    /** Monitor or engine methods the program called that this fake answers UNIMPLEMENTED. */
    unimplemented: string[];
    stdout: string;
    stderr: string;
    wallMs: number;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The features `runtime/settings.js` `awaitFeatureSupport` asks about; the fake engine has all of them. */
const SUPPORTED_FEATURES = new Set([
    "secrets",
    "resourceReferences",
    "outputValues",
    "deletedWith",
    "replaceWith",
    "aliasSpecs",
    "transforms",
    "invokeTransforms",
    "parameterization",
    "resourceHooks",
    "errorHooks",
]);

const SEVERITIES: Record<number, string> = {
    [engproto.LogSeverity.DEBUG]: "debug",
    [engproto.LogSeverity.INFO]: "info",
    [engproto.LogSeverity.WARNING]: "warning",
    [engproto.LogSeverity.ERROR]: "error",
};

/**
 * Splits `nodeargs` as github.com/google/shlex does: blanks separate words, `'…'` is literal, `"…"` and bare words
 * take `\` as an escape, and `#` at the start of a word begins a comment. An unterminated quote or escape is an error,
 * as it is for the language host.
 */
export function shlexSplit(text: string): string[] {
    const words: string[] = [];
    let word: string | undefined;
    let i = 0;
    const isBlank = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";
    while (i < text.length) {
        const c = text[i];
        if (isBlank(c)) {
            if (word !== undefined) words.push(word);
            word = undefined;
            i++;
        } else if (c === "#" && word === undefined) {
            while (i < text.length && text[i] !== "\n") i++;
        } else if (c === "'") {
            const end = text.indexOf("'", i + 1);
            if (end < 0) throw new Error(`nodeargs: EOF found when expecting closing quote in ${JSON.stringify(text)}`);
            word = (word ?? "") + text.slice(i + 1, end);
            i = end + 1;
        } else if (c === '"') {
            let part = "";
            i++;
            for (;;) {
                if (i >= text.length) throw new Error(`nodeargs: EOF found when expecting closing quote in ${JSON.stringify(text)}`);
                if (text[i] === '"') break;
                if (text[i] === "\\") {
                    if (i + 1 >= text.length) throw new Error(`nodeargs: EOF found after escape character in ${JSON.stringify(text)}`);
                    i++;
                }
                part += text[i++];
            }
            word = (word ?? "") + part;
            i++;
        } else if (c === "\\") {
            if (i + 1 >= text.length) throw new Error(`nodeargs: EOF found after escape character in ${JSON.stringify(text)}`);
            word = (word ?? "") + text[i + 1];
            i += 2;
        } else {
            word = (word ?? "") + c;
            i++;
        }
    }
    if (word !== undefined) words.push(word);
    return words;
}

/** `constructConfig`: full keys `<ns>:<name>` become the legacy `<ns>:config:<name>` the Node SDK reads. */
function legacyKey(key: string): string {
    if (/^[^:]+:config:/.test(key)) return key;
    const colon = key.indexOf(":");
    if (colon < 0) throw new Error(`configuration key ${JSON.stringify(key)} has no namespace`);
    return `${key.slice(0, colon)}:config:${key.slice(colon + 1)}`;
}

/** The type part of a URN, `urn:pulumi:<stack>::<project>::<qualified type>::<name>` (the name may hold `::`). */
function urnType(urn: string): string {
    return urn.split("::")[2] ?? "";
}

/** `resource.NewURN`: the parent's qualified type chain, except the root stack's, `$`-joined before the type. */
function makeUrn(stack: string, project: string, parent: string, type: string, name: string): string {
    const parentType = parent ? urnType(parent) : "";
    const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function fakeId(type: string, name: string): string {
    return `${name}-${createHash("sha256").update(`${type}/${name}`).digest("hex").slice(0, 8)}`;
}

type Handler = (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => void;

/** Every method of `definition`: the given handlers, and UNIMPLEMENTED (recorded) for the rest. */
function implementation(service: string, definition: grpc.ServiceDefinition, handlers: Record<string, Handler>, unimplemented: string[]): grpc.UntypedServiceImplementation {
    return Object.fromEntries(Object.keys(definition).map((method) => [
        method,
        handlers[method] ??
            ((_call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
                unimplemented.push(`${service}.${method}`);
                callback({ code: grpc.status.UNIMPLEMENTED, details: `${service}.${method} is not implemented by the test's fake engine` }, null);
            }),
    ]));
}

function serve(service: grpc.ServiceDefinition, impl: grpc.UntypedServiceImplementation): Promise<{ server: grpc.Server; address: string }> {
    const server = new grpc.Server();
    server.addService(service, impl);
    return new Promise((resolve, reject) => {
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
            if (error) {
                server.forceShutdown();
                reject(error);
            } else {
                resolve({ server, address: `127.0.0.1:${port}` });
            }
        });
    });
}

/** `locateModule`: the host asks Node itself, `node -e require.resolve(…)` in the program directory. */
export function locateModule(specifier: string, dir: string): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["-e", "console.log(require.resolve(process.argv[1]))", specifier], { cwd: dir }, (error, stdout, stderr) => {
            if (error) {
                const reason = stderr.split("\n").find((line) => /^\w*Error\b/.test(line.trim()))?.trim() ?? (stderr.trim() || error.message);
                reject(new Error(`could not locate ${specifier} from ${dir}: ${reason}`));
            } else {
                resolve(stdout.trim());
            }
        });
    });
}

/** Kills the child's whole process group (it was started detached, as its leader). */
function killGroup(child: ChildProcess): void {
    if (child.pid === undefined) return;
    try {
        process.kill(-child.pid, "SIGKILL");
    } catch {
        // Already gone.
    }
}

/**
 * Starts a fake resource monitor and engine, runs the program in a child Node.js process exactly as the language host
 * launches it, and returns what it registered and logged. Servers, the sync directory and the child are always cleaned
 * up, also on failure or timeout.
 */
export async function runProgramLikeTheRuntime(options: RuntimeRunOptions): Promise<RuntimeRunResult> {
    const started = Date.now();
    const project = readProject();
    const runtime = nodeRuntimeOptions(project.runtime);
    const nodeArgs = shlexSplit(runtime.nodeargs);
    const rootDir = PROJECT_DIR;
    // `main` in Pulumi.yaml moves the program: a directory is the program dir, a file is the entry point in its dir.
    let programDir = rootDir;
    let entryPoint = ".";
    if (project.main) {
        const main = path.resolve(rootDir, project.main);
        if (fs.existsSync(main) && fs.statSync(main).isFile()) {
            programDir = path.dirname(main);
            entryPoint = path.basename(main);
        } else {
            programDir = main;
        }
    }
    const runScript = await locateModule("@pulumi/pulumi/cmd/run", programDir);

    const resources: RuntimeResource[] = [];
    const logs: RuntimeLog[] = [];
    const unimplemented: string[] = [];
    const urns = new Set<string>();
    let rootUrn = "";

    const monitorHandlers: Record<string, Handler> = {
        supportsFeature: (call, callback) => {
            const request = call.request as resproto.SupportsFeatureRequest;
            callback(null, new resproto.SupportsFeatureResponse().setHassupport(SUPPORTED_FEATURES.has(request.getId())));
        },
        registerResource: (call, callback) => {
            const request = call.request as resproto.RegisterResourceRequest;
            const type = request.getType();
            const name = request.getName();
            const urn = makeUrn(options.stack, project.name, request.getParent(), type, name);
            if (urns.has(urn)) {
                callback({ code: grpc.status.INVALID_ARGUMENT, details: `Duplicate resource URN '${urn}'; try giving it a unique name` }, null);
                return;
            }
            urns.add(urn);
            const inputs = (request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
            resources.push({ urn, type, name, custom: request.getCustom(), inputs });
            const response = new resproto.RegisterResourceResponse()
                .setUrn(urn)
                .setId(request.getCustom() ? fakeId(type, name) : "")
                .setObject(Struct.fromJavaScript(inputs as Record<string, never>))
                .setResult(resproto.Result.SUCCESS);
            callback(null, response);
        },
        registerResourceOutputs: (_call, callback) => callback(null, new Empty()),
        invoke: (call, callback) => {
            const request = call.request as resproto.ResourceInvokeRequest;
            const answer = FIXTURE_INVOKES[request.getTok()];
            if (!answer) {
                callback({ code: grpc.status.UNKNOWN, details: `no fixture for provider function ${request.getTok()}: add one to plan/mockRun.ts` }, null);
                return;
            }
            const args = (request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
            try {
                callback(null, new providerproto.InvokeResponse().setReturn(Struct.fromJavaScript(answer(args) as Record<string, never>)));
            } catch (error) {
                callback({ code: grpc.status.UNKNOWN, details: (error as Error).message }, null);
            }
        },
        signalAndWaitForShutdown: (_call, callback) => callback(null, new Empty()),
    };
    const engineHandlers: Record<string, Handler> = {
        log: (call, callback) => {
            const request = call.request as engproto.LogRequest;
            logs.push({ severity: SEVERITIES[request.getSeverity()] ?? String(request.getSeverity()), message: request.getMessage() });
            callback(null, new Empty());
        },
        getRootResource: (_call, callback) => callback(null, new engproto.GetRootResourceResponse().setUrn(rootUrn)),
        setRootResource: (call, callback) => {
            rootUrn = (call.request as engproto.SetRootResourceRequest).getUrn();
            callback(null, new engproto.SetRootResourceResponse());
        },
    };

    const servers: grpc.Server[] = [];
    let syncDir: string | undefined;
    let child: ChildProcess | undefined;
    try {
        const monitor = await serve(ResourceMonitorService, implementation("ResourceMonitor", ResourceMonitorService, monitorHandlers, unimplemented));
        servers.push(monitor.server);
        const engine = await serve(EngineService, implementation("Engine", EngineService, engineHandlers, unimplemented));
        servers.push(engine.server);
        syncDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-sync-"));

        const args = [
            ...nodeArgs,
            ...(options.extraNodeArgs ?? []),
            runScript,
            "--monitor", monitor.address,
            "--engine", engine.address,
            "--sync", syncDir,
            "--project", project.name,
            "--root-directory", rootDir,
            "--stack", options.stack,
            "--pwd", programDir,
            ...(options.dryRun ? ["--dry-run"] : []),
            "--parallel", String(os.availableParallelism() * 4),
            entryPoint,
        ];
        const env: NodeJS.ProcessEnv = { ...process.env, ...options.extraEnv };
        // Only the host decides these; an inherited value would make the run differ from the host's.
        delete env.PULUMI_NODEJS_TYPESCRIPT;
        delete env.PULUMI_NODEJS_TSCONFIG_PATH;
        env.PULUMI_CONFIG = JSON.stringify(Object.fromEntries(Object.entries(options.config).map(([key, value]) => [legacyKey(key), value])));
        env.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(options.secretKeys);
        if (runtime.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
        if (runtime.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = runtime.tsconfig;

        // The host runs in the CLI's working directory, which for a project is the project directory.
        const spawned = spawn(process.execPath, args, { cwd: rootDir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        child = spawned;
        let stdout = "";
        let stderr = "";
        spawned.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        spawned.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));

        const timeoutMs = options.timeoutMs ?? 60_000;
        let timedOut = false;
        const exitCode = await new Promise<number | null>((resolve, reject) => {
            const timer = setTimeout(() => {
                timedOut = true;
                killGroup(spawned);
            }, timeoutMs);
            spawned.on("error", (error) => {
                clearTimeout(timer);
                reject(error);
            });
            spawned.on("close", (code) => {
                clearTimeout(timer);
                resolve(code);
            });
        });
        return { exitCode, timedOut, resources, logs, unimplemented, stdout, stderr, wallMs: Date.now() - started };
    } finally {
        if (child && child.exitCode === null && child.signalCode === null) {
            killGroup(child);
        }
        for (const server of servers) server.forceShutdown();
        if (syncDir) fs.rmSync(syncDir, { recursive: true, force: true });
    }
}
