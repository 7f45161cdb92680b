import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

export interface OriginTlsArgs {
    domain: string;
    zoneId: string;
    /** Turn on Authenticated Origin Pulls for the zone, with a client certificate of this stack's own. */
    authenticatedOriginPulls: boolean;
}

/** What every node's web front needs: its certificate and key, and the CA it checks Cloudflare's client certificate against. */
export interface OriginTlsMaterial {
    certificatePem: string;
    privateKeyPem: string;
    clientCaPem?: string;
}

const TEN_YEARS_HOURS = 10 * 365 * 24;

/**
 * TLS between Cloudflare and the origins: a Cloudflare Origin CA certificate for the hostname, so the zone can run
 * in Full (strict), and Authenticated Origin Pulls with a zone-level client certificate signed by a CA of this
 * stack's own, so a node answers only requests that come through this zone's Cloudflare edge.
 */
export class OriginTls extends pulumi.ComponentResource {
    readonly material: pulumi.Output<OriginTlsMaterial>;

    constructor(name: string, args: OriginTlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("exchange:tls:OriginTls", name, {}, opts);
        const child = { parent: this };
        const originKey = new tls.PrivateKey(`${name}-origin-key`, { algorithm: "RSA", rsaBits: 2048 }, child);
        const originCsr = new tls.CertRequest(`${name}-origin-csr`, {
            privateKeyPem: originKey.privateKeyPem,
            subject: { commonName: args.domain },
            dnsNames: [args.domain],
        }, child);
        const originCertificate = new cloudflare.OriginCaCertificate(`${name}-origin-cert`, {
            csr: originCsr.certRequestPem,
            hostnames: [args.domain],
            requestType: "origin-rsa",
            requestedValidity: 5475,
        }, child);

        let clientCaPem: pulumi.Output<string> | undefined;
        if (args.authenticatedOriginPulls) {
            const caKey = new tls.PrivateKey(`${name}-pull-ca-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
            const ca = new tls.SelfSignedCert(`${name}-pull-ca`, {
                privateKeyPem: caKey.privateKeyPem,
                isCaCertificate: true,
                subject: { commonName: `${args.domain} origin-pull CA` },
                validityPeriodHours: TEN_YEARS_HOURS,
                allowedUses: ["cert_signing", "crl_signing"],
            }, child);
            const clientKey = new tls.PrivateKey(`${name}-pull-client-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, child);
            const clientCsr = new tls.CertRequest(`${name}-pull-client-csr`, {
                privateKeyPem: clientKey.privateKeyPem,
                subject: { commonName: `${args.domain} Cloudflare origin pull` },
            }, child);
            const clientCertificate = new tls.LocallySignedCert(`${name}-pull-client-cert`, {
                certRequestPem: clientCsr.certRequestPem,
                caCertPem: ca.certPem,
                caPrivateKeyPem: caKey.privateKeyPem,
                validityPeriodHours: TEN_YEARS_HOURS,
                allowedUses: ["digital_signature", "key_encipherment", "client_auth"],
            }, child);
            const upload = new cloudflare.AuthenticatedOriginPullsCertificate(`${name}-pull-cert`, {
                zoneId: args.zoneId,
                certificate: clientCertificate.certPem,
                privateKey: clientKey.privateKeyPem,
            }, child);
            new cloudflare.AuthenticatedOriginPullsSettings(`${name}-pull`, { zoneId: args.zoneId, enabled: true }, { ...child, dependsOn: [upload] });
            clientCaPem = ca.certPem;
        }

        this.material = pulumi.secret(pulumi.all([originCertificate.certificate, originKey.privateKeyPem, clientCaPem]).apply(
            ([certificatePem, privateKeyPem, caPem]): OriginTlsMaterial => ({ certificatePem, privateKeyPem, ...(caPem ? { clientCaPem: caPem } : {}) }),
        ));
        this.registerOutputs({ material: this.material });
    }
}
