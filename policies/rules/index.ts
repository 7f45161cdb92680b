import type { StackValidationPolicy } from "@pulumi/policy";
import { authenticatedOriginPulls } from "./authenticatedOriginPulls";
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
import { originsReachable } from "./originsReachable";
import { proxiedLoadBalancer } from "./proxiedLoadBalancer";
import { unclassifiedResources } from "./unclassifiedResources";
import { verdictsPending } from "./verdictsPending";

/** Every rule, grouped by concern: provider diversity, failover, origin hardening, data, and what the pack cannot see. */
export const rules: StackValidationPolicy[] = [
    minimumProviders,
    failoverSpansProviders,
    independentFallback,
    noProviderMajority,
    capacityAfterProviderLoss,
    healthCheckedFailover,
    proxiedLoadBalancer,
    originLockdown,
    originsReachable,
    authenticatedOriginPulls,
    encryptionAndMetadata,
    dataSafety,
    dnsLayer,
    unclassifiedResources,
    verdictsPending,
];
