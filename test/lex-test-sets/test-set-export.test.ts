import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBotText } from "../../locales/index.js";
import { daysFromToday, loadSuites } from "../conversations/runner.js";
import { CONVERSATIONS_DIR, csvCell, exportTestSets, writeTestSets } from "./test-set-export.js";

/** A minimal RFC 4180 reader (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

const suites = loadSuites(CONVERSATIONS_DIR);

describe("npm run export:testset", () => {
  const sets = exportTestSets(suites);

  it("writes one Test Workbench CSV per locale with the documented header", () => {
    expect([...sets.keys()]).toEqual(["en_US", "ja_JP"]);
    for (const csv of sets.values()) {
      const [header] = parseCsv(csv);
      expect(header!.slice(0, 6)).toEqual([
        "Line #",
        "Conversation #",
        "Source",
        "Input",
        "Session Attribute",
        "Expected Output Intent",
      ]);
      expect(header!.slice(6).every((h, n) => h === `Expected Output Slot ${n + 1}`)).toBe(true);
    }
  });

  it.each(["en_US", "ja_JP"])("has one User row per YAML turn with its intent and slots (%s)", (locale) => {
    const rows = parseCsv(sets.get(locale)!).slice(1);
    const conversations = suites.flatMap((s) => s.conversations).filter((c) => c.locale === locale);
    const turns = conversations.flatMap((c, i) => c.turns.map((t) => ({ c, i, t })));
    expect(rows).toHaveLength(turns.length);
    const zone = loadBotText(locale).timeZone;
    turns.forEach(({ c, i, t }, n) => {
      const row = rows[n]!;
      expect(row.slice(0, 4)).toEqual([String(n + 1), String(i + 1), "User", t.user]);
      expect(row[4]).toBe(c.channel === "voice" && c.caller ? `callerPhone = ${c.caller}` : "");
      expect(row[5]).toBe(t.expect.intent ?? "");
      const slots = Object.entries(t.expect.slots ?? {}).filter(([, v]) => v !== null);
      expect(row.slice(6).filter((x) => x !== "")).toHaveLength(slots.length);
      for (const [name, value] of slots) {
        const expected = String(value).replace(/\$\{today\+(\d+)\}/, (_, d: string) =>
          daysFromToday(Number(d), zone),
        );
        if (!String(value).includes("${")) expect(row).toContain(`${name} = ${expected}`);
        else expect(row.some((x) => x.startsWith(`${name} = `) && !x.includes("${"))).toBe(true);
      }
    });
  });

  it("quotes cells with commas, quotes and line breaks", () => {
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("plain")).toBe("plain");
  });

  it("writes the files", () => {
    const dir = mkdtempSync(join(tmpdir(), "orderline-testsets-"));
    const paths = writeTestSets(dir, suites);
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual(["orderline-en_US.csv", "orderline-ja_JP.csv"]);
    expect(readFileSync(paths[0]!, "utf8")).toBe(sets.get("en_US"));
  });
});
