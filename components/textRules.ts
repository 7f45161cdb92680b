/**
 * What each provider accepts in the text the components send: names, descriptions, labels, tags and user data.
 * Providers check most of these only when they call their API, so a bad value passes the mocks and fails
 * `pulumi preview` or `pulumi up`; `textViolations` applies every rule to what a program registered.
 * Rules for a cloud's own resource types live in its site file (`SiteProvider.textRules`); the shared ones here.
 */

export interface TextRule {
    type: string;
    /**
     * Property path: `a.b` a field, `a[]` every element, `a{}` every map value, `a{key}` every map key, `$name` the
     * name the provider's auto-naming derives from the logical name (the logical name, "-" and 7 hex characters).
     */
    path: string;
    accepts: RegExp | ((value: string) => boolean);
    /** What is allowed, in words, for the message. */
    allowed: string;
    source: string;
    /** The stack-file keys the value is made from, where they are not plain to see. */
    setBy?: string;
}

/** What the nodes' user data is made from. */
export const USER_DATA_SET_BY = "node.env, secretEnv and node.image, which each node's cloud-init carries with its certificates";

export interface CheckedResource {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

function plain(value: unknown): unknown {
    return typeof value === "object" && value !== null && SECRET_SIGNATURE in value ? (value as unknown as { value: unknown }).value : value;
}

/** Every string at `path` in `value`, with the path it was found at. */
function stringsAt(value: unknown, path: string[], at: string): { at: string; text: string }[] {
    value = plain(value);
    if (path.length === 0) {
        return typeof value === "string" ? [{ at, text: value }] : [];
    }
    const [head, ...rest] = path;
    const field = /^([^[{]*)(\[\]|\{\}|\{key\})?$/.exec(head)!;
    const [, name, shape] = field;
    const next = name === "" ? value : typeof value === "object" && value !== null ? (plain((value as Record<string, unknown>)[name])) : undefined;
    const here = name === "" ? at : at ? `${at}.${name}` : name;
    if (shape === "[]") {
        return Array.isArray(next) ? next.flatMap((item, index) => stringsAt(item, rest, `${here}[${index}]`)) : [];
    }
    if (shape === "{}" || shape === "{key}") {
        const entries = typeof next === "object" && next !== null ? Object.entries(next) : [];
        return shape === "{key}"
            ? entries.map(([key]) => ({ at: `${here} key "${key}"`, text: key }))
            : entries.flatMap(([key, item]) => stringsAt(item, rest, `${here}.${key}`));
    }
    return stringsAt(next, rest, here);
}

/** An auto-named resource gets `<logical name>-<7 hex>` (pulumi-terraform-bridge `AutoName`, `Randlen: 7`). */
const AUTONAME_SUFFIX = "-0123abc";

/** One line per value a provider would refuse: resource, property, value, what is allowed, and the source. */
export function textViolations(resources: readonly CheckedResource[], rules: readonly TextRule[]): string[] {
    const byType = new Map<string, TextRule[]>();
    for (const rule of rules) {
        byType.set(rule.type, [...(byType.get(rule.type) ?? []), rule]);
    }
    return resources.flatMap((resource) => (byType.get(resource.type) ?? []).flatMap((rule) => {
        const found = rule.path === "$name"
            ? [{ at: "auto-generated name", text: `${resource.name}${AUTONAME_SUFFIX}` }]
            : stringsAt(resource.inputs, rule.path.split("."), "");
        return found
            .filter(({ text }) => (typeof rule.accepts === "function" ? !rule.accepts(text) : !rule.accepts.test(text)))
            .map(({ at, text }) => `${resource.type} ${resource.name} ${at}: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)} is not accepted; allowed: ${rule.allowed} (${rule.source})${rule.setBy ? `; it is made from ${rule.setBy}` : ""}`);
    }));
}

export function byteLength(limit: number): (value: string) => boolean {
    return (value) => Buffer.byteLength(value) <= limit;
}

const CLOUDFLARE_API_DOCS = "Cloudflare load-balancing API schema";

/** Cloudflare's own resources, which every stack uses whatever its sites. */
export const CLOUDFLARE_TEXT_RULES: TextRule[] = [
    {
        type: "cloudflare:index/loadBalancerPool:LoadBalancerPool",
        path: "name",
        accepts: /^[A-Za-z0-9_-]{1,}$/,
        allowed: "letters, digits, - and _",
        source: `${CLOUDFLARE_API_DOCS}, pool name`,
    },
    {
        type: "cloudflare:index/loadBalancer:LoadBalancer",
        path: "name",
        accepts: /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
        allowed: "a DNS hostname",
        source: `${CLOUDFLARE_API_DOCS}, load balancer name`,
    },
    {
        type: "cloudflare:index/loadBalancerMonitor:LoadBalancerMonitor",
        path: "expectedCodes",
        accepts: /^[1-5]([0-9]{2}|xx)$/,
        allowed: "a status code such as 200, or a class such as 2xx",
        source: `${CLOUDFLARE_API_DOCS}, monitor expected_codes`,
    },
];
