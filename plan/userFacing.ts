/**
 * What the command-line tools share about the user in front of them: npm runs scripts from the package root and says
 * where it was started in INIT_CWD, and a failure reaches them as one line.
 */
import * as path from "path";

/** Where the user ran the command. */
function userDirectory(): string {
    return process.env.INIT_CWD ?? process.cwd();
}

/** A path the user typed, resolved from where they stand. */
export function userPath(file: string): string {
    return path.resolve(userDirectory(), file);
}

/** A path as the user sees it, relative to where they stand. */
export function shownPath(file: string): string {
    return path.relative(userDirectory(), file) || ".";
}

/** An error's first line: what the user reads, never a stack trace. */
export function oneLine(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
