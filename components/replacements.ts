/**
 * What a change to each input property does to a resource, per type: replaced, updated in place, or updated by
 * stopping and starting its machine. The offline plan's `--against` reads these tables to say what `pulumi up` would
 * do. Each site provider file carries the entries of the types it creates (`SiteProvider.changes`); the types every
 * stack shares (Cloudflare, TLS, the dynamic-provider gates) are here.
 *
 * How provider source maps to these effects: SDKv2 `ForceNew` and plugin-framework `RequiresReplace` make Pulumi plan a
 * replacement (pulumi/pulumi-terraform-bridge pkg/tfbridge and pkg/pf/tfbridge/provider_diff.go); everything else is
 * the provider's Update function.
 */

/** What a change to one property does. */
export type ChangeEffect =
    /** The provider forces a new resource. */
    | "replace"
    /** Updated in place by stopping (or powering off) the machine and starting it again. */
    | "restart"
    /** Updated in place by stopping (or powering off) the machine, which the provider then leaves stopped. */
    | "stop"
    /** Updated in place while the resource keeps running. */
    | "update"
    /** The provider sends the change and the cloud refuses it: `pulumi up` fails at this resource. */
    | "fails"
    /** The provider reports no change: the property is only read at create or delete, or its diff leaves it out. */
    | "none";

export interface PropertyBehaviour {
    effect: ChangeEffect;
    /** The effect instead when a number becomes smaller (sizes that only grow). */
    shrink?: ChangeEffect;
    /** The effect instead while another input of the same resource holds a value. */
    whenInput?: { property: string; equals: unknown; effect: ChangeEffect };
    /** Where the behaviour comes from: a provider source file and what in it, or a documentation page. */
    source: string;
    /** What else happens, or what is not confirmed. */
    note?: string;
}

export interface TypeChanges {
    /**
     * By property path in the Pulumi SDK's names: `a.b` is field `b` of object `a`, or of every element of list `a`.
     * The longest path that contains a changed value decides.
     */
    properties: Readonly<Record<string, PropertyBehaviour>>;
    /** The effect of a change to any property not listed, where the provider treats all the others alike. */
    others?: PropertyBehaviour;
    /** Its update holds `pulumi up` until the machine it depends on serves again: the rollout gate. */
    waitsForHealth?: true;
}

/** Type token to what its property changes do. */
export type ChangeTable = Readonly<Record<string, TypeChanges>>;

/** The same behaviour for several properties. */
export function each(properties: readonly string[], behaviour: PropertyBehaviour): Record<string, PropertyBehaviour> {
    return Object.fromEntries(properties.map((property) => [property, behaviour]));
}

/** The offline plan's rollout gate (components/nodeHealthGate.ts) and shrink guard (components/volumeSizeGuard.ts). */
const NODE_HEALTH_GATE = "components/dynamic/nodeHealthGate.js `diff` and `update`";
const DYNAMIC_HOST = "@pulumi/pulumi cmd/dynamic-provider/index.js `diff`: with no `diff` it answers DIFF_UNKNOWN, and the engine compares the inputs itself (pulumi/pulumi pkg/resource/deploy/step_generator.go `diffResource`)";

const CLOUDFLARE = "cloudflare/terraform-provider-cloudflare (v5) internal/services";
const TLS = "hashicorp/terraform-provider-tls internal/provider";
const CERTIFICATE_RENEWAL = "inside `earlyRenewalHours` of its end, the provider's plan replaces the certificate by itself (`modifyPlanIfCertificateReadyForRenewal`, common_cert.go): no input changes, so `--against` cannot show it";

