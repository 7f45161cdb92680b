// The pack's entry point (package.json `main`). In a clone of the project it first rebuilds bin/ from the TypeScript
// when a source is newer, as `npm run plan` does, so that `pulumi preview --policy-pack policies` never runs stale
// rules; a published pack (`pulumi policy publish`) holds no sources and runs bin/ as it was built.
"use strict";

const fs = require("fs");
const path = require("path");

const builder = path.join(__dirname, "..", "scripts", "build.js");
if (fs.existsSync(builder) && fs.existsSync(path.join(__dirname, "index.ts"))) {
    require(builder).build();
}
module.exports = require("./bin/index.js");
