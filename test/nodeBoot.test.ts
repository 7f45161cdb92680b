/**
 * The node's boot scripts, as cloud-init writes them, run against real block devices and a real firewall: the data
 * volume script on loop devices (blkid, wipefs, mkfs.ext4, mount, cryptsetup), the metadata block in a fresh network
 * namespace (iptables, ip6tables), and shellcheck on both. Nothing is mocked: a test that cannot get the tool or the
 * capability it needs is skipped, and says what is missing.
 *
 * The script is the one `renderCloudInit` puts in the user data, and its settings are the rendered
 * /etc/exchange/volume.env and key files; only /etc/exchange and /var/lib/exchange are moved to a temporary directory
 * (through the script's EXCHANGE_ETC and EXCHANGE_MOUNT), and it polls every second instead of every five.
 *
 * One concession to time: cryptsetup's default PBKDF (argon2id tuned to ~2 s and up to 1 GiB per key slot) makes one
 * luksFormat take ~11 s and every unlock ~2 s here, so a `cryptsetup` first on the script's PATH runs the real
 * /usr/sbin/cryptsetup with a minimal argon2id cost for the slots luksFormat and luksAddKey create, and appends each
 * call to a trace. Every other argument and every other command reaches the real cryptsetup unchanged; the LUKS2
 * volumes, key slots and checks are real.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { renderCloudInit, type NodeIdentity } from "../components/cloudInit";
import type { NodeSpec } from "../config/schema";
import {
    LoopDevices,
    TOOL_PATH,
    firstReason,
    mountCount,
    must,
    requireDeviceMapper,
    requireLoopDevices,
    requireNetworkNamespace,
    requireRoot,
    requireTools,
    run,
    start,
    tempDir,
    testWhen,
    unmountAll,
    which,
    type RunResult,
} from "./support/realTools";

const SOURCE_DIR = path.join(__dirname, "..", "components", "node");
const VOLUME_SCRIPT = "/usr/local/sbin/exchange-data-volume";
const METADATA_SCRIPT = "/usr/local/sbin/exchange-metadata-block";
const MAPPER = "/dev/mapper/exchange-data";

const NODE: NodeSpec = {
    image: "ghcr.io/example/exchange-node:1.0.0",
    port: 443,
    containerPort: 8080,
    healthPath: "/healthz",
    env: {},
    readOnlyRoot: false,
};

interface WriteFile {
    path: string;
    content: string;
    permissions: string;
}

/** The files cloud-init writes on a node with this data device and these volume keys. */
function bootFiles(volume: Pick<NodeIdentity, "dataDevice" | "volumeKeys">): Map<string, WriteFile> {
    const userData = renderCloudInit({
        identity: { site: "hetzner/fsn1", node: "hetzner-fsn-node-0", ...volume },
        node: NODE,
        tls: { certificatePem: "unused", privateKeyPem: "unused" },
        secretEnv: {},
    });
    const document = parse(userData) as { write_files: WriteFile[] };
    return new Map(document.write_files.map((file) => [file.path, file]));
}

function bootFile(files: Map<string, WriteFile>, filePath: string): WriteFile {
    const file = files.get(filePath);
    if (!file) {
        throw new Error(`the user data writes no ${filePath}`);
    }
    return file;
}

// Keys as config/load.ts accepts them: 32 to 512 printable ASCII characters.
const KEY_A = `key-A-${"a1".repeat(20)}`;
const KEY_B = `key-B-${"b2".repeat(20)}`;
const KEY_C = `key-C-${"c3".repeat(20)}`;
const KEY_D = `key-D-${"d4".repeat(20)}`;

/** One node's /etc/exchange, mount point and loop devices, all under a temporary directory. */
class Sandbox {
    readonly dir = tempDir("node-boot");
    readonly etc = path.join(this.dir, "etc");
    readonly mount = path.join(this.dir, "var-lib-exchange");
    readonly bin = path.join(this.dir, "bin");
    readonly script = path.join(this.dir, "sbin", "exchange-data-volume");
    readonly trace = path.join(this.dir, "cryptsetup.trace");
    readonly loops = new LoopDevices(this.dir);

