/**
 * Helpers for tests that run the node's real bootstrap files with real Debian tools (cryptsetup, nginx, iptables, …).
 * Every capability a test needs is probed first; when one is missing the test is skipped with a message that names
 * it, instead of failing on a machine that cannot run it or, worse, passing against a mock.
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Tools in /usr/sbin and /sbin are found even when the test runs with a user's PATH. */
export const TOOL_PATH = [...(process.env.PATH ?? "").split(":").filter(Boolean), "/usr/local/sbin", "/usr/sbin", "/sbin"]
    .filter((entry, index, all) => all.indexOf(entry) === index)
    .join(":");

export interface RunResult {
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

export interface RunOptions {
    env?: Record<string, string>;
    input?: string;
    cwd?: string;
    timeoutMs?: number;
}

function childEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
    return { ...process.env, PATH: TOOL_PATH, LC_ALL: "C", ...extra };
}

/** Runs a command to completion; never throws for a non-zero exit (the caller asserts on it). */
export function run(command: string, args: string[], options: RunOptions = {}): RunResult {
    const result = spawnSync(command, args, {
        env: childEnv(options.env),
        input: options.input,
        cwd: options.cwd,
        encoding: "utf8",
        timeout: options.timeoutMs ?? 30_000,
    });
    if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
        return { status: 127, signal: null, stdout: "", stderr: `${command}: not found` };
    }
    return { status: result.status, signal: result.signal, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

/** Runs a command and throws with its output when it fails: for set-up steps that are not under test. */
export function must(command: string, args: string[], options: RunOptions = {}): string {
    const result = run(command, args, options);
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
    }
    return result.stdout;
}

export interface Started {
    child: ChildProcess;
    /** Output so far; complete once `done` resolves. */
    output: { stdout: string; stderr: string };
    done: Promise<RunResult>;
}

