import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR, type Project } from "./projectFile";

/** A git ref that names no commit, or a commit whose program the plan cannot run. */
export class CommitError extends Error {}

/** The project as an earlier commit had it: its own program, compiled, and its own stack files. */
export interface CommitVersion {
    /** The commit's `exchangeProgram` (program.ts), run with the current mocks. */
    program: () => unknown;
    /** Where the commit kept the stack file of `stack` (its Pulumi.yaml's `stackConfigDir`). */
    stackFile(stack: string): string;
    /** Removes the extracted tree. */
    remove(): void;
}

const ASSETS = [".js", ".sh", ".json"];

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            return entry.name === "node_modules" ? [] : sources(file);
        }
        return (file.endsWith(".ts") && !file.endsWith(".d.ts")) || ASSETS.includes(path.extname(file)) ? [file] : [];
    });
}

/**
 * Transpiles the tree's TypeScript into `<tree>/.build`, files its code reads beside itself copied along, as
 * scripts/build.js does for the working tree; the tree's `node_modules` is a link to this project's, so that the old
 * program and the plan share one Pulumi runtime.
 */
function compile(tree: string): string {
    const out = path.join(tree, ".build");
    const files = sources(tree);
    const { buildSync } = require("esbuild") as typeof import("esbuild");
    buildSync({ entryPoints: files.filter((file) => file.endsWith(".ts")), outdir: out, outbase: tree, format: "cjs", platform: "node", target: "node20", logLevel: "silent" });
    for (const asset of files.filter((file) => !file.endsWith(".ts"))) {
        const target = path.join(out, path.relative(tree, asset));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(asset, target);
    }
    return out;
}

function firstLine(text: string): string {
    return text.trim().split("\n")[0];
}

/** Extracts the project at `ref` (`git archive`) into a temporary directory and loads its program. */
export function versionAtCommit(ref: string): CommitVersion {
    const commit = spawnSync("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: PROJECT_DIR, encoding: "utf8" });
    if (commit.status !== 0) {
        throw new CommitError(`--against: "${ref}" names no commit of the repository at ${PROJECT_DIR}`);
    }
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), "plan-against-"));
    const remove = () => fs.rmSync(tree, { recursive: true, force: true });
    try {
        // Run in the project's directory, `git archive` holds that directory's files only, at the archive's root.
        const archive = spawnSync("git", ["archive", "--format=tar", commit.stdout.trim()], { cwd: PROJECT_DIR, maxBuffer: 1 << 30 });
        const extract = spawnSync("tar", ["-x", "-C", tree], { input: archive.stdout });
        if (archive.status !== 0 || extract.status !== 0) {
            throw new CommitError(`--against ${ref}: cannot extract it: ${firstLine(String(archive.stderr) || String(extract.stderr))}`);
        }
        fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(tree, "node_modules"));
        let entry: string;
        try {
            entry = path.join(compile(tree), "program.js");
        } catch (error) {
            throw new CommitError(`--against ${ref}: its sources do not compile: ${firstLine((error as Error).message)}`);
        }
        const program = fs.existsSync(entry) ? (require(entry) as { exchangeProgram?: unknown }).exchangeProgram : undefined;
        if (typeof program !== "function") {
            throw new CommitError(`--against ${ref}: its program.ts exports no exchangeProgram(), the program the offline plan runs; plan against a later commit`);
        }
        // Its Pulumi.yaml is the commit's own business: only where it keeps stack files matters here.
        const stacks = path.join(tree, (parse(fs.readFileSync(path.join(tree, "Pulumi.yaml"), "utf8")) as Project | null)?.stackConfigDir ?? ".");
        return { program: program as () => unknown, stackFile: (stack) => path.join(stacks, `Pulumi.${stack}.yaml`), remove };
    } catch (error) {
        remove();
        throw error;
    }
}
