/**
 * The program under the Pulumi Node.js language host's own launch: `node <nodeargs> @pulumi/pulumi/cmd/run … .` with
 * the configuration in PULUMI_CONFIG, against a fake resource monitor and engine (test/support/runtimeHost.ts). A
 * runtime setup that only works in jest or under `npm run plan` (Pulumi.yaml runtime options, a loader that is only a
 * dev dependency, a TypeScript entry point the runtime cannot load) fails here instead of on a user's `pulumi up`.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SECRET_KEYS, SECRET_PLACEHOLDER } from "../config/keys";
import type { MockRunResult } from "../plan/mockRun";
import { PROJECT_DIR, projectConfigValues, readProject } from "../plan/projectFile";
import { asPulumiConfig, fixture, key, runConfig } from "./harness";
import { locateModule, runProgramLikeTheRuntime, shlexSplit, type RuntimeRunOptions, type RuntimeRunResult } from "./support/runtimeHost";

const STACK = "runtime";
const REPORT_MODULES = path.join(__dirname, "support", "reportModules.js");
/** The options pulumi-language-nodejs 3.248 `parseOptions` reads; it ignores any other, so a misspelt one is lost. */
const HOST_OPTIONS = ["typescript", "tsconfig", "nodeargs", "packagemanager"];
/** Node flags that load a module before the program; their module must be installed wherever the program runs. */
const PRELOAD_FLAGS = /^(--require|-r|--import|--loader|--experimental-loader)(?:=(.*))?$/;

/** What the CLI hands the program for the `small` fixture: project defaults, the stack's values and the volume key. */
function runOptions(dryRun: boolean, extra: Partial<RuntimeRunOptions> = {}): RuntimeRunOptions {
    const volumeKey = key(SECRET_KEYS.dataVolumeKey);
    const defaults = Object.fromEntries(Object.entries(projectConfigValues(readProject())).map(([name, value]) => [name, typeof value === "string" ? value : JSON.stringify(value)]));
    return {
        stack: STACK,
        config: { ...defaults, ...asPulumiConfig(fixture("small")), [volumeKey]: SECRET_PLACEHOLDER },
        secretKeys: [volumeKey],
        dryRun,
        ...extra,
    };
}

/** `npm ls --omit=dev --all --parseable`: the directory of every package a production install has. */
function productionPackages(): Promise<{ dirs: Set<string>; stderr: string }> {
    return new Promise((resolve, reject) => {
        execFile("npm", ["ls", "--omit=dev", "--all", "--parseable"], { cwd: PROJECT_DIR, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
            // npm ls exits 1 on tree problems but still lists what it found; only no listing at all is unusable.
            const dirs = stdout.split("\n").map((line) => line.trim()).filter(Boolean);
            if (dirs.length === 0) {
                reject(new Error(`npm ls listed nothing: ${stderr || error?.message}`));
                return;
            }
            resolve({ dirs: new Set(dirs.map((dir) => realpath(dir))), stderr });
        });
    });
}

function realpath(file: string): string {
    try {
        return fs.realpathSync(file);
    } catch {
        return file;
    }
}

/** The package directory a module file belongs to: the innermost `node_modules/<name>` or `node_modules/@scope/<name>`. */
function packageDir(file: string): string | undefined {
    const marker = `${path.sep}node_modules${path.sep}`;
    const at = file.lastIndexOf(marker);
    if (at < 0) return undefined;
    const parts = file.slice(at + marker.length).split(path.sep);
    return file.slice(0, at + marker.length) + parts.slice(0, parts[0].startsWith("@") ? 2 : 1).join(path.sep);
}