/** Types every stack creates, whatever its sites. */
export const SHARED_CHANGES: ChangeTable = {
    "pulumi:providers:cloudflare": {
        properties: {},
        others: {
            effect: "update",
            source: "pulumi/pulumi-terraform-bridge pkg/tfbridge `configDiffer.forcesProviderReplace`: a provider is replaced only for a property marked ForcesProviderReplace",
            note: "that pulumi-cloudflare marks none is not confirmed",
        },
    },
    "cloudflare:index/loadBalancer:LoadBalancer": {
        properties: { zoneId: { effect: "replace", source: `${CLOUDFLARE}/load_balancer/schema.go: RequiresReplace on zone_id` } },
        others: { effect: "update", source: `${CLOUDFLARE}/load_balancer/schema.go: only zone_id requires replacement` },
    },
    "cloudflare:index/loadBalancerPool:LoadBalancerPool": {
        properties: { accountId: { effect: "replace", source: `${CLOUDFLARE}/load_balancer_pool/schema.go: RequiresReplace on account_id` } },
        others: { effect: "update", source: `${CLOUDFLARE}/load_balancer_pool/schema.go: only account_id requires replacement` },
    },
    "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor": {
        properties: { accountId: { effect: "replace", source: `${CLOUDFLARE}/load_balancer_monitor/schema.go: RequiresReplace on account_id` } },
        others: { effect: "update", source: `${CLOUDFLARE}/load_balancer_monitor/schema.go: only account_id requires replacement` },
    },
    "cloudflare:index/originCaCertificate:OriginCaCertificate": {
        properties: {
            ...each(["csr", "requestType", "hostnames"], { effect: "replace", source: `${CLOUDFLARE}/origin_ca_certificate/schema.go: RequiresReplace` }),
            requestedValidity: { effect: "replace", source: `${CLOUDFLARE}/origin_ca_certificate/schema.go: RequiresReplaceIfConfigured` },
        },
    },
    "cloudflare:index/authenticatedOriginPullsHostnameCertificate:AuthenticatedOriginPullsHostnameCertificate": {
        properties: {
            ...each(["zoneId", "privateKey"], { effect: "replace", source: `${CLOUDFLARE}/authenticated_origin_pulls_hostname_certificate/schema.go: RequiresReplace` }),
            certificate: {
                effect: "replace",
                source: `${CLOUDFLARE}/authenticated_origin_pulls_hostname_certificate/schema.go: RequiresReplaceIfNotCertificateSemantic`,
                note: "not when only trailing newlines differ",
            },
        },
    },
    "cloudflare:index/authenticatedOriginPulls:AuthenticatedOriginPulls": {
        properties: {
            zoneId: { effect: "replace", source: `${CLOUDFLARE}/authenticated_origin_pulls/schema.go: RequiresReplace on zone_id` },
            configs: {
                effect: "update",
                source: `${CLOUDFLARE}/authenticated_origin_pulls/resource.go Update: PUT /zones/{zone}/origin_tls_client_auth/hostnames`,
                note: "a changed hostname leaves the old hostname's association in place",
            },
        },
    },
    "tls:index/privateKey:PrivateKey": {
        properties: each(["algorithm", "rsaBits", "ecdsaCurve"], { effect: "replace", source: `${TLS}/resource_private_key.go: RequiresReplace` }),
    },
    "tls:index/certRequest:CertRequest": {
        properties: each(["privateKeyPem", "dnsNames", "ipAddresses", "uris", "subject"], { effect: "replace", source: `${TLS}/resource_cert_request.go: RequiresReplace` }),
    },
    "tls:index/selfSignedCert:SelfSignedCert": {
        properties: {
            ...each(
                ["privateKeyPem", "allowedUses", "dnsNames", "ipAddresses", "uris", "subject", "isCaCertificate", "maxPathLength", "setSubjectKeyId", "setAuthorityKeyId"],
                { effect: "replace", source: `${TLS}/resource_self_signed_cert.go: RequiresReplace` },
            ),
            validityPeriodHours: { effect: "replace", source: `${TLS}/resource_self_signed_cert.go: RequiresReplace`, note: CERTIFICATE_RENEWAL },
            earlyRenewalHours: { effect: "update", source: `${TLS}/resource_self_signed_cert.go: no RequiresReplace (updatedUsingPlan)` },
        },
    },
    "tls:index/locallySignedCert:LocallySignedCert": {
        properties: {
            ...each(
                ["certRequestPem", "caCertPem", "caPrivateKeyPem", "allowedUses", "isCaCertificate", "maxPathLength", "setSubjectKeyId"],
                { effect: "replace", source: `${TLS}/resource_locally_signed_cert.go: RequiresReplace` },
            ),
            validityPeriodHours: { effect: "replace", source: `${TLS}/resource_locally_signed_cert.go: RequiresReplace`, note: CERTIFICATE_RENEWAL },
            earlyRenewalHours: { effect: "update", source: `${TLS}/resource_locally_signed_cert.go: no RequiresReplace (updatedUsingPlan)` },
        },
    },
    "pulumi-nodejs:dynamic/exchange:NodeHealthGate": {
        properties: {
            ...each(["accountId", "pool", "address", "revision"], {
                effect: "update",
                source: `${NODE_HEALTH_GATE}: the diff compares these four; the update waits until the node is healthy in its pool`,
            }),
            ...each(["settleSeconds", "timeoutSeconds", "apiToken", "__provider"], { effect: "none", source: `${NODE_HEALTH_GATE}: the diff leaves these out` }),
        },
        waitsForHealth: true,
    },
    "pulumi-nodejs:dynamic/exchange:VolumeSizeGuard": {
        properties: {},
        others: { effect: "update", source: DYNAMIC_HOST },
    },
};
