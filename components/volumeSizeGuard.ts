import * as pulumi from "@pulumi/pulumi";
import { dynamicProviderSource } from "./dynamic";

/** One per site: its volumes depend on it, so a shrink stops the update before any volume is touched (provider: dynamic/volumeSizeGuard.js). */
export class VolumeSizeGuard extends pulumi.CustomResource {
    constructor(name: string, args: { key: string; sizeGb: number }, opts?: pulumi.CustomResourceOptions) {
        super("pulumi-nodejs:dynamic/exchange:VolumeSizeGuard", name, { ...args, __provider: dynamicProviderSource("volumeSizeGuard") }, opts);
    }
}