interface Manifest {
    name?: string;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function manifestOf(dir: string): Manifest {
    try {
        return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
    } catch {
        return {};
    }
}

/** Packages a package can run without: its optional dependencies and optional peers. */
function optionalNames(manifest: Manifest): string[] {
    return [
        ...Object.keys(manifest.optionalDependencies ?? {}),
        ...Object.entries(manifest.peerDependenciesMeta ?? {}).filter(([, meta]) => meta?.optional).map(([name]) => name),
    ];
}

function typeNames(resources: { type: string; name: string }[]): string[] {
    return [...new Set(resources.map((resource) => `${resource.type} ${resource.name}`))].sort();
}

/** A run's outcome, with the child's stderr only when it failed, so that a failing expectation shows why. */
function outcome(run: RuntimeRunResult) {
    return {
        exitCode: run.exitCode,
        timedOut: run.timedOut,
        errors: run.logs.filter((log) => log.severity === "error").map((log) => log.message),
        unimplemented: run.unimplemented,
        ...(run.exitCode === 0 ? {} : { stderr: run.stderr }),
    };
}
const SUCCESS = { exitCode: 0, timedOut: false, errors: [], unimplemented: [] };

describe("under the language host's launch", () => {
    let mock: MockRunResult;
    let preview: RuntimeRunResult;
    let update: RuntimeRunResult;
    let reported: RuntimeRunResult;
    let reportedModules: string[];
    let production: { dirs: Set<string>; stderr: string };

    beforeAll(async () => {
        const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "runtime-modules-"));
        const reportFile = path.join(reportDir, "modules.txt");
        try {
            // allSettled, not all: one failure must not leave the other runs going after the tests end.
            const settled = await Promise.allSettled([
                runConfig(fixture("small"), STACK),
                runProgramLikeTheRuntime(runOptions(true)),
                runProgramLikeTheRuntime(runOptions(false)),
                runProgramLikeTheRuntime(runOptions(true, { extraNodeArgs: ["--require", REPORT_MODULES], extraEnv: { REPORT_MODULES_TO: reportFile } })),
                productionPackages(),
            ] as const);
            const failed = settled.find((result) => result.status === "rejected");
            if (failed) throw failed.reason;
            const value = <T>(result: PromiseSettledResult<T>) => (result as PromiseFulfilledResult<T>).value;
            [mock, preview, update, reported, production] = [value(settled[0]), value(settled[1]), value(settled[2]), value(settled[3]), value(settled[4])];
            reportedModules = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, "utf8").split("\n").filter(Boolean) : [];
        } finally {
            fs.rmSync(reportDir, { recursive: true, force: true });
        }
    }, 120_000);

    test("the program loads and registers under the runtime's own entry point, as in a preview and an update", () => {
        const expected = typeNames(mock.resources);
        expect(expected.length).toBeGreaterThan(1);
        for (const run of [preview, update]) {
            expect(outcome(run)).toEqual(SUCCESS);
            expect(typeNames(run.resources)).toEqual(expected);
        }
    });

    test("everything the program loads at run time is a production dependency", () => {
        expect(outcome(reported)).toEqual(SUCCESS);
        const nodeModules = realpath(path.join(PROJECT_DIR, "node_modules")) + path.sep;
        expect(reportedModules.some((file) => file.startsWith(nodeModules))).toBe(true);
        // Package directory to the first module the program loaded from it.
        const loaded = new Map<string, string>();
        for (const file of reportedModules) {
            const dir = packageDir(file);
            if (dir !== undefined && !loaded.has(dir)) loaded.set(dir, file);
        }
        const offending = [...loaded.keys()].filter((dir) => !production.dirs.has(realpath(dir)));
        // A production package may try a package it declares optional (debug tries supports-color inside a
        // try/catch): present here only because a dev dependency brought it, absent from a production install, and
        // not missed there. Such packages, and what they depend on, are not the program's dependencies.
        const tolerated = new Set([...loaded.keys()].filter((dir) => production.dirs.has(realpath(dir))).flatMap((dir) => optionalNames(manifestOf(dir))));
        for (let grew = true; grew; ) {
            grew = false;
            for (const dir of offending) {
                const manifest = manifestOf(dir);
                if (manifest.name === undefined || !tolerated.has(manifest.name)) continue;
                for (const name of [...Object.keys(manifest.dependencies ?? {}), ...optionalNames(manifest)]) {
                    if (!tolerated.has(name)) {
                        tolerated.add(name);
                        grew = true;
                    }
                }
            }
        }
        const report = offending
            .filter((dir) => !tolerated.has(manifestOf(dir).name ?? ""))
            .map((dir) => `${path.relative(PROJECT_DIR, dir)} (loaded ${path.relative(dir, loaded.get(dir)!)}) is not in \`npm ls --omit=dev\``)
            .sort();
        expect(report).toEqual([]);
    });
});

test("the runtime options in Pulumi.yaml are ones the Node.js host accepts and resolve from the project", async () => {
    const project = readProject();
    const runtime = project.runtime;
    expect(typeof runtime === "object" ? runtime.name : runtime).toBe("nodejs");
    const options: Record<string, unknown> = (typeof runtime === "object" ? runtime.options : undefined) ?? {};
    expect(Object.keys(options).filter((option) => !HOST_OPTIONS.includes(option))).toEqual([]);
    expect(["undefined", "boolean"]).toContain(typeof options.typescript);
    expect(["undefined", "string"]).toContain(typeof options.nodeargs);

    const args = shlexSplit((options.nodeargs as string | undefined) ?? "");
    const preloads: { flag: string; specifier: string | undefined }[] = [];
    for (let i = 0; i < args.length; i++) {
        const match = PRELOAD_FLAGS.exec(args[i]);
        if (match) preloads.push({ flag: match[1], specifier: match[2] ?? args[++i] });
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    const problems: string[] = [];
    for (const { flag, specifier } of preloads) {
        if (!specifier) {
            problems.push(`${flag} has no module`);
            continue;
        }
        try {
            await locateModule(specifier, PROJECT_DIR);
        } catch (error) {
            problems.push(`${flag} ${specifier}: ${(error as Error).message.split("\n")[0]}`);
        }
        // A path is a project file; a bare specifier names a package, which a production install must bring.
        if (!specifier.startsWith(".") && !path.isAbsolute(specifier) && !specifier.startsWith("file:")) {
            const name = specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
            if (!Object.hasOwn(manifest.dependencies ?? {}, name)) {
                problems.push(`${flag} ${specifier}: package ${name} is not in package.json dependencies`);
            }
        }
    }
    expect(problems).toEqual([]);
});
