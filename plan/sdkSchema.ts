import * as fs from "fs";
import * as path from "path";

const cache = new Map<string, string[] | undefined>();

/** The generated SDK class file of a type token, e.g. `aws:ec2/instance:Instance` → `@pulumi/aws/ec2/instance.js`. */
export function classFile(type: string): string | undefined {
    const [pkg, module, name] = type.split(":");
    if (!module || !name || pkg === "pulumi" || pkg.startsWith("pulumi-")) {
        return undefined;
    }
    const [directory, file] = module.split("/");
    try {
        const root = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`));
        const folder = directory === "index" ? root : path.join(root, directory);
        // Most files are the token's module name; some are not spelt alike (`gcp:compute/uRLMap` is compute/urlmap.js).
        const found = fs.readdirSync(folder).find((candidate) => candidate.toLowerCase() === `${file}.js`.toLowerCase());
        return found ? path.join(folder, found) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Every property the installed SDK declares for a resource type, inputs and outputs, read from its generated class
 * (each one is set from `state` when the class reads an existing resource). Undefined for types with no generated
 * class here (providers, components, dynamic resources, packages not installed).
 */
export function declaredProperties(type: string): string[] | undefined {
    if (!cache.has(type)) {
        const file = classFile(type);
        const source = file ? fs.readFileSync(file, "utf8") : "";
        const names = [...source.matchAll(/resourceInputs\["(\w+)"\] = state\?\.\w+;/g)].map((match) => match[1]);
        cache.set(type, names.length > 0 ? names : undefined);
    }
    return cache.get(type);
}

