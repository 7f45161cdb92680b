// @ts-check
// The dynamic provider of VolumeSizeGuard; evaluated by Pulumi's dynamic-provider host from the text of this file
// (see nodeHealthGate.js). The engine hands `check` the inputs in the state on an update (pulumi/pulumi
// step_generator.go, `Olds: oldInputs`) and calls it in previews too; no provider shrinks a volume in place: AWS and
// Hetzner fail the update half-way, GCP replaces the disk with an empty one.
"use strict";

/** @typedef {{ key: string, sizeGb: number }} GuardInputs */

exports.handler = () => ({
    /** @param {Partial<GuardInputs>} olds @param {GuardInputs} news */
    async check(olds, news) {
        if (typeof olds.sizeGb === "number" && typeof news.sizeGb === "number" && news.sizeGb < olds.sizeGb) {
            return {
                inputs: news,
                failures: [{ property: "sizeGb", reason: `${news.key}: volumes cannot shrink (${olds.sizeGb} GB deployed, ${news.sizeGb} GB asked); keep ${olds.sizeGb} or more` }],
            };
        }
        return { inputs: news };
    },
    /** @param {GuardInputs} inputs */
    async create(inputs) {
        return { id: inputs.key, outs: inputs };
    },
    /** @param {string} _id @param {GuardInputs} _olds @param {GuardInputs} news */
    async update(_id, _olds, news) {
        return { outs: news };
    },
});
