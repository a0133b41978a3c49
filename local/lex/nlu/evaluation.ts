/**
 * Intent evaluation like `rasa test nlu`: per-intent precision/recall/F1, a confusion matrix, accuracy,
 * held-out sets and k-fold cross-validation over the sample utterances. Shared by the report and the tests.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { askingContexts, QuestionContext } from "../../../bot/definition.js";
import type { RenderedLocale } from "../../../bot/types.js";
import { isEligible } from "../active-contexts.js";
import { type NluOptions, type TrainingExample, trainingExamples, trainNluWith } from "./locale-nlu.js";
import type { NluModel, ResolveContext } from "./types.js";

/** Name of the intent Lex picks under the confidence threshold. */
export const FALLBACK_INTENT = "FallbackIntent";

export interface HeldOutExample {
  text: string;
  intent: string;
  slots?: Record<string, string>;
}

export interface HeldOutSet {
  locale: string;
  /** Reference instant for relative dates in the expected slots. */
  now: string;
  examples: HeldOutExample[];
}

/** Reads a held-out YAML file (`test/nlu/heldout.<locale>.yaml`). */
export function loadHeldOut(path: string): HeldOutSet {
  const data = parse(readFileSync(path, "utf8")) as HeldOutSet;
  if (!data || !Array.isArray(data.examples)) throw new Error(`${path}: no examples`);
  return data;
}

/** The intent Lex would pick: the best one, or FallbackIntent under the threshold. */
export function predictIntent(
  model: NluModel,
  text: string,
  threshold: number,
): { intent: string; confidence: number } {
  const [top] = model.classify(text);
  if (!top || top.confidence < threshold)
    return { intent: FALLBACK_INTENT, confidence: top?.confidence ?? 0 };
  return top;
}

