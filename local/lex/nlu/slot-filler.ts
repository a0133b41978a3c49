/**
 * Decides which mention fills which slot, from the carrier phrases around `{Slot}` references in the
 * training utterances ("order {OrderId}", "ends in {PhoneLast4}", "注文番号{OrderId}", "下4桁は{PhoneLast4}").
 * Each slot learns the words seen at each position left and right of its references; a mention scores a
 * slot by how well its neighbours match. Mentions the slot's type rejects never fill it.
 */
import type { RenderedIntent, RenderedSlotType } from "../../../bot/types.js";
import type { EntitySpan } from "./entity-spans.js";
import { placeholderForSlotType } from "./entity-spans.js";
import { resolverFor, type SlotValueResolver } from "./slot-values.js";
import { wordsOf } from "./text-features.js";
import { tokenizeTemplate } from "./tokenize.js";
import type { NluSlotValue, ResolveContext } from "./types.js";

const LEFT_WEIGHTS = [1, 0.5, 0.25];
const RIGHT_WEIGHTS = [0.7, 0.35];
/** Weight of the same slot name's carrier phrases learned from other intents. */
const POOLED_WEIGHT = 0.5;
/** Additive smoothing of the context counts, over a nominal context vocabulary size. */
const SMOOTHING = 0.5;
const CONTEXT_VOCABULARY = 50;

class ContextCounts {
  occurrences = 0;
  readonly left = LEFT_WEIGHTS.map(() => new Map<string, number>());
  readonly right = RIGHT_WEIGHTS.map(() => new Map<string, number>());

  add(tokens: string[], at: number): void {
    this.occurrences++;
    for (let j = 0; j < LEFT_WEIGHTS.length; j++) bump(this.left[j]!, tokens[at - 1 - j] ?? "^");
    for (let j = 0; j < RIGHT_WEIGHTS.length; j++) bump(this.right[j]!, tokens[at + 1 + j] ?? "$");
  }

