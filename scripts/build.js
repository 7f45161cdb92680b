// Compiles the project's TypeScript to plain JavaScript with esbuild: the command-line tools into .build/, the
// policy pack into policies/bin/ (where its package.json points). Type checking is `npm run typecheck`'s job; this
// only transpiles, so it takes a fraction of a second and runs whenever a source is newer than its output.
// Plain JavaScript itself, so that nothing needs a TypeScript loader to start.
"use strict";

const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TOOLS_OUT = path.join(ROOT, ".build");
const PACK_OUT = path.join(ROOT, "policies", "bin");
/** Outputs, and what an interrupted build left of them (`bin.<pid>`, `.build.<pid>.old`), are never sources. */
const SKIP = /^(node_modules|bin|\.build)(\.\d+(\.old)?)?$/;

/** Sources of one output tree: TypeScript to transpile, and files its code reads next to itself, copied as they are. */
const TARGETS = [
    // The benchmark runs the tests' own stacks and their language-host harness.
    { out: TOOLS_OUT, base: ROOT, roots: ["components", "config", "plan", "policies", "drill", "bench", "program.ts", "index.ts", "test/fixtures", "test/harness.ts", "test/support"], assets: [".js", ".sh", ".json"] },
    { out: PACK_OUT, base: path.join(ROOT, "policies"), roots: ["index.ts", "lib", "rules"], assets: [".json"] },
];
const SITE_CLOUDS = path.join(ROOT, "policies", "lib", "sites.generated.json");

function files(target) {
    const found = [];
    const walk = (entry) => {
        const stat = fs.statSync(entry);
        if (stat.isDirectory()) {
            for (const name of fs.readdirSync(entry)) {
                if (!SKIP.test(name)) walk(path.join(entry, name));
            }
        } else if ((entry.endsWith(".ts") && !entry.endsWith(".d.ts")) || target.assets.includes(path.extname(entry))) {
            found.push(entry);
        }
    };
    for (const root of target.roots) walk(path.join(target.base, root));
    return found;
}

/** esbuild is a dev dependency of the project root: a clone whose sources changed needs it to run. */
function esbuild() {
    try {
        return require("esbuild");
    } catch (error) {
        if (error.code !== "MODULE_NOT_FOUND") throw error;
        throw new Error(`the TypeScript sources are newer than their build, and esbuild, which builds them, is not installed: run \`npm ci\` in ${ROOT}`);
    }
}

/** Renames `from` to `to`; false when `from` is gone or `to` is already there (a concurrent build's). */
function renameIfThere(from, to) {
    try {
        fs.renameSync(from, to);
        return true;
    } catch (error) {
        if (["ENOENT", "ENOTEMPTY", "EEXIST"].includes(error.code)) return false;
        throw error;
    }
}

function outputOf(target, file) {
    return path.join(target.out, path.relative(target.base, file)).replace(/\.ts$/, ".js");
}

function stale(target, sources) {
    return sources.some((file) => {
        const output = outputOf(target, file);
        return !fs.existsSync(output) || fs.statSync(output).mtimeMs < fs.statSync(file).mtimeMs;
    });
}

/**
 * Hands the pack what each site file says of its cloud (`SiteProvider.cloud`), so that a provider is described in one
 * file and the pack still judges raw resources. Written only when it changes, so that it does not make the pack stale.
 */
function siteCloudsJson(siteProviders) {
    const clouds = Object.values(siteProviders).flatMap((provider) => (provider.cloud ? [provider.cloud] : []));
    return `${JSON.stringify(clouds, null, 2)}\n`;
}

function writeSiteClouds() {
    const text = siteCloudsJson(require(path.join(TOOLS_OUT, "components", "sites", "index.js")).siteProviders);
    if (!fs.existsSync(SITE_CLOUDS) || fs.readFileSync(SITE_CLOUDS, "utf8") !== text) {
        fs.writeFileSync(SITE_CLOUDS, text);
    }
    // The tools read the pack's table in process too (the drill finds firewalls with it).
    fs.copyFileSync(SITE_CLOUDS, path.join(TOOLS_OUT, "policies", "lib", "sites.generated.json"));
}

/** Builds what is out of date; returns whether anything was. */
function build({ force = false } = {}) {
    let built = false;
    for (const target of TARGETS) {
        if (target.out === PACK_OUT && (built || !fs.existsSync(SITE_CLOUDS))) {
            writeSiteClouds();
        }
        const sources = files(target);
        if (!force && !stale(target, sources)) continue;
        // Built aside and swapped in, so that a process loading the output meanwhile never sees it half written.
        const fresh = `${target.out}.${process.pid}`;
        const into = { ...target, out: fresh };
        fs.rmSync(fresh, { recursive: true, force: true });
        const typescript = sources.filter((file) => file.endsWith(".ts"));
        esbuild().buildSync({ entryPoints: typescript, outdir: fresh, outbase: target.base, format: "cjs", platform: "node", target: "node20", logLevel: "error" });
        for (const asset of sources.filter((file) => !file.endsWith(".ts"))) {
            fs.mkdirSync(path.dirname(outputOf(into, asset)), { recursive: true });
            fs.copyFileSync(asset, outputOf(into, asset));
        }
        const old = `${target.out}.${process.pid}.old`;
        // Another build running at once may move the output first; what it leaves is as fresh as ours.
        renameIfThere(target.out, old);
        if (!renameIfThere(fresh, target.out)) fs.rmSync(fresh, { recursive: true, force: true });
        fs.rmSync(old, { recursive: true, force: true });
        built = true;
    }
    return built;
}

module.exports = { build, siteCloudsJson, TOOLS_OUT };

if (require.main === module) {
    build({ force: true });
}
