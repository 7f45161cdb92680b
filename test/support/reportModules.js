"use strict";
// Preload (`node --require …/reportModules.js`): when the process exits, writes the absolute path of every CommonJS
// module it loaded, one a line, to the file named in REPORT_MODULES_TO. Used by test/runtime.test.ts.
const fs = require("fs");
const path = require("path");

const target = process.env.REPORT_MODULES_TO;
if (target) {
    process.on("exit", () => {
        const loaded = Object.keys(require.cache).filter((file) => path.isAbsolute(file));
        fs.writeFileSync(target, loaded.join("\n") + "\n");
    });
}