  /** Smoothed log-likelihood of the neighbours at `at`, mixing in `pooled` counts at `pooledWeight`. */
  logLikelihood(tokens: string[], at: number, pooled: ContextCounts, pooledWeight: number): number {
    const occ = this.occurrences + pooledWeight * pooled.occurrences;
    const p = (own: Map<string, number>, shared: Map<string, number>, tok: string) =>
      ((own.get(tok) ?? 0) + pooledWeight * (shared.get(tok) ?? 0) + SMOOTHING) /
      (occ + SMOOTHING * CONTEXT_VOCABULARY);
    let s = 0;
    for (let j = 0; j < LEFT_WEIGHTS.length; j++) {
      s += LEFT_WEIGHTS[j]! * Math.log(p(this.left[j]!, pooled.left[j]!, tokens[at - 1 - j] ?? "^"));
    }
    for (let j = 0; j < RIGHT_WEIGHTS.length; j++) {
      s += RIGHT_WEIGHTS[j]! * Math.log(p(this.right[j]!, pooled.right[j]!, tokens[at + 1 + j] ?? "$"));
    }
    return s;
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

interface SlotModel {
  name: string;
  resolver: SlotValueResolver;
  own: ContextCounts;
  pooled: ContextCounts;
  prior: number;
}

/** Mention placeholders in the token stream the filler scores against (`§0`, `§1`, …). */
function markerTokens(
  text: string,
  spans: EntitySpan[],
  lang: "en" | "ja",
): { tokens: string[]; at: number[] } {
  const tokens: string[] = [];
  const at: number[] = [];
  let pos = 0;
  for (const s of spans) {
    tokens.push(...wordsOf(text.slice(pos, s.start).toLowerCase(), lang));
    at.push(tokens.length);
    tokens.push(`§${s.kind}`);
    pos = s.end;
  }
  tokens.push(...wordsOf(text.slice(pos).toLowerCase(), lang));
  return { tokens, at };
}

/** The carrier-phrase models of every intent's slots in one locale. */
export class SlotFiller {
  private readonly byIntent = new Map<string, SlotModel[]>();

  constructor(
    intents: RenderedIntent[],
    slotTypes: RenderedSlotType[],
    private readonly lang: "en" | "ja",
  ) {
    const own = new Map<string, ContextCounts>(); // `${intent}.${slot}`
    const pooled = new Map<string, ContextCounts>(); // slot name
    for (const intent of intents) {
      const typeOf = new Map(intent.slots.map((s) => [s.name, s.slotType]));
      // Other slots keep their type's placeholder so "{OrderId} {PhoneLast4}" contexts stay meaningful.
      const mark = (name: string) => `{${name}}`;
      const templates = [
        ...intent.utterances,
        ...intent.slots.flatMap((s) => s.sampleUtterances.map((u) => ({ u, only: s.name }))),
      ];
      for (const entry of templates) {
        const template = typeof entry === "string" ? entry : entry.u;
        const tokens = tokenizeTemplate(template, lang, mark);
        const typed = tokens.tokens.map((t) => {
          const m = /^\{(\w+)\}$/.exec(t);
          const type = m ? typeOf.get(m[1]!) : undefined;
          return type ? `§${kindOfPlaceholder(placeholderForSlotType(type, slotTypes))}` : t;
        });
        tokens.tokens.forEach((t, i) => {
          const m = /^\{(\w+)\}$/.exec(t);
          if (!m || !typeOf.has(m[1]!)) return;
          const key = `${intent.name}.${m[1]}`;
          if (!own.has(key)) own.set(key, new ContextCounts());
          if (!pooled.has(m[1]!)) pooled.set(m[1]!, new ContextCounts());
          own.get(key)!.add(typed, i);
          pooled.get(m[1]!)!.add(typed, i);
        });
      }
    }
    for (const intent of intents) {
      const models = intent.slots.map((s) => ({
        name: s.name,
        resolver: resolverFor(s.slotType, slotTypes),
        own: own.get(`${intent.name}.${s.name}`) ?? new ContextCounts(),
        pooled: pooled.get(s.name) ?? new ContextCounts(),
        prior: 0,
      }));
      const total = models.reduce((n, m) => n + m.own.occurrences, 0) || 1;
      for (const m of models) m.prior = m.own.occurrences / total;
      this.byIntent.set(intent.name, models);
    }
  }

  private score(model: SlotModel, tokens: string[], at: number): number {
    // Naive Bayes: log P(slot) + Σ log P(neighbour | slot); the prior favours the slot mentioned most.
    return Math.log(model.prior + 1e-3) + model.own.logLikelihood(tokens, at, model.pooled, POOLED_WEIGHT);
  }

  /** Fills the intent's slots from the mentions in `text`; each mention fills at most one slot. */
  extract(
    intentName: string,
    text: string,
    spans: EntitySpan[],
    ctx: ResolveContext,
  ): Record<string, NluSlotValue> {
    const models = this.byIntent.get(intentName) ?? [];
    const { tokens, at } = markerTokens(text, spans, this.lang);
    const pairs: { slot: string; span: number; score: number; value: NluSlotValue }[] = [];
    spans.forEach((span, i) => {
      for (const m of models) {
        const v = m.resolver.fromSpan(span, ctx);
        if (v) pairs.push({ slot: m.name, span: i, score: this.score(m, tokens, at[i]!), value: v });
      }
    });
    pairs.sort((a, b) => b.score - a.score);
    const out: Record<string, NluSlotValue> = {};
    const used = new Set<number>();
    for (const p of pairs) {
      if (out[p.slot] || used.has(p.span)) continue;
      out[p.slot] = p.value;
      used.add(p.span);
    }
    return out;
  }

  /** The answer to a prompt for `slotName`: the best mention of its type, else the whole text read by the type. */
  resolve(
    intentName: string,
    slotName: string,
    text: string,
    spans: EntitySpan[],
    ctx: ResolveContext,
  ): NluSlotValue | null {
    const model = this.byIntent.get(intentName)?.find((m) => m.name === slotName);
    if (!model) return null;
    const { tokens, at } = markerTokens(text, spans, this.lang);
    let best: { score: number; value: NluSlotValue } | null = null;
    spans.forEach((span, i) => {
      const v = model.resolver.fromSpan(span, ctx);
      if (!v) return;
      const score = this.score(model, tokens, at[i]!);
      if (!best || score > best.score) best = { score, value: v };
    });
    return (best as { value: NluSlotValue } | null)?.value ?? model.resolver.fromText(text, ctx);
  }

  /** Slot names of an intent, in elicitation order. */
  slotsOf(intentName: string): string[] {
    return (this.byIntent.get(intentName) ?? []).map((m) => m.name);
  }
}

function kindOfPlaceholder(ph: string): string {
  const inner = ph.slice(1, -1);
  return inner === "num" ? "number" : ["date", "time", "phone"].includes(inner) ? inner : "custom";
}
