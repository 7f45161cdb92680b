import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

export interface OriginTlsArgs {
    domain: string;
    zoneId: string;
    /** Nodes accept only TLS clients with a certificate from this stack's origin-pull CA, which Cloudflare presents for `domain`. */
    authenticatedOriginPulls: boolean;
    /** Generations of the origin-pull CA: nodes trust every one, the first signs the certificate Cloudflare presents. */
    originPullCaGenerations: number[];
}

/** What every node's web front needs: its certificate and key, and the CAs it checks Cloudflare's client certificate against. */
export interface OriginTlsMaterial {
    certificatePem: string;
    privateKeyPem: string;
    clientCaPem?: string;
}

const HOURS_PER_DAY = 24;
/** One of the validities Cloudflare's Origin CA issues (7, 30, 90, 365, 730, 1095 or 5475 days). */
const ORIGIN_CERTIFICATE_DAYS = 365;
/** Certificates are renewed by the first `pulumi up` this close to their expiry. */
const RENEWAL_WINDOW_DAYS = 30;
const CLIENT_CERTIFICATE_DAYS = 365;
const ORIGIN_PULL_CA_DAYS = 5 * 365;

/**
 * TLS between Cloudflare and the origins.
 *
 * A Cloudflare Origin CA certificate for the hostname lets the zone run Full (strict). Origin CA certificates carry
 * no renewal setting (terraform-provider-cloudflare v5 `origin_ca_certificate`), so a self-signed "renewal clock"
 * with the same lifetime drives it: the tls provider replaces a certificate inside its `earlyRenewalHours` window
 * when it plans (terraform-provider-tls `modifyPlanIfCertificateReadyForRenewal`), the clock's new start time changes
 * the request, and the request replaces the Origin CA certificate; nodes then roll one at a time.
 *
 * Authenticated Origin Pulls are scoped to this stack's hostname (a per-hostname certificate and association), so
 * stacks that share a zone never replace each other's certificate, and destroying a stack voids only its own
 * association. The client certificate is signed by the first CA generation; renewing it changes nothing on the nodes.
 */
export class OriginTls extends pulumi.ComponentResource {
    readonly material: pulumi.Output<OriginTlsMaterial>;

    constructor(name: string, args: OriginTlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("exchange:tls:OriginTls", name, {}, opts);
        const child = { parent: this };
        const originKey = new tls.PrivateKey(`${name}-origin-key`, { algorithm: "RSA", rsaBits: 2048 }, child);
        const renewalClock = new tls.SelfSignedCert(`${name}-origin-renewal`, {
            privateKeyPem: originKey.privateKeyPem,
            subject: { commonName: `${args.domain} origin certificate renewal` },
            validityPeriodHours: ORIGIN_CERTIFICATE_DAYS * HOURS_PER_DAY,
            earlyRenewalHours: RENEWAL_WINDOW_DAYS * HOURS_PER_DAY,
            allowedUses: ["digital_signature"],
        }, child);
        const originCsr = new tls.CertRequest(`${name}-origin-csr`, {
            privateKeyPem: originKey.privateKeyPem,
            subject: { commonName: args.domain, serialNumber: renewalClock.validityStartTime },
            dnsNames: [args.domain],
        }, child);
        const originCertificate = new cloudflare.OriginCaCertificate(`${name}-origin-cert`, {
            csr: originCsr.certRequestPem,
            hostnames: [args.domain],
            requestType: "origin-rsa",
            requestedValidity: ORIGIN_CERTIFICATE_DAYS,
        }, child);

        let clientCaPem: pulumi.Output<string> | undefined;
        if (args.authenticatedOriginPulls) {
            const authorities = new Map(args.originPullCaGenerations.map((generation) => {
                const key = new tls.PrivateKey(`${name}-pull-ca-key-${generation}`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
                const certificate = new tls.SelfSignedCert(`${name}-pull-ca-${generation}`, {
                    privateKeyPem: key.privateKeyPem,
                    isCaCertificate: true,
                    subject: { commonName: `${args.domain} origin-pull CA ${generation}` },
                    validityPeriodHours: ORIGIN_PULL_CA_DAYS * HOURS_PER_DAY,
                    allowedUses: ["cert_signing", "crl_signing"],
                }, child);
                return [generation, { key, certificate }] as const;
            }));
            const signing = authorities.get(args.originPullCaGenerations[0])!;
            const clientKey = new tls.PrivateKey(`${name}-pull-client-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
            const clientCsr = new tls.CertRequest(`${name}-pull-client-csr`, {
                privateKeyPem: clientKey.privateKeyPem,
                subject: { commonName: `${args.domain} Cloudflare origin pull` },
            }, child);
            const clientCertificate = new tls.LocallySignedCert(`${name}-pull-client-cert`, {
                certRequestPem: clientCsr.certRequestPem,
                caCertPem: signing.certificate.certPem,
                caPrivateKeyPem: signing.key.privateKeyPem,
                validityPeriodHours: CLIENT_CERTIFICATE_DAYS * HOURS_PER_DAY,
                earlyRenewalHours: RENEWAL_WINDOW_DAYS * HOURS_PER_DAY,
                allowedUses: ["digital_signature", "key_encipherment", "client_auth"],
            }, child);
            const upload = new cloudflare.AuthenticatedOriginPullsHostnameCertificate(`${name}-pull-cert`, {
                zoneId: args.zoneId,
                certificate: clientCertificate.certPem,
                privateKey: clientKey.privateKeyPem,
            }, child);
            new cloudflare.AuthenticatedOriginPulls(`${name}-pull`, {
                zoneId: args.zoneId,
                configs: [{ hostname: args.domain, certId: upload.id, enabled: true }],
            }, child);
            // Sorted by generation, so that moving the signing generation to the front leaves the nodes as they are.
            const trusted = [...authorities].sort(([a], [b]) => a - b).map(([, authority]) => authority.certificate.certPem);
            clientCaPem = pulumi.all(trusted).apply((pems) => pems.join(""));
        }

        this.material = pulumi.secret(pulumi.all([originCertificate.certificate, originKey.privateKeyPem, clientCaPem]).apply(
            ([certificatePem, privateKeyPem, caPem]): OriginTlsMaterial => ({ certificatePem, privateKeyPem, ...(caPem ? { clientCaPem: caPem } : {}) }),
        ));
        this.registerOutputs({ material: this.material });
    }
}
