import { EventEmitter } from "events";
import { cutOf } from "../../drill/cuts";
import { runDrill } from "../../drill/run";
import { abortOnStopSignals, exitCodeOf, STOP_SIGNALS } from "../../drill/signals";
import { standIns } from "./standIns";

/** The shell's codes for a process a signal ended, on Linux. */
const EXPECTED_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

test.concurrent.each(STOP_SIGNALS)("%s after the cut aborts the drill, restores the provider once, and exits 128 + its number", async (signal) => {
    const env = await standIns({ serving: "aws", cut: cutOf("aws"), afterCut: [[0, "dead"]], afterRestore: [[0, "aws"]] });
    const process = new EventEmitter();
    const controller = new AbortController();
    const messages: string[] = [];
    const removeHandlers = abortOnStopSignals(process, controller, (message) => messages.push(message));
    const isolate = env.fault.isolate;
    // The signal arrives once the cut is made, whatever the machine's load: no timer decides the order.
    env.fault.isolate = async () => {
        await isolate();
        process.emit(signal);
    };
    const restore = env.fault.restore;
    env.fault.restore = async () => {
        process.emit(signal);
        await restore();
    };
    try {
        const result = await runDrill({ provider: "aws", url: env.url, fault: env.fault, intervalMs: 40, timeoutMs: 500, maxWaitMs: 5000, settleMs: 200, log: () => undefined, signal: controller.signal });
        expect(result.interrupted).toBe(true);
        expect(result.restored).toBe(true);
        expect(env.calls).toEqual(["isolate", "restore"]);
        expect(controller.signal.reason).toBe(signal);
        expect(exitCodeOf(signal)).toBe(EXPECTED_EXIT[signal]);
        expect(messages).toEqual([`${signal}: stopping, and restoring what the drill changed…`, `${signal}: already stopping; the drill exits once it has restored what it changed`]);
    } finally {
        removeHandlers();
        env.close();
    }
    expect(STOP_SIGNALS.map((name) => process.listenerCount(name))).toEqual([0, 0, 0]);
});