export interface IntentMetrics {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface IntentEvaluation {
  accuracy: number;
  total: number;
  correct: number;
  perIntent: IntentMetrics[];
  macro: Omit<IntentMetrics, "intent">;
  weighted: Omit<IntentMetrics, "intent">;
  /** Row = expected intent, column = predicted intent, in `labels` order. */
  confusion: number[][];
  labels: string[];
  errors: { text: string; expected: string; predicted: string; confidence: number }[];
  /** Every prediction, in input order. */
  results: { text: string; expected: string; predicted: string; confidence: number }[];
}

/** Scores predictions against expectations. */
export function evaluateIntents(
  results: { text: string; expected: string; predicted: string; confidence: number }[],
  labelOrder: string[] = [],
): IntentEvaluation {
  const labels = [...new Set([...labelOrder, ...results.flatMap((r) => [r.expected, r.predicted])])];
  const confusion = labels.map(() => labels.map(() => 0));
  for (const r of results) confusion[labels.indexOf(r.expected)]![labels.indexOf(r.predicted)]! += 1;
  const perIntent = labels.map((intent, i) => {
    const tp = confusion[i]![i]!;
    const predicted = confusion.reduce((n, row) => n + row[i]!, 0);
    const support = confusion[i]!.reduce((n, v) => n + v, 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, precision, recall, f1, support };
  });
  const withSupport = perIntent.filter((m) => m.support > 0);
  const total = results.length;
  const avg = (weighted: boolean) => {
    const w = (m: IntentMetrics) => (weighted ? m.support / total : 1 / withSupport.length);
    return {
      precision: withSupport.reduce((s, m) => s + w(m) * m.precision, 0),
      recall: withSupport.reduce((s, m) => s + w(m) * m.recall, 0),
      f1: withSupport.reduce((s, m) => s + w(m) * m.f1, 0),
      support: total,
    };
  };
  const correct = results.filter((r) => r.expected === r.predicted).length;
  return {
    accuracy: total ? correct / total : 0,
    total,
    correct,
    perIntent,
    macro: avg(false),
    weighted: avg(true),
    confusion,
    labels,
    errors: results.filter((r) => r.expected !== r.predicted),
    results,
  };
}

/** Runs a held-out set through a model. */
export function evaluateHeldOut(model: NluModel, set: HeldOutSet, threshold: number): IntentEvaluation {
  const results = set.examples.map((e) => {
    const p = predictIntent(model, e.text, threshold);
    return { text: e.text, expected: e.intent, predicted: p.intent, confidence: p.confidence };
  });
  return evaluateIntents(results);
}

export interface SlotEvaluation {
  total: number;
  correct: number;
  errors: { text: string; slot: string; expected: string; actual: string | null }[];
}

/** Checks the expected slot values of a held-out set (extraction with the expected intent). */
export function evaluateHeldOutSlots(model: NluModel, set: HeldOutSet, ctx: ResolveContext): SlotEvaluation {
  const out: SlotEvaluation = { total: 0, correct: 0, errors: [] };
  for (const e of set.examples) {
    if (!e.slots) continue;
    const found = model.extractSlots(e.text, e.intent, ctx);
    for (const [slot, expected] of Object.entries(e.slots)) {
      out.total++;
      const actual = found[slot]?.interpretedValue ?? null;
      if (actual === expected) out.correct++;
      else out.errors.push({ text: e.text, slot, expected, actual });
    }
  }
  return out;
}

// Example values that stand in for `{Slot}` references when a held-back template is scored like a real
// utterance in cross-validation.
const FILLERS: Record<"en" | "ja", Record<string, string>> = {
  en: { "<num>": "48213", "<date>": "next friday", "<time>": "3 pm", "<phone>": "555 201 7788" },
  ja: { "<num>": "48213", "<date>": "来週の金曜日", "<time>": "午後3時", "<phone>": "090-1234-5678" },
};

/** Fills `{Slot}` references of a template with example values of the slot's type. */
export function fillTemplate(locale: RenderedLocale, intent: string, template: string): string {
  const lang = locale.localeId.startsWith("ja") ? "ja" : "en";
  const slots = locale.intents.find((i) => i.name === intent)?.slots ?? [];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const slot = slots.find((s) => s.name === name);
    if (!slot) return whole;
    const type = locale.slotTypes.find((t) => t.name === slot.slotType);
    if (type?.values[0]) return type.values[0].value;
    const builtIn = type?.parentSlotTypeSignature ?? slot.slotType;
    const key =
      builtIn === "AMAZON.Date"
        ? "<date>"
        : builtIn === "AMAZON.Time"
          ? "<time>"
          : builtIn === "AMAZON.PhoneNumber"
            ? "<phone>"
            : "<num>";
    return FILLERS[lang][key]!;
  });
}

/**
 * Which contexts cross-validation scores a held-back utterance with. `runtime`: as the emulator would hear it —
 * an utterance of a context-gated intent (Affirm, Deny: input context YesNoQuestion) with that intent's input
 * contexts active (the bot has just asked a yes/no question), every other utterance with none, so gated intents
 * are not candidates there. `none`: every intent is a candidate for every utterance (no gating at all).
 */
export type CrossValidationContexts = "runtime" | "none";

/**
 * Stratified k-fold cross-validation over the sample utterances (deterministic: every k-th utterance of
 * each intent goes to the same fold). Held-back templates are filled with example slot values and scored with
 * the contexts `contexts` says (default: as at run time).
 */
export function crossValidate(
  locale: RenderedLocale,
  k = 5,
  options: NluOptions = {},
  contexts: CrossValidationContexts = "runtime",
): IntentEvaluation {
  const all = trainingExamples(locale);
  const fold = new Map<TrainingExample, number>();
  const seen = new Map<string, number>();
  for (const e of all) {
    const n = seen.get(e.intent) ?? 0;
    fold.set(e, n % k);
    seen.set(e.intent, n + 1);
  }
  const inputContexts = new Map(locale.intents.map((i) => [i.name, i.inputContexts ?? []]));
  const results: { text: string; expected: string; predicted: string; confidence: number }[] = [];
  for (let f = 0; f < k; f++) {
    const model = trainNluWith(
      locale,
      all.filter((e) => fold.get(e) !== f),
      options,
    );
    for (const e of all.filter((x) => fold.get(x) === f)) {
      const text = fillTemplate(locale, e.intent, e.text);
      const p =
        contexts === "none"
          ? predictIntent(model, text, locale.nluConfidenceThreshold)
          : predictIntentInContext(model, locale, text, inputContexts.get(e.intent) ?? []);
      results.push({ text, expected: e.intent, predicted: p.intent, confidence: p.confidence });
    }
  }
  return evaluateIntents(
    results,
    locale.intents.map((i) => i.name),
  );
}