    constructor() {
        for (const dir of [this.etc, this.bin, path.dirname(this.script)]) {
            fs.mkdirSync(dir, { recursive: true });
        }
        const cryptsetup = which("cryptsetup");
        if (cryptsetup) {
            fs.writeFileSync(path.join(this.bin, "cryptsetup"), [
                "#!/bin/bash",
                "# The real cryptsetup; new key slots get a minimal argon2id cost instead of ~2 s and 1 GiB (see the test's header).",
                `printf '%s\\n' "$*" >> '${this.trace}'`,
                'case " $* " in',
                `    *" luksFormat "*|*" luksAddKey "*) exec '${cryptsetup}' --pbkdf argon2id --pbkdf-memory 32 --pbkdf-force-iterations 4 --pbkdf-parallel 1 "$@" ;;`,
                "esac",
                `exec '${cryptsetup}' "$@"`,
                "",
            ].join("\n"), { mode: 0o755 });
        }
    }

    /** Writes the data-volume files of the rendered user data, with /etc/exchange moved here. */
    install(volume: Pick<NodeIdentity, "dataDevice" | "volumeKeys">): void {
        const files = bootFiles(volume);
        for (const name of fs.readdirSync(this.etc)) {
            fs.rmSync(path.join(this.etc, name));
        }
        for (const file of files.values()) {
            if (file.path.startsWith("/etc/exchange/volume")) {
                const target = path.join(this.etc, path.basename(file.path));
                fs.writeFileSync(target, file.content.replaceAll("/etc/exchange/", `${this.etc}/`), { mode: parseInt(file.permissions, 8) });
            }
        }
        const script = bootFile(files, VOLUME_SCRIPT);
        fs.writeFileSync(this.script, script.content, { mode: parseInt(script.permissions, 8) });
    }

    private env(extraPath: string[] = []): Record<string, string> {
        return {
            EXCHANGE_ETC: this.etc,
            EXCHANGE_MOUNT: this.mount,
            EXCHANGE_WAIT_SECONDS: "1",
            PATH: [...extraPath, this.bin, TOOL_PATH].join(":"),
        };
    }

    /** Runs the data volume script to completion, as systemd's exchange-data.service would. */
    boot(options: { extraPath?: string[]; timeoutMs?: number } = {}): RunResult {
        fs.rmSync(this.trace, { force: true });
        return run(this.script, [], { env: this.env(options.extraPath), timeoutMs: options.timeoutMs ?? 30_000 });
    }

    startBoot() {
        fs.rmSync(this.trace, { force: true });
        return start(this.script, [], { env: this.env() });
    }

    /** The cryptsetup calls of the last boot, in order. */
    cryptsetupCalls(): string[] {
        return fs.existsSync(this.trace) ? fs.readFileSync(this.trace, "utf8").split("\n").filter(Boolean) : [];
    }

    keyFile(name: string, content: string): string {
        const file = path.join(this.dir, `${name}.key`);
        fs.writeFileSync(file, content);
        return file;
    }

    /** What a reboot undoes: the mount, and the LUKS mapping if this sandbox's device is behind it. */
    reboot(): void {
        unmountAll(this.mount);
        closeMapperOf(this.loops.devices);
    }

