import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, USAGE } from "../../drill/cli";
import { STOP_SIGNALS } from "../../drill/signals";
import { siteProviders } from "../../components/sites";
import { PROJECT_DIR } from "../../plan/projectFile";

const NO_PULUMI = "the drill runs the Pulumi CLI, and there is no `pulumi` on PATH: install it (https://www.pulumi.com/docs/install/) and run the drill again";

/** Runs main in this process, with what it writes to stdout and stderr. */
async function drill(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const written = { stdout: "", stderr: "" };
    const capture = (stream: "stdout" | "stderr") => jest.spyOn(process[stream], "write").mockImplementation((chunk: string | Uint8Array) => {
        written[stream] += String(chunk);
        return true;
    });
    const spies = [capture("stdout"), capture("stderr")];
    try {
        return { code: await main(argv), ...written };
    } finally {
        spies.forEach((spy) => spy.mockRestore());
    }
}

/** With PATH holding only an empty directory, as on a machine without the Pulumi CLI. */
async function withoutPulumi<T>(run: () => Promise<T>): Promise<T> {
    const saved = process.env.PATH;
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
    try {
        return await run();
    } finally {
        process.env.PATH = saved;
    }
}

test.each([["--help"], ["-h"]])("%s prints the usage to stdout and exits 0", async (flag) => {
    expect(await drill([flag])).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: "" });
});

test.each([
    [["--stack", "staging", "--fail", "aws", "--bogus"], "Unknown option '--bogus'"],
    [["--stack", "staging"], "--stack and --fail are required"],
    [["--stack", "staging", "--fail", "aws", "--probe-interval", "0ms"], "--probe-interval: 0ms is outside the allowed 100ms to 5s"],
    [["--stack", "staging", "--fail", "no-such-cloud"], `--fail: unknown provider "no-such-cloud"; allowed: ${Object.keys(siteProviders).join(", ")}`],
    [["--stack", "prd", "--fail", "aws"], '--stack: "prd" is not named as a non-production stack, and a drill cuts aws off for real; add --yes to go ahead'],
])("%j exits 2 with one line and the usage on stderr", async (argv, line) => {
    expect(await drill(argv)).toEqual({ code: 2, stdout: "", stderr: `${line}\n${USAGE}\n` });
});

test("without the Pulumi CLI, says to install it, in one line, and exits 2, leaving no signal handler behind", async () => {
    const handlers = STOP_SIGNALS.map((signal) => process.listenerCount(signal));
    const result = await withoutPulumi(() => drill(["--stack", "staging", "--fail", "aws"]));
    expect(result).toEqual({ code: 2, stdout: "", stderr: `${NO_PULUMI}\n` });
    expect(STOP_SIGNALS.map((signal) => process.listenerCount(signal))).toEqual(handlers);
});

test("npm run drill reaches main through the launcher: the same message and exit code from the built tool", () => {
    const result = spawnSync(process.execPath, [path.join(PROJECT_DIR, "scripts", "launch.js"), "drill", "--stack", "staging", "--fail", "aws"], {
        cwd: PROJECT_DIR,
        timeout: 90_000,
        env: { ...process.env, PATH: fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-")) },
        encoding: "utf8",
    });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 2, stdout: "", stderr: `${NO_PULUMI}\n` });
});
