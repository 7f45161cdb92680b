import type { StackValidationPolicy } from "@pulumi/policy";
import { capacityAfterProviderLoss } from "./capacityAfterProviderLoss";
import { dataSafety } from "./dataSafety";
import { dnsLayer } from "./dnsLayer";
import { encryptionAndMetadata } from "./encryptionAndMetadata";
import { failoverSpansProviders } from "./failoverSpansProviders";
import { healthCheckedFailover } from "./healthCheckedFailover";
import { independentFallback } from "./independentFallback";
import { minimumProviders } from "./minimumProviders";
import { noProviderMajority } from "./noProviderMajority";
import { originLockdown } from "./originLockdown";

/** Every rule, grouped by concern: provider diversity, failover, origin hardening, data. */
export const rules: StackValidationPolicy[] = [
    minimumProviders,
    failoverSpansProviders,
    independentFallback,
    noProviderMajority,
    capacityAfterProviderLoss,
    healthCheckedFailover,
    originLockdown,
    encryptionAndMetadata,
    dataSafety,
    dnsLayer,
];
