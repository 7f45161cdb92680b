/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/test", "<rootDir>/policies"],
    testMatch: ["**/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/"],
    // Type checking runs once, through `tsc --noEmit`, before jest; here only a fast transform.
    transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } } }] },
    maxWorkers: 2,
    testTimeout: 60000,
};