    cleanup(): void {
        this.reboot();
        this.loops.detachAll();
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

function closeMapperOf(devices: readonly string[]): void {
    if (!fs.existsSync(MAPPER)) {
        return;
    }
    const status = run("cryptsetup", ["status", "exchange-data"]);
    const backing = /^\s*device:\s*(\S+)/m.exec(status.stdout)?.[1];
    if (backing && devices.includes(backing)) {
        run("cryptsetup", ["close", "exchange-data"]);
    }
}

/** blkid's low-level probe: exit 2 and no fields when the device carries no signature. */
function probe(device: string): { status: number | null; fields: Record<string, string> } {
    const result = run("blkid", ["-p", "-o", "export", device]);
    const fields = Object.fromEntries(result.stdout.split("\n").filter((line) => line.includes("=")).map((line) => {
        const at = line.indexOf("=");
        return [line.slice(0, at), line.slice(at + 1)];
    }));
    return { status: result.status, fields };
}

function contentHash(device: string): string {
    return createHash("sha256").update(fs.readFileSync(device)).digest("hex");
}

function mountedSource(mountPoint: string): string {
    return run("findmnt", ["--noheadings", "--output", "SOURCE", "--mountpoint", mountPoint]).stdout.trim();
}

function mountOptions(mountPoint: string): string[] {
    return run("findmnt", ["--noheadings", "--output", "OPTIONS", "--mountpoint", mountPoint]).stdout.trim().split(",");
}

function opensWith(device: string, keyFile: string): boolean {
    return run("cryptsetup", ["open", "--test-passphrase", "--key-file", keyFile, device]).status === 0;
}

function keySlots(device: string): number {
    const dump = must("cryptsetup", ["luksDump", device]);
    const slots = dump.slice(dump.indexOf("Keyslots:"), dump.indexOf("Tokens:"));
    return slots.split("\n").filter((line) => /^\s+\d+: luks2$/.test(line)).length;
}

function failureText(result: RunResult): string {
    return `exit ${result.status ?? result.signal}\n${result.stderr}`;
}

const volumeReason = firstReason(
    requireRoot,
    () => requireTools(["bash", "losetup", "blkid", "wipefs", "mkfs.ext4", "mount", "umount", "mountpoint", "findmnt", "dd"]),
    requireLoopDevices,
);

test("the user data carries the scripts in components/node unchanged", () => {
    const files = bootFiles({ dataDevice: "/dev/sdb" });
    expect(bootFile(files, VOLUME_SCRIPT).content).toBe(fs.readFileSync(path.join(SOURCE_DIR, "exchange-data-volume.sh"), "utf8"));
    expect(bootFile(files, METADATA_SCRIPT).content).toBe(fs.readFileSync(path.join(SOURCE_DIR, "exchange-metadata-block.sh"), "utf8"));
});

describe("data volume without guest encryption", () => {
    const maybe = testWhen(volumeReason, "data volume tests (loop devices)");
    const withSignatures = testWhen(volumeReason ?? requireTools(["mkswap", "sfdisk", "cryptsetup"]), "refusing foreign signatures");
    let box: Sandbox;
    beforeEach(() => {
        box = new Sandbox();
    });
    afterEach(() => box.cleanup());

    maybe("a blank device gets ext4 and is mounted; later boots neither reformat nor mount it twice", () => {
        const device = box.loops.attach();
        box.install({ dataDevice: device });

        const first = box.boot();
        expect(first.status).toBe(0);
        expect(first.stderr).toContain(`formatting blank ${device} with ext4`);
        const formatted = probe(device).fields;
        expect(formatted).toMatchObject({ TYPE: "ext4", LABEL: "exchange-data" });
        expect(mountedSource(box.mount)).toBe(device);
        expect(mountOptions(box.mount)).toContain("noatime");
        fs.writeFileSync(path.join(box.mount, "ledger"), "balances");

        // The service runs again (a restart): nothing changes.
        const second = box.boot();
        expect(second.status).toBe(0);
        expect(second.stderr).not.toContain("formatting");
        expect(probe(device).fields.UUID).toBe(formatted.UUID);
        expect(mountCount(box.mount)).toBe(1);
        expect(fs.readFileSync(path.join(box.mount, "ledger"), "utf8")).toBe("balances");

        // A reboot: the same filesystem is mounted again, with its data.
        box.reboot();
        const third = box.boot();
        expect(third.status).toBe(0);
        expect(third.stderr).not.toContain("formatting");
        expect(probe(device).fields.UUID).toBe(formatted.UUID);
        expect(mountedSource(box.mount)).toBe(device);
        expect(fs.readFileSync(path.join(box.mount, "ledger"), "utf8")).toBe("balances");
    });

    withSignatures.each([
        ["a swap signature", (image: string) => must("mkswap", [image]), "holds swap, not ext4"],
        ["a DOS partition table", (image: string) => must("sfdisk", ["--quiet", image], { input: ",,L\n" }), "holds an unknown signature, not ext4"],
        ["a LUKS header", (image: string) => must("cryptsetup", ["luksFormat", "--batch-mode", "--type", "luks2", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations", "1000", "--key-file", box.keyFile("other", KEY_D), image]), "holds crypto_LUKS, not ext4"],
    ])("a device holding %s is refused and left as it was", (_label, write, message) => {
        const image = box.loops.image();
        write(image);
        const device = box.loops.attach(image);
        const before = { probe: probe(device), hash: contentHash(device) };
        expect(before.probe.status).toBe(0);
        box.install({ dataDevice: device });

        const result = box.boot();
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(message);
        expect(result.stderr).toContain("refusing to mount or format it");
        expect(probe(device)).toEqual(before.probe);
        expect(contentHash(device)).toBe(before.hash);
        expect(run("mountpoint", ["-q", box.mount]).status).not.toBe(0);
    });

    maybe("a device whose probe fails is not taken for blank (wipefs made to fail)", () => {
        const device = box.loops.attach();
        box.install({ dataDevice: device });
        // Fault injection: a wipefs that reports an error and prints nothing, as on an I/O error.
        const faults = path.join(box.dir, "faults");
        fs.mkdirSync(faults);
        fs.writeFileSync(path.join(faults, "wipefs"), "#!/bin/sh\necho 'wipefs: probing initialization failed: Input/output error' >&2\nexit 1\n", { mode: 0o755 });

        const result = box.boot({ extraPath: [faults] });
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(`wipefs could not probe ${device}; not formatting it`);
        expect(result.stderr).not.toContain("formatting blank");
        expect(probe(device).status).toBe(2);
        expect(run("mountpoint", ["-q", box.mount]).status).not.toBe(0);
    });
});

describe("data volume that is attached late", () => {
    const maybe = testWhen(volumeReason, "late data volume tests (loop devices)");
    let box: Sandbox;
    beforeEach(() => {
        box = new Sandbox();
    });
    afterEach(() => box.cleanup());

    maybe("the script waits for a device that is not there yet, then formats and mounts it and exits 0", async () => {
        const device = box.loops.attach();
        const byId = path.join(box.dir, "by-id");
        fs.mkdirSync(byId);
        // Hetzner's kind of setting: a pattern that matches nothing until the volume is attached.
        box.install({ dataDevice: `${byId}/scsi-0HC_Volume_*` });
        const boot = box.startBoot();
        try {
            await new Promise((resolve) => setTimeout(resolve, 2200));
            expect(boot.child.exitCode).toBeNull();
            expect(boot.output.stderr).toContain(`waiting for the data volume (${byId}/scsi-0HC_Volume_*) to be attached`);
            expect(probe(device).status).toBe(2);

            fs.symlinkSync(device, path.join(byId, "scsi-0HC_Volume_4711"));
            let timer: ReturnType<typeof setTimeout> | undefined;
            const result = await Promise.race([boot.done, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 10_000)))]);
            clearTimeout(timer);
            expect(result).toBeDefined();
            expect(result!.status).toBe(0);
            expect(probe(device).fields.TYPE).toBe("ext4");
            expect(mountedSource(box.mount)).toBe(device);
        } finally {
            if (boot.child.exitCode === null && boot.child.signalCode === null) {
                boot.child.kill("SIGKILL");
            }
            await boot.done;
        }
    });

    maybe("a pattern that matches two devices fails at once, naming both, and formats neither", () => {
        const byId = path.join(box.dir, "by-id");
        fs.mkdirSync(byId);
        const links = [1, 2].map((n) => {
            const link = path.join(byId, `scsi-0HC_Volume_${n}`);
            fs.symlinkSync(box.loops.attach(), link);
            return link;
        });
        box.install({ dataDevice: `${byId}/scsi-0HC_Volume_*` });

        const startedAt = Date.now();
        const result = box.boot({ timeoutMs: 10_000 });
        expect(result.signal).toBeNull();
        expect(result.status).not.toBe(0);
        expect(Date.now() - startedAt).toBeLessThan(5000);
        expect(result.stderr).toContain("matches 2 devices");
        for (const link of links) {
            expect(result.stderr).toContain(link);
        }
        for (const device of box.loops.devices) {
            expect(probe(device).status).toBe(2);
        }
        expect(run("mountpoint", ["-q", box.mount]).status).not.toBe(0);
    });
});

describe("data volume with guest encryption (LUKS2)", () => {
    const luksReason = volumeReason ?? requireTools(["cryptsetup"]);
    // cryptsetup open needs device-mapper; without it, each boot must get as far as that step and stop there.
    const dmReason = requireDeviceMapper();
    const dm = dmReason === undefined;
    const mapperTaken = dm && fs.existsSync(MAPPER) ? `${MAPPER} already exists on this host; the script's mapping name is fixed` : undefined;
    const maybe = testWhen(luksReason ?? mapperTaken, "LUKS data volume tests");
    if (luksReason === undefined && !dm) {
        console.warn(`LUKS data volume tests: ${dmReason}; they check every step up to \`cryptsetup open\`, and that the script stops there`);
    }

    let box: Sandbox;
    let device: string;
    let keys: Record<"A" | "B" | "C", string>;
    beforeAll(() => {
        if (luksReason ?? mapperTaken) {
            return;
        }
        box = new Sandbox();
        device = box.loops.attach();
        keys = { A: box.keyFile("A", KEY_A), B: box.keyFile("B", KEY_B), C: box.keyFile("C", KEY_C) };
    });
    afterAll(() => box?.cleanup());

    /** A boot that got through unlocking: mounted where device-mapper exists, else stopped at `cryptsetup open`. */
    function expectOpenedOrStoppedAtOpen(result: RunResult): void {
        if (dm) {
            expect(result.status).toBe(0);
            expect(mountedSource(box.mount)).toBe(MAPPER);
            expect(probe(MAPPER).fields.TYPE).toBe("ext4");
        } else {
            expect(result.status).not.toBe(0);
            expect(result.stderr).toMatch(/device-mapper/);
            expect(box.cryptsetupCalls().at(-1)).toMatch(/^open --key-file \S+\/volume\.key \/dev\/loop\d+ exchange-data$/);
            // It stops where cryptsetup failed, instead of carrying on with a mapping that does not exist.
            expect(result.stderr).not.toContain(`cannot read ${MAPPER}`);
            expect(result.stderr).not.toContain("mounted");
        }
    }

    maybe("a blank device is formatted with LUKS2 under the current key, and only that key opens it", () => {
        box.install({ dataDevice: device, volumeKeys: { current: KEY_A } });
        const result = box.boot();
        expect(result.stderr).toContain(`formatting blank ${device} with LUKS2`);
        expectOpenedOrStoppedAtOpen(result);
        expect(run("cryptsetup", ["isLuks", "--type", "luks2", device]).status).toBe(0);
        expect(keySlots(device)).toBe(1);
        expect(opensWith(device, keys.A)).toBe(true);
        expect(opensWith(device, keys.B)).toBe(false);
        if (dm) {
            fs.writeFileSync(path.join(box.mount, "ledger"), "balances");
        }
        box.reboot();
    });

    maybe("rotation: the new key is added first, the previous one removed after; then only the new key opens it", () => {
        box.install({ dataDevice: device, volumeKeys: { current: KEY_B, previous: KEY_A } });
        const result = box.boot();
        expectOpenedOrStoppedAtOpen(result);
        const calls = box.cryptsetupCalls();
        const added = calls.findIndex((call) => call.startsWith("luksAddKey "));
        const removed = calls.findIndex((call) => call.startsWith("luksRemoveKey "));
        expect(added).toBeGreaterThanOrEqual(0);
        expect(removed).toBeGreaterThan(added);
        expect(calls.some((call) => call.startsWith("luksFormat"))).toBe(false);
        expect(opensWith(device, keys.B)).toBe(true);
        expect(opensWith(device, keys.A)).toBe(false);
        expect(keySlots(device)).toBe(1);
        if (dm) {
            expect(fs.readFileSync(path.join(box.mount, "ledger"), "utf8")).toBe("balances");
        }
        box.reboot();
    });

    maybe("a later boot with the rotation still configured changes no key slot", () => {
        box.install({ dataDevice: device, volumeKeys: { current: KEY_B, previous: KEY_A } });
        const before = must("cryptsetup", ["luksDump", device]);
        const result = box.boot();
        expectOpenedOrStoppedAtOpen(result);
        expect(box.cryptsetupCalls().filter((call) => /^(luksFormat|luksAddKey|luksRemoveKey|luksKillSlot) /.test(call))).toEqual([]);
        expect(must("cryptsetup", ["luksDump", device])).toBe(before);
        box.reboot();
    });

    maybe.each([
        ["a wrong key and no previous key", { current: KEY_C }],
        ["a wrong key and a wrong previous key", { current: KEY_C, previous: KEY_D }],
    ])("with %s the script fails, names previousDataVolumeKey, and leaves the volume untouched", (_label, volumeKeys) => {
        box.install({ dataDevice: device, volumeKeys });
        const before = { dump: must("cryptsetup", ["luksDump", device]), hash: contentHash(device) };
        const result = box.boot();
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(`neither dataVolumeKey nor previousDataVolumeKey opens ${device}`);
        expect(result.stderr).toContain("set previousDataVolumeKey to the key it was formatted with");
        // Only read-only calls: nothing formatted, added, removed or opened.
        expect(box.cryptsetupCalls().filter((call) => !/^(isLuks|open --test-passphrase) /.test(call))).toEqual([]);
        expect(must("cryptsetup", ["luksDump", device])).toBe(before.dump);
        expect(contentHash(device)).toBe(before.hash);
        expect(opensWith(device, keys.B)).toBe(true);
        expect(run("mountpoint", ["-q", box.mount]).status).not.toBe(0);
    });

    maybe("a device that holds a plain filesystem is refused, not encrypted over", () => {
        const plain = box.loops.attach();
        must("mkfs.ext4", ["-q", plain]);
        const before = { probe: probe(plain), hash: contentHash(plain) };
        box.install({ dataDevice: plain, volumeKeys: { current: KEY_A } });
        const result = box.boot();
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(`${plain} holds data that is not LUKS; refusing to format it`);
        expect(probe(plain)).toEqual(before.probe);
        expect(contentHash(plain)).toBe(before.hash);
    });

    maybe("a failing luksFormat stops the script with cryptsetup's error, not a misleading key message", () => {
        const readOnly = box.loops.attach(box.loops.image(), { readOnly: true });
        box.install({ dataDevice: readOnly, volumeKeys: { current: KEY_A } });
        const result = box.boot();
        expect(result.status).not.toBe(0);
        expect(result.stderr).toContain(`formatting blank ${readOnly} with LUKS2`);
        expect(result.stderr).not.toContain("previousDataVolumeKey");
        expect(box.cryptsetupCalls().at(-1)).toMatch(/^luksFormat /);
        expect(failureText(result)).toMatch(/Cannot (wipe header|format)|read-only/i);
    });
});

describe("metadata block", () => {
    const reason = requireNetworkNamespace();
    const maybe = testWhen(reason, "metadata block tests (network namespace)");

    let dir: string;
    let script: string;
    beforeAll(() => {
        dir = tempDir("metadata-block");
        script = path.join(dir, "exchange-metadata-block");
        const file = bootFile(bootFiles({ dataDevice: "/dev/sdb" }), METADATA_SCRIPT);
        fs.writeFileSync(script, file.content, { mode: parseInt(file.permissions, 8) });
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Runs `setup`, the script twice, then lists DOCKER-USER, all in one fresh network namespace. */
    function inFreshNamespace(setup: string): { v4: string[]; v6: string[] } {
        const result = run("unshare", ["--net", "bash", "-c", `set -e\n${setup}\n'${script}'\n'${script}'\niptables -w -S DOCKER-USER\necho ---\nip6tables -w -S DOCKER-USER\n`]);
        expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
        const [v4, v6] = result.stdout.split("---\n").map((part) => part.split("\n").filter(Boolean));
        return { v4, v6 };
    }

    maybe("run twice on a fresh host, it drops container traffic to every metadata address exactly once", () => {
        const { v4, v6 } = inFreshNamespace("");
        expect(v4).toEqual(["-N DOCKER-USER", "-A DOCKER-USER -d 169.254.169.254/32 -j DROP"]);
        expect(v6.filter((rule) => rule === "-A DOCKER-USER -d fd00:ec2::254/128 -j DROP")).toHaveLength(1);
        expect(v6.filter((rule) => rule === "-A DOCKER-USER -d fd20:ce::254/128 -j DROP")).toHaveLength(1);
        expect(v6).toHaveLength(3);
    });

    maybe("when Docker created DOCKER-USER with its RETURN rule, the drops come before it", () => {
        const docker = "for t in iptables ip6tables; do $t -w -N DOCKER-USER; $t -w -A DOCKER-USER -j RETURN; done";
        const { v4, v6 } = inFreshNamespace(docker);
        expect(v4).toEqual(["-N DOCKER-USER", "-A DOCKER-USER -d 169.254.169.254/32 -j DROP", "-A DOCKER-USER -j RETURN"]);
        expect(v6).toHaveLength(4);
        expect(v6.slice(1, 3).sort()).toEqual(["-A DOCKER-USER -d fd00:ec2::254/128 -j DROP", "-A DOCKER-USER -d fd20:ce::254/128 -j DROP"]);
        expect(v6[3]).toBe("-A DOCKER-USER -j RETURN");
    });
});

describe("shellcheck", () => {
    const maybe = testWhen(requireTools(["shellcheck"]), "shellcheck");
    maybe("both boot scripts pass shellcheck", () => {
        const scripts = ["exchange-data-volume.sh", "exchange-metadata-block.sh"].map((name) => path.join(SOURCE_DIR, name));
        const result = run("shellcheck", ["--shell=bash", "--external-sources", ...scripts]);
        expect(`${result.stdout}${result.stderr}`).toBe("");
        expect(result.status).toBe(0);
    });
});
