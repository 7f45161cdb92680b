import * as fs from "fs";
import * as path from "path";

const sources = new Map<string, string>();

/**
 * The text Pulumi's dynamic-provider host evaluates for a provider: the module file itself, which exports `handler`.
 * It is what `pulumi.dynamic.Resource` would produce by serialising a closure, without the serialiser's cost
 * (about a quarter of a second per process) or its sensitivity to what the closure captures.
 */
export function dynamicProviderSource(name: "nodeHealthGate" | "volumeSizeGuard"): string {
    let source = sources.get(name);
    if (source === undefined) {
        source = fs.readFileSync(path.join(__dirname, `${name}.js`), "utf8");
        sources.set(name, source);
    }
    return source;
}
