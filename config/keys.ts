/** Keys set with `pulumi config set --secret`; the program reads them as secrets, never as plain config. */
export const SECRET_KEYS = { secretEnv: "secretEnv", dataVolumeKey: "dataVolumeKey", previousDataVolumeKey: "previousDataVolumeKey" } as const;

/** The providers' own configuration keys that hold credentials: in a stack file, encrypted or not there at all. */
export const PROVIDER_SECRET_KEYS = ["cloudflare:apiToken", "cloudflare:apiKey", "hcloud:token", "aws:secretKey", "aws:accessKey", "gcp:credentials"] as const;

/** Stands in for a secret in offline runs, which have no way to decrypt and need none. Long enough for any key check. */
export const SECRET_PLACEHOLDER = "offline-plan-placeholder-not-a-real-secret-value";

/** What an offline run uses for each secret the program may need, when the stack file does not set it or sets it encrypted. */
const OFFLINE_STAND_INS: Readonly<Record<string, string>> = {
    [SECRET_KEYS.secretEnv]: "{}",
    [SECRET_KEYS.dataVolumeKey]: SECRET_PLACEHOLDER,
};

/**
 * The program's configuration lives in the project's own namespace (the `name` in Pulumi.yaml), as the CLI requires
 * of every key that Pulumi.yaml declares with a type or default. A fork that renames the project moves it with it.
 */
export function fullKey(namespace: string, key: string): string {
    return `${namespace}:${key}`;
}

/** Full key to stand-in value, for the secrets an offline run must provide. */
export function offlineStandIns(namespace: string): Record<string, string> {
    return Object.fromEntries(Object.entries(OFFLINE_STAND_INS).map(([key, value]) => [fullKey(namespace, key), value]));
}