/** Starts a command in the background, collecting its output. */
export function start(command: string, args: string[], options: RunOptions = {}): Started {
    const child = spawn(command, args, { env: childEnv(options.env), cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    const output = { stdout: "", stderr: "" };
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
    const done = new Promise<RunResult>((resolve) => {
        child.on("error", (error) => resolve({ status: 127, signal: null, stdout: output.stdout, stderr: `${output.stderr}${error.message}` }));
        child.on("close", (status, signal) => resolve({ status, signal, ...output }));
    });
    return { child, output, done };
}

/** The absolute path of a tool on TOOL_PATH, or undefined. */
export function which(tool: string): string | undefined {
    for (const dir of TOOL_PATH.split(":")) {
        const candidate = path.join(dir, tool);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            if (fs.statSync(candidate).isFile()) {
                return candidate;
            }
        } catch {
            // not in this directory
        }
    }
    return undefined;
}

/** Debian packages that provide the tools these tests use, for the skip message. */
const PACKAGE_OF: Readonly<Record<string, string>> = {
    cryptsetup: "cryptsetup-bin",
    nginx: "nginx-light",
    iptables: "iptables",
    ip6tables: "iptables",
    unshare: "util-linux",
    losetup: "mount",
    blkid: "util-linux",
    wipefs: "util-linux",
    sfdisk: "fdisk",
    mkswap: "util-linux",
    "mkfs.ext4": "e2fsprogs",
    mount: "mount",
    umount: "mount",
    mountpoint: "util-linux",
    findmnt: "util-linux",
    dmsetup: "dmsetup",
    openssl: "openssl",
    curl: "curl",
    "cloud-init": "cloud-init",
    shellcheck: "shellcheck",
    bash: "bash",
    dd: "coreutils",
};

/** A reason to skip when any of the tools is missing, or undefined when all are installed. */
export function requireTools(tools: string[]): string | undefined {
    const missing = tools.filter((tool) => which(tool) === undefined);
    if (missing.length === 0) {
        return undefined;
    }
    const packages = [...new Set(missing.map((tool) => PACKAGE_OF[tool] ?? tool))];
    return `missing tool${missing.length > 1 ? "s" : ""}: ${missing.join(", ")} (Debian: apt-get install ${packages.join(" ")})`;
}

/** A probe run once per process: its answer, a reason to skip or none, does not change while the tests run. */
function once(probe: () => string | undefined): () => string | undefined {
    let answer: { reason: string | undefined } | undefined;
    return () => (answer ??= { reason: probe() }).reason;
}

export function requireRoot(): string | undefined {
    return process.getuid?.() === 0 ? undefined : "needs root (uid 0) for loop devices, mount and network namespaces";
}

/** Loop devices can be attached here (root, /dev/loop-control, device nodes present, e.g. not in every container). */
export const requireLoopDevices = once(() => {
    let reason = requireRoot() ?? requireTools(["losetup"]);
    if (reason === undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loop-probe-"));
        try {
            const image = path.join(dir, "probe.img");
            fs.writeFileSync(image, "");
            fs.truncateSync(image, 1024 * 1024);
            const attached = run("losetup", ["--find", "--show", image]);
            const device = attached.stdout.trim();
            if (attached.status !== 0 || !device) {
                reason = `loop devices are not available (losetup --find --show: ${attached.stderr.trim() || `exit ${attached.status}`})`;
            } else {
                run("losetup", ["--detach", device]);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }
    return reason;
});

/** A fresh network namespace with working iptables and ip6tables (nf_tables or legacy) can be created. */
export const requireNetworkNamespace = once(() => {
    let reason = requireRoot() ?? requireTools(["unshare", "iptables", "ip6tables", "bash"]);
    if (reason === undefined) {
        const probe = run("unshare", ["--net", "bash", "-c", "iptables -w -S >/dev/null && ip6tables -w -S >/dev/null"]);
        if (probe.status !== 0) {
            reason = `network namespaces with iptables and ip6tables are not available (unshare --net: ${probe.stderr.trim() || `exit ${probe.status}`})`;
        }
    }
    return reason;
});

/** The kernel's device-mapper can be used (cryptsetup open needs it; luksFormat, luksAddKey and --test-passphrase do not). */
export const requireDeviceMapper = once(() => {
    let reason = requireRoot() ?? requireTools(["dmsetup"]);
    if (reason === undefined) {
        const probe = run("dmsetup", ["version"]);
        if (probe.status !== 0) {
            reason = `device-mapper is not available (dmsetup version: ${probe.stderr.trim().split("\n")[0] || `exit ${probe.status}`})`;
        }
    }
    return reason;
});

/** The first reason to skip among several requirements, evaluated in order. */
export function firstReason(...requirements: (() => string | undefined)[]): string | undefined {
    for (const requirement of requirements) {
        const reason = requirement();
        if (reason !== undefined) {
            return reason;
        }
    }
    return undefined;
}

/**
 * `test` when nothing is missing, else `test.skip`; the reason is printed once per group, so that a skip is visible in
 * the output and says what to install or enable.
 */
export function testWhen(reason: string | undefined, group: string): jest.It {
    if (reason === undefined) {
        return test;
    }
    console.warn(`SKIPPED ${group}: ${reason}`);
    return test.skip;
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** Sparse image files attached to loop devices; `detachAll` undoes every attachment, also after a failed test. */
export class LoopDevices {
    private readonly attached: string[] = [];
    private count = 0;

    constructor(private readonly dir: string) {}

    /** The loop devices attached and not detached yet. */
    get devices(): readonly string[] {
        return this.attached;
    }

    /** A sparse image file of this size, not attached yet (so that a test can write a signature into it first). */
    image(sizeMiB = 32): string {
        const image = path.join(this.dir, `disk-${this.count++}.img`);
        fs.writeFileSync(image, "");
        fs.truncateSync(image, sizeMiB * 1024 * 1024);
        return image;
    }

    /** Attaches an image (a new blank one by default) and returns its loop device. */
    attach(image = this.image(), options: { readOnly?: boolean } = {}): string {
        const device = must("losetup", [...(options.readOnly ? ["--read-only"] : []), "--find", "--show", image]).trim();
        this.attached.push(device);
        return device;
    }

    detachAll(): void {
        for (const device of this.attached.splice(0)) {
            run("losetup", ["--detach", device]);
        }
    }
}

/** Unmounts `mountPoint` as long as anything is mounted there (a failed test may have mounted it more than once). */
export function unmountAll(mountPoint: string): void {
    for (let attempt = 0; attempt < 5 && run("mountpoint", ["-q", mountPoint]).status === 0; attempt++) {
        run("umount", [mountPoint]);
    }
}

/** How many mounts sit on exactly this path, from /proc/self/mountinfo (field 5 is the mount point). */
export function mountCount(mountPoint: string): number {
    const real = fs.realpathSync(mountPoint);
    return fs.readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter((line) => line.split(" ")[4] === real).length;
}