/** One sentence of a categorized held-out set; `context` names the question just asked (a Lex context). */
export interface CategoryExample extends HeldOutExample {
  context?: string;
}

/** `test/nlu/categories.<locale>.yaml`: held-out sentences grouped by the kind of conversation they test. */
export interface CategorySet {
  locale: string;
  now: string;
  categories: Record<string, CategoryExample[]>;
}

/** Reads a categorized held-out YAML file. */
export function loadCategories(path: string): CategorySet {
  const data = parse(readFileSync(path, "utf8")) as CategorySet;
  if (!data?.categories || typeof data.categories !== "object") throw new Error(`${path}: no categories`);
  return data;
}

/**
 * The contexts active when the bot has just asked `question`: those the asking turn activates (the question's
 * own and the yes/no context, see `askingContexts`), or none.
 */
export function contextsAfterAsking(question: string | undefined): string[] {
  if (!question) return [];
  const known = Object.values(QuestionContext) as string[];
  if (!known.includes(question) || question === QuestionContext.YesNo) return [question];
  return askingContexts(question as Exclude<QuestionContext, "YesNoQuestion">);
}

/**
 * The intent Lex would pick with `active` contexts: intents whose input contexts are not all active are not
 * candidates (their scores are dropped, not shared out), then FallbackIntent under the threshold.
 */
export function predictIntentInContext(
  model: NluModel,
  locale: RenderedLocale,
  text: string,
  active: readonly string[],
): { intent: string; confidence: number } {
  const byName = new Map(locale.intents.map((i) => [i.name, i]));
  const top = model.classify(text).find((s) => isEligible(byName.get(s.intent) ?? {}, active));
  if (!top || top.confidence < locale.nluConfidenceThreshold)
    return { intent: FALLBACK_INTENT, confidence: top?.confidence ?? 0 };
  return top;
}

export interface CategoryResult {
  category: string;
  total: number;
  correct: number;
  accuracy: number;
  errors: { text: string; context?: string; expected: string; predicted: string; confidence: number }[];
  slots: SlotEvaluation;
}

/** Accuracy per category (contexts applied) and the expected slots, extracted with the expected intent. */
export function evaluateCategories(
  model: NluModel,
  locale: RenderedLocale,
  set: CategorySet,
  ctx: ResolveContext,
): { categories: CategoryResult[]; overall: { total: number; correct: number; accuracy: number } } {
  const categories = Object.entries(set.categories).map(([category, examples]) => {
    const errors: CategoryResult["errors"] = [];
    const slots: SlotEvaluation = { total: 0, correct: 0, errors: [] };
    for (const e of examples) {
      const p = predictIntentInContext(model, locale, e.text, contextsAfterAsking(e.context));
      if (p.intent !== e.intent) errors.push({ ...pick(e), predicted: p.intent, confidence: p.confidence });
      if (!e.slots) continue;
      const found = model.extractSlots(e.text, e.intent, ctx);
      for (const [slot, expected] of Object.entries(e.slots)) {
        slots.total++;
        const actual = found[slot]?.interpretedValue ?? null;
        if (actual === expected) slots.correct++;
        else slots.errors.push({ text: e.text, slot, expected, actual });
      }
    }
    const total = examples.length;
    return {
      category,
      total,
      correct: total - errors.length,
      accuracy: (total - errors.length) / total,
      errors,
      slots,
    };
  });
  const total = categories.reduce((n, c) => n + c.total, 0);
  const correct = categories.reduce((n, c) => n + c.correct, 0);
  return { categories, overall: { total, correct, accuracy: total ? correct / total : 0 } };
}

function pick(e: CategoryExample): { text: string; context?: string; expected: string } {
  return { text: e.text, ...(e.context ? { context: e.context } : {}), expected: e.intent };
}
