import type { BotSpec } from "./lex-spec.js";

/** One way two bots differ, at a readable path such as `ja_JP › CancelOrder › sampleUtterances`. */
export interface BotDifference {
  path: string;
  /** What the source (git) has there; `undefined` when only the target has it. */
  source?: unknown;
  target?: unknown;
}

export interface CompareOptions {
  /** Compare bot names too (a deployed bot may carry the stack name). @default false */
  names?: boolean;
}

// Lists of named things compare by name, so order (the API lists by name, the definition by priority) is no difference.
const KEYED: Record<string, string> = {
  locales: "localeId",
  intents: "name",
  slotTypes: "name",
  slots: "name",
};
// Utterances compare as sets: an added or removed one is reported as such.
const SETS = new Set(["sampleUtterances"]);

/** Every difference between the source bot and the target bot (empty when they match exactly). */
export function compareBots(source: BotSpec, target: BotSpec, options: CompareOptions = {}): BotDifference[] {
  const out: BotDifference[] = [];
  const a = options.names ? source : { ...source, name: "" };
  const b = options.names ? target : { ...target, name: "" };
  walk(a, b, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: string[], out: BotDifference[]): void {
  const key = path[path.length - 1] ?? "";
  // An empty list and an absent one mean the same to Lex.
  if ((a === undefined && isEmptyList(b)) || (b === undefined && isEmptyList(a))) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const idKey = KEYED[key];
    if (idKey) {
      const am = new Map(a.map((x) => [String((x as Record<string, unknown>)[idKey]), x]));
      const bm = new Map(b.map((x) => [String((x as Record<string, unknown>)[idKey]), x]));
      for (const [id, x] of am) {
        if (!bm.has(id))
          out.push({ path: label([...path.slice(0, -1), id]), source: "present", target: "missing" });
        else walk(x, bm.get(id), [...path.slice(0, -1), id], out);
      }
      for (const id of bm.keys()) {
        if (!am.has(id))
          out.push({ path: label([...path.slice(0, -1), id]), source: "missing", target: "present" });
      }
      return;
    }
    if (SETS.has(key)) {
      const as = new Set(a.map((x) => JSON.stringify(x)));
      const bs = new Set(b.map((x) => JSON.stringify(x)));
      for (const x of as) if (!bs.has(x)) out.push({ path: label(path), source: JSON.parse(x) });
      for (const x of bs) if (!as.has(x)) out.push({ path: label(path), target: JSON.parse(x) });
      return;
    }
    if (a.length !== b.length) {
      out.push({ path: label(path), source: a, target: b });
      return;
    }
    for (const [i, x] of a.entries()) walk(x, b[i], [...path, String(i)], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], [...path, k], out);
    return;
  }
  if (a !== b) out.push({ path: label(path), source: a, target: b });
}

function isEmptyList(v: unknown): boolean {
  return Array.isArray(v) && v.length === 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function label(path: string[]): string {
  return path.join(" › ") || "(bot)";
}

/** One line per difference, for people and CI logs. */
export function formatDifference(d: BotDifference): string {
  const show = (v: unknown) =>
    v === undefined ? "—" : typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
  if (d.source !== undefined && d.target === undefined)
    return `- ${d.path}: only in source ${show(d.source)}`;
  if (d.source === undefined && d.target !== undefined)
    return `+ ${d.path}: only in target ${show(d.target)}`;
  return `~ ${d.path}: source ${show(d.source)}, target ${show(d.target)}`;
}
