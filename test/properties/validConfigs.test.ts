import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import { PROJECT_DIR } from "../../plan/projectFile";

/**
 * 300 per run (each registers a whole stack, about 40 ms), with a new seed each time, printed so that a failure can
 * be replayed with PROPERTY_SEED; PROPERTY_RUNS raises it for a longer soak (`PROPERTY_RUNS=5000 npx jest test/properties`).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
/** One worker per core of the 2-core CI machine. */
const WORKERS = 2;

interface WorkerResult {
    ran: number;
    rejected: number;
    failure?: string;
}

async function worker(runs: number, seed: number): Promise<WorkerResult> {
    const { stdout } = await promisify(execFile)(
        process.execPath,
        // A larger young generation: these runs allocate many short-lived objects, and scavenging dominated.
        ["--max-semi-space-size=64", "-r", path.join(PROJECT_DIR, "node_modules", "tsx", "dist", "cjs", "index.cjs"), path.join(__dirname, "validConfigs.worker.ts"), String(runs), String(seed)],
        { cwd: PROJECT_DIR, maxBuffer: 16 * 2 ** 20 },
    );
    return JSON.parse(stdout.trim().split("\n").pop()!) as WorkerResult;
}

test(`${RUNS} random valid configurations register and get the verdict their provider mix implies`, async () => {
    const seed = Number(process.env.PROPERTY_SEED ?? Date.now());
    const results = await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(Math.ceil(RUNS / WORKERS), seed + index)));
    const ran = results.reduce((sum, result) => sum + result.ran, 0);
    const rejected = results.reduce((sum, result) => sum + result.rejected, 0);
    console.log(`property: ${ran} valid configurations registered (seed ${seed}); ${rejected} rejected (one cloud, or authenticatedOriginPulls off), ${ran - rejected} accepted`);
    expect(results.map((result) => result.failure)).toEqual(results.map(() => undefined));
    expect(ran).toBeGreaterThanOrEqual(RUNS);
    expect(rejected).toBeGreaterThan(0);
    expect(rejected).toBeLessThan(ran);
}, 300_000);
