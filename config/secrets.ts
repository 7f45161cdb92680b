/** The namespace of this project's configuration keys. */
export const NAMESPACE = "exchange";

/** Keys set with `pulumi config set --secret`; the program reads them as secrets, never as plain config. */
export const SECRET_KEYS = { secretEnv: "secretEnv", dataVolumeKey: "dataVolumeKey" } as const;

/** The secrets the program reads, full key to the shape of its value, for tools that must stand in for them. */
export const SECRET_CONFIG: Readonly<Record<string, "object" | "string">> = {
    [`${NAMESPACE}:${SECRET_KEYS.secretEnv}`]: "object",
    [`${NAMESPACE}:${SECRET_KEYS.dataVolumeKey}`]: "string",
};
