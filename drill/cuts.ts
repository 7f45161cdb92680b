/**
 * Whether the drill's cut also ends connections already open to the provider's nodes. Cloudflare keeps connections to
 * origins alive, so a cut that spares them is soft: the "cut" origins may go on answering over those connections.
 */
export type CutKind = "hard" | "soft";

export interface ProviderCut {
    kind: CutKind;
    /** What the drill's change does to open connections on this provider, and on whose word, for the summary. */
    why: string;
}

/**
 * How the drill's cut treats open connections, by site provider name (components/sites). A provider missing here is
 * assumed soft: a stateful firewall is the norm, and a soft cut only adds explanation to the report.
 */
export const PROVIDER_CUTS: Readonly<Record<string, ProviderCut>> = {
    // Removing a security-group rule does not interrupt tracked connections; network ACLs are stateless and apply to
    // every packet. The drill also flips the always-present network ACL to deny-all, which cuts open connections too.
    // Amazon EC2 user guide, "Security group connection tracking":
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/security-group-connection-tracking.html
    aws: { kind: "hard", why: "the drill sets a deny-all network ACL, which is stateless and drops open connections too" },
    // VPC firewall rules are stateful (connection tracking); Google does not document that disabling a rule, which is
    // how the drill cuts, ends connections already tracked. https://cloud.google.com/firewall/docs/firewalls
    gcp: { kind: "soft", why: "VPC firewall rules are stateful, and Google does not document that disabling one ends connections it already tracks" },
    // Cloud firewalls are stateful (FAQ, "Are Cloud Firewalls stateful?"); Hetzner does not document that emptying the
    // rules, which is how the drill cuts, ends tracked connections. https://docs.hetzner.com/cloud/firewalls/overview,
    // https://docs.hetzner.com/cloud/firewalls/faq/
    hetzner: { kind: "soft", why: "Hetzner Cloud firewalls are stateful, and Hetzner does not document that emptying the rules ends connections they already track" },
};

export function cutOf(provider: string): ProviderCut {
    return Object.hasOwn(PROVIDER_CUTS, provider)
        ? PROVIDER_CUTS[provider]
        : { kind: "soft", why: `nothing is recorded of how ${provider}'s firewall treats open connections (drill/cuts.ts), so the drill assumes they survive the cut` };
}
