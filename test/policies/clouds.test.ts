/**
 * The property names in policies/lib/clouds.ts are the SDKs' own: a misspelt one reads nothing, silently, and the rule
 * that needed it passes. Every path of every type of an installed package is checked: its first segment against the
 * properties the SDK's class declares (plan/sdkSchema.ts), and its nested segments against the output types the
 * class's declarations name (types/output.d.ts), which is what a pack receives once a resource exists.
 */
import * as fs from "fs";
import * as ts from "typescript";
import { classFile, declaredProperties } from "../../plan/sdkSchema";
import type { FirewallShape, Path, TypeDescription } from "../../policies/lib/cloudTypes";
import { BUILT_IN_CLOUDS } from "../../policies/lib/clouds";

const CHECKED = ["aws", "gcp", "hetzner"];

function parse(file: string): ts.SourceFile {
    return ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
}

/** Interfaces of a package's output types by qualified name (`compute.InstanceNetworkInterface`), read once. */
const outputTypes = new Map<string, Map<string, ts.InterfaceDeclaration>>();
function outputInterface(pkg: string, name: string): ts.InterfaceDeclaration | undefined {
    if (!outputTypes.has(pkg)) {
        const found = new Map<string, ts.InterfaceDeclaration>();
        const walk = (statements: ts.NodeArray<ts.Statement>, prefix: string) => {
            for (const statement of statements) {
                if (ts.isInterfaceDeclaration(statement)) found.set(prefix + statement.name.text, statement);
                if (ts.isModuleDeclaration(statement) && statement.body && ts.isModuleBlock(statement.body)) walk(statement.body.statements, `${prefix}${statement.name.text}.`);
            }
        };
        walk(parse(require.resolve(`@pulumi/${pkg}/types/output.d.ts`)).statements, "");
        outputTypes.set(pkg, found);
    }
    return outputTypes.get(pkg)!.get(name);
}

function nameOf(name: ts.PropertyName): string {
    return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : "";
}

function entityName(name: ts.EntityName): string {
    return ts.isIdentifier(name) ? name.text : `${entityName(name.left)}.${name.right.text}`;
}

/** A type's shape as far as paths care: a list of something, an object with named fields, or a leaf. */
type Shape = { kind: "list"; element: Shape } | { kind: "object"; fields: (name: string) => Shape | undefined } | { kind: "leaf"; text: string };

function shapeOf(pkg: string, node: ts.TypeNode): Shape {
    if (ts.isTypeReferenceNode(node)) {
        const name = entityName(node.typeName);
        if (name === "pulumi.Output" || name === "pulumi.Input") return shapeOf(pkg, node.typeArguments![0]);
        const declaration = name.startsWith("outputs.") ? outputInterface(pkg, name.slice("outputs.".length)) : undefined;
        return declaration ? membersOf(pkg, declaration.members) : { kind: "leaf", text: name };
    }
    if (ts.isUnionTypeNode(node)) {
        const defined = node.types.filter((member) => member.kind !== ts.SyntaxKind.UndefinedKeyword);
        return defined.length === 1 ? shapeOf(pkg, defined[0]) : { kind: "leaf", text: "a union" };
    }
    if (ts.isArrayTypeNode(node)) return { kind: "list", element: shapeOf(pkg, node.elementType) };
    if (ts.isParenthesizedTypeNode(node)) return shapeOf(pkg, node.type);
    if (ts.isTypeLiteralNode(node)) return membersOf(pkg, node.members);
    return { kind: "leaf", text: ts.tokenToString(node.kind) ?? "a value" };
}

function membersOf(pkg: string, members: ts.NodeArray<ts.TypeElement>): Shape {
    if (members.some(ts.isIndexSignatureDeclaration)) return { kind: "leaf", text: "a map" };
    const fields = new Map(members.filter(ts.isPropertySignature).map((member) => [nameOf(member.name), member.type!]));
    return { kind: "object", fields: (name) => (fields.has(name) ? shapeOf(pkg, fields.get(name)!) : undefined) };
}

/** The resource as its SDK class declares it: each declared output property's type. */
function resourceShape(type: string): Shape {
    const [pkg, , name] = type.split(":");
    const source = parse(classFile(type)!.replace(/\.js$/, ".d.ts"));
    const declaration = source.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === name)!;
    const fields = new Map(declaration.members.filter(ts.isPropertyDeclaration).map((member) => [nameOf(member.name), member.type!]));
    const declared = declaredProperties(type) ?? [];
    // The first segment is whatever the SDK declares; its type comes from the class's own declaration.
    return { kind: "object", fields: (field) => (declared.includes(field) ? (fields.has(field) ? shapeOf(pkg, fields.get(field)!) : { kind: "leaf", text: "unknown" }) : undefined) };
}

/** Walks `path` through `shape`; returns the shape it ends at, or why it does not exist. */
function follow(shape: Shape, path: Path): Shape | string {
    let current = shape;
    for (const segment of path.split(".")) {
        const each = segment.endsWith("[]");
        const name = each ? segment.slice(0, -2) : segment;
        if (name !== "") {
            if (current.kind !== "object") return `${segment}: a ${current.kind === "list" ? "list" : current.text}, not an object with fields`;
            const field = current.fields(name);
            if (!field) return `${segment}: no such property`;
            current = field;
        }
        if (each) {
            if (current.kind !== "list") return `${segment}: not a list`;
            current = current.element;
        }
    }
    return current;
}

