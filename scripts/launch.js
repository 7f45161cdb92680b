#!/usr/bin/env node
// Runs one of the project's command-line tools (plan, drill, bench) from its compiled JavaScript, building it first
// when a source changed. Loading plain JavaScript keeps these short-lived processes fast: through a TypeScript hook,
// every module Node loads, the SDKs' included, pays for the hook.
"use strict";

const path = require("path");
const { build, TOOLS_OUT } = require("./build");

const TOOLS = { plan: "plan/cli.js", drill: "drill/cli.js", bench: "bench/plan.js" };
const [tool, ...args] = process.argv.slice(2);
if (!Object.hasOwn(TOOLS, tool)) {
    process.stderr.write(`usage: node scripts/launch.js <${Object.keys(TOOLS).join("|")}> [options]\n`);
    process.exit(2);
}
build();
require(path.join(TOOLS_OUT, TOOLS[tool]))
    .main(args)
    .then((code) => {
        process.exitCode = code;
    });
