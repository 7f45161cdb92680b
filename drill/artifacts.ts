import { providerOfSite, type ProbeRecord } from "./probe";

/** Starts a spreadsheet reads as a formula (OWASP, "CSV Injection"): such a field gets a leading ' so it stays text. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text field as RFC 4180 has it, quoted when it holds a comma, quote or line break, and never a formula. */
function csvText(value: string): string {
    const text = FORMULA_START.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The probe log, records ending in CRLF as RFC 4180 has them; the site and the error are text from outside (the origin's header, the network), quoted as such. */
export function toCsv(records: ProbeRecord[]): string {
    const rows = records.map((r) => [r.startedMs.toFixed(1), r.durationMs.toFixed(1), String(r.status), csvText(r.site), csvText(r.error ?? "")].join(","));
    return ["started_ms,duration_ms,status,site,error", ...rows].map((row) => `${row}\r\n`).join("");
}

/** Text for XML character data and quoted attribute values alike; control characters XML forbids become U+FFFD. */
function xml(value: string): string {
    return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "\ufffd");
}

const COLOURS: Readonly<Record<string, string>> = { aws: "#ff9900", gcp: "#4285f4", hetzner: "#d50c2d", "": "#555555" };
/** For providers the table does not name, picked by the name so that each keeps its colour from plot to plot. */
const OTHER_COLOURS = ["#2a9d8f", "#8e44ad", "#6a994e", "#bc6c25", "#3d5a80", "#e76f51"];

function colourOf(provider: string): string {
    if (Object.hasOwn(COLOURS, provider)) {
        return COLOURS[provider];
    }
    const hash = [...provider].reduce((sum, character) => (sum * 31 + character.charCodeAt(0)) >>> 0, 0);
    return OTHER_COLOURS[hash % OTHER_COLOURS.length];
}

/** Serving site over time: one row per site and one for failed requests, with the cut and the restore marked. */
export function toSvg(records: ProbeRecord[], marks: { label: string; atMs: number }[]): string {
    const rows = [...new Set(records.map((r) => r.site))].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)));
    const width = 900;
    const left = 170;
    const rowHeight = 28;
    const height = rows.length * rowHeight + 60;
    const endMs = Math.max(1, ...records.map((r) => r.startedMs), ...marks.map((m) => m.atMs));
    const x = (ms: number) => left + ((width - left - 20) * ms) / endMs;
    const y = (site: string) => 30 + rows.indexOf(site) * rowHeight;
    const dots = records.map((r) => `<circle cx="${x(r.startedMs).toFixed(1)}" cy="${y(r.site)}" r="3" fill="${colourOf(providerOfSite(r.site))}"><title>${(r.startedMs / 1000).toFixed(2)} s ${xml(r.status ? String(r.status) : r.error ?? "")}</title></circle>`);
    const labels = rows.map((site) => `<text x="10" y="${y(site) + 4}" font-size="12">${xml(site || "no answer")}</text>`);
    const lines = marks.map((m) => `<line x1="${x(m.atMs)}" x2="${x(m.atMs)}" y1="15" y2="${height - 35}" stroke="#000" stroke-dasharray="4 3"/><text x="${x(m.atMs) + 4}" y="12" font-size="11">${xml(m.label)}</text>`);
    const axis = `<text x="${left}" y="${height - 10}" font-size="11">0 s</text><text x="${width - 60}" y="${height - 10}" font-size="11">${(endMs / 1000).toFixed(1)} s</text>`;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">\n${[...labels, ...lines, ...dots, axis].join("\n")}\n</svg>\n`;
}