type Where = "resource" | "rule" | "filter rule" | "machine";

/** Fields of a description and of its firewall shape that hold no path; any other field must be taught to `paths`. */
const NOT_PATHS = new Set(["role", "defaultSources", "uncoveredRefused", "uncoveredOpen"]);
const DESCRIPTION_FIELDS = new Set(["addresses", "privateAddresses", "identities", "links", "stopped", "size", "firewall", "covers", "coversTagged", "coversSelected", "firewalls", "subnets", "filter", "template"]);
const FIREWALL_FIELDS = new Set(["rules", "inbound", "allows", "protocol", "ports", "sources", "namedSource", "disabled"]);

/** Every path a description holds, with what it is read on: the resource, a rule of its list, or a machine it covers. */
function paths(description: TypeDescription): { path: Path; on: Where }[] {
    const found: { path: Path; on: Where }[] = [];
    const add = (on: Where, ...list: (Path | undefined)[]) => list.forEach((path) => path && found.push({ path, on }));
    add("resource", description.template, ...(description.addresses ?? []), ...(description.privateAddresses ?? []), ...(description.coversSelected ?? []), ...(description.identities ?? []), ...(description.firewalls ?? []), ...(description.subnets ?? []), ...(description.size ?? []));
    add("resource", ...[...(description.links ?? []), ...(description.covers ?? [])].map((link) => link.property), ...(description.stopped ?? []).map((rule) => rule.property));
    add("resource", description.coversTagged?.tags, description.filter?.rules);
    add("machine", description.coversTagged?.machineTags);
    const filter = description.filter;
    if (filter) {
        for (const path of [filter.action, filter.order, filter.protocol, filter.outbound, ...filter.sources]) add(filter.rules === "" ? "resource" : "filter rule", path);
    }
    const shape: FirewallShape | undefined = description.firewall;
    if (shape) {
        add("resource", shape.rules, shape.disabled);
        const ruleFields = [shape.inbound?.property, shape.allows?.property, shape.protocol, ...("from" in shape.ports ? [shape.ports.from, shape.ports.to] : shape.ports.text), ...shape.sources, shape.namedSource];
        // `^x` is the resource's own property; a firewall that is itself one rule reads every field on itself.
        for (const path of ruleFields) add(path?.startsWith("^") || shape.rules === "" ? "resource" : "rule", path?.replace(/^\^/, ""));
    }
    return found;
}

const checked = BUILT_IN_CLOUDS.filter((cloud) => CHECKED.includes(cloud.name));

test("the check knows every field of the tables that holds a path", () => {
    const unknown = BUILT_IN_CLOUDS.flatMap((cloud) => Object.entries(cloud.types).flatMap(([type, description]) => [
        ...Object.keys(description).filter((field) => !NOT_PATHS.has(field) && !DESCRIPTION_FIELDS.has(field)),
        ...Object.keys(description.firewall ?? {}).filter((field) => !NOT_PATHS.has(field) && !FIREWALL_FIELDS.has(field)).map((field) => `firewall.${field}`),
    ].map((field) => `${type}: ${field}`)));
    expect(unknown).toEqual([]);
});

test("every type of the aws, gcp and hetzner tables has a class in the installed SDKs", () => {
    const types = checked.flatMap((cloud) => Object.keys(cloud.types));
    expect(checked.map((cloud) => cloud.name).sort()).toEqual([...CHECKED].sort());
    expect(types.filter((type) => declaredProperties(type) === undefined)).toEqual([]);
});

test("every property path of the aws, gcp and hetzner tables names what the SDKs declare, nested fields included", () => {
    const problems: string[] = [];
    let count = 0;
    for (const cloud of checked) {
        const machines = Object.entries(cloud.types).filter(([, description]) => description.role === "machine").map(([type]) => type);
        for (const [type, description] of Object.entries(cloud.types)) {
            if (declaredProperties(type) === undefined) continue;
            const resource = resourceShape(type);
            const rules = description.firewall?.rules || description.filter?.rules;
            for (const { path, on } of paths(description)) {
                count++;
                const starts = on === "resource" ? [{ type, shape: resource }]
                    : on === "machine" ? machines.map((machine) => ({ type: machine, shape: resourceShape(machine) }))
                    : [{ type, shape: follow(resource, on === "rule" ? description.firewall!.rules : description.filter!.rules) }];
                for (const start of starts) {
                    const found = typeof start.shape === "string" ? `its rule list ${rules}: ${start.shape}` : follow(start.shape, path);
                    if (typeof found === "string") problems.push(`${start.type} ${on === "resource" ? "" : `(${on}) `}${path}: ${found}`);
                }
            }
        }
    }
    expect(count).toBeGreaterThan(100);
    expect(problems).toEqual([]);
});

test("the check tells a misspelt path, a nested one and a list read as a field from the SDK's own", () => {
    const instance = resourceShape("gcp:compute/instance:Instance");
    expect(typeof follow(instance, "networkInterfaces[].accessConfigs[].natIp")).toBe("object");
    expect(follow(instance, "networkInterface[].accessConfigs[].natIp")).toBe("networkInterface[]: no such property");
    expect(follow(instance, "networkInterfaces[].accessConfigs[].natIP")).toBe("natIP: no such property");
    expect(follow(instance, "networkInterfaces.accessConfigs")).toBe("accessConfigs: a list, not an object with fields");
    expect(follow(resourceShape("hcloud:index/server:Server"), "ipv4Address[]")).toBe("ipv4Address[]: not a list");
});
