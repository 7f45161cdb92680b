import { constants } from "os";

/** What ends a drill from outside: Ctrl-C, `kill` and service managers, a closed terminal or SSH session. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/**
 * Turns each stop signal `emitter` (the process) emits into an abort of `controller`, with the signal's name as the
 * reason. Handling them replaces Node's default of exiting at once, which would leave the provider cut off; a second
 * signal only says the drill is already stopping, so that impatience cannot interrupt the restore. Returns the
 * function that removes the handlers.
 */
export function abortOnStopSignals(emitter: NodeJS.EventEmitter, controller: AbortController, log: (message: string) => void): () => void {
    const handlers = STOP_SIGNALS.map((signal) => {
        const handler = () => {
            if (controller.signal.aborted) {
                log(`${signal}: already stopping; the drill exits once it has restored what it changed`);
                return;
            }
            log(`${signal}: stopping, and restoring what the drill changed…`);
            controller.abort(signal);
        };
        emitter.on(signal, handler);
        return () => emitter.off(signal, handler);
    });
    return () => handlers.forEach((remove) => remove());
}

/** The shell's convention for a process ended by a signal: 128 plus its number. */
export function exitCodeOf(signal: StopSignal): number {
    return 128 + constants.signals[signal];
}
