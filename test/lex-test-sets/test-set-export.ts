import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadBotText } from "../../locales/index.js";
import {
  type Conversation,
  type ConversationSuite,
  expandDates,
  loadSuites,
} from "../conversations/runner.js";

/** The YAML conversation suites. */
export const CONVERSATIONS_DIR = join(import.meta.dirname, "..", "conversations");
/** Where `npm run export:testset` writes by default. */
export const TEST_SETS_DIR = join(import.meta.dirname, "..", "..", ".orderline", "test-sets");

/**
 * Lex Test Workbench test sets (text modality) from the conversation suites: one CSV per locale, one
 * conversation per YAML conversation, one `User` row per turn with the expected intent and slot values.
 * Relative dates (`${today+N}`) are resolved in the locale's time zone on the day of the export, so export
 * on the day you run the set. Conversations that need orders in the table (most do) need those orders in
 * the deployed table too; the CSV cannot carry them.
 */
export function exportTestSets(suites: ConversationSuite[]): Map<string, string> {
  const byLocale = new Map<string, Conversation[]>();
  for (const s of suites)
    for (const c of s.conversations) byLocale.set(c.locale, [...(byLocale.get(c.locale) ?? []), c]);
  const out = new Map<string, string>();
  for (const [locale, conversations] of [...byLocale].sort(([a], [b]) => a.localeCompare(b))) {
    out.set(locale, toCsv(conversations, loadBotText(locale).timeZone));
  }
  return out;
}

function toCsv(conversations: Conversation[], timeZone: string): string {
  const rows: {
    line: number;
    conversation: number;
    input: string;
    session: string[];
    intent: string;
    slots: string[];
  }[] = [];
  let line = 0;
  conversations.forEach((c, i) => {
    for (const turn of c.turns) {
      const slots = Object.entries(turn.expect.slots ?? {})
        .filter((e): e is [string, string] => e[1] !== null)
        .map(([name, value]) => `${name} = ${expandDates(value, timeZone)}`);
      rows.push({
        line: ++line,
        conversation: i + 1,
        input: turn.user,
        // The voice flow passes the caller's number as the session attribute callerPhone.
        session: c.caller && c.channel === "voice" ? [`callerPhone = ${c.caller}`] : [],
        intent: turn.expect.intent ?? "",
        slots,
      });
    }
  });
  const slotColumns = Math.max(1, ...rows.map((r) => r.slots.length));
  const header = [
    "Line #",
    "Conversation #",
    "Source",
    "Input",
    "Session Attribute",
    "Expected Output Intent",
    ...Array.from({ length: slotColumns }, (_, n) => `Expected Output Slot ${n + 1}`),
  ];
  const lines = [
    header,
    ...rows.map((r) => [
      String(r.line),
      String(r.conversation),
      "User",
      r.input,
      r.session[0] ?? "",
      r.intent,
      ...Array.from({ length: slotColumns }, (_, n) => r.slots[n] ?? ""),
    ]),
  ];
  return `${lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** RFC 4180: quote cells with commas, quotes or line breaks; double the quotes. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes `<dir>/<locale>.csv` for every locale; returns the paths. */
export function writeTestSets(dir = TEST_SETS_DIR, suites = loadSuites(CONVERSATIONS_DIR)): string[] {
  mkdirSync(dir, { recursive: true });
  return [...exportTestSets(suites)].map(([locale, csv]) => {
    const path = join(dir, `orderline-${locale}.csv`);
    writeFileSync(path, csv, "utf8");
    return path;
  });
}
