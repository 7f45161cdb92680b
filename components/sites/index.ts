import * as fs from "fs";
import * as path from "path";
import { CLOUDFLARE_TEXT_RULES, type TextRule } from "../textRules";
import type { SiteProvider } from "./site";

const NOT_PROVIDERS = new Set(["index", "site"]);

function discoverProviders(): Record<string, SiteProvider> {
    // No prototype: a stack file's `provider: constructor` must find nothing here.
    const found: Record<string, SiteProvider> = Object.create(null);
    const modules = new Set(
        fs.readdirSync(__dirname)
            .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith(".d.ts"))
            .map((file) => file.replace(/\.(ts|js)$/, ""))
            .filter((module) => !NOT_PROVIDERS.has(module)),
    );
    for (const module of [...modules].sort()) {
        const provider: SiteProvider | undefined = require(path.join(__dirname, module)).provider;
        if (!provider) {
            throw new Error(`components/sites/${module} must export \`provider\` (a SiteProvider)`);
        }
        found[provider.name] = provider;
    }
    return found;
}

/** Every provider a site can run on, keyed by the name used in stack files. One file per provider in this folder. */
export const siteProviders: Readonly<Record<string, SiteProvider>> = discoverProviders();

/** What every provider accepts in the text the stack sends it: Cloudflare's rules and each site provider's own. */
export const textRules: readonly TextRule[] = [...CLOUDFLARE_TEXT_RULES, ...Object.values(siteProviders).flatMap((provider) => provider.textRules)];
