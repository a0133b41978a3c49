/**
 * `npm run nlu:report`: per locale, held-out evaluation and 5-fold cross-validation over the sample
 * utterances, printed like `rasa test nlu` (classification report + confusion matrix), plus slot accuracy,
 * training time and classification latency. JSON goes to `.orderline/nlu-report.json`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderBot } from "../../../bot/render.js";
import {
  crossValidate,
  evaluateCategories,
  evaluateHeldOut,
  evaluateHeldOutSlots,
  FALLBACK_INTENT,
  type IntentEvaluation,
  loadCategories,
  loadHeldOut,
} from "./evaluation.js";
import { trainNlu } from "./index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const CV_FOLDS = 5;

function pad(s: string | number, n: number, left = false): string {
  const t = String(s);
  return left ? t.padStart(n) : t.padEnd(n);
}

/** sklearn/rasa-style classification report. */
function classificationReport(ev: IntentEvaluation): string {
  const width = Math.max(14, ...ev.labels.map((l) => l.length)) + 2;
  const f = (x: number) => x.toFixed(2);
  const lines = [
    `${pad("", width)}${pad("precision", 11, true)}${pad("recall", 9, true)}${pad("f1-score", 10, true)}${pad("support", 9, true)}`,
    "",
  ];
  for (const m of ev.perIntent) {
    lines.push(
      `${pad(m.intent, width, true)}${pad(f(m.precision), 11, true)}${pad(f(m.recall), 9, true)}${pad(f(m.f1), 10, true)}${pad(m.support, 9, true)}`,
    );
  }
  lines.push("");
  lines.push(
    `${pad("accuracy", width, true)}${pad("", 20)}${pad(f(ev.accuracy), 10, true)}${pad(ev.total, 9, true)}`,
  );
  for (const [name, a] of [
    ["macro avg", ev.macro],
    ["weighted avg", ev.weighted],
  ] as const) {
    lines.push(
      `${pad(name, width, true)}${pad(f(a.precision), 11, true)}${pad(f(a.recall), 9, true)}${pad(f(a.f1), 10, true)}${pad(a.support, 9, true)}`,
    );
  }
  return lines.join("\n");
}

function confusionMatrix(ev: IntentEvaluation): string {
  const short = ev.labels.map((l) => l.replace(/[a-z]/g, "") || l.slice(0, 4));
  const width = Math.max(...ev.labels.map((l) => l.length)) + 2;
  const cell = Math.max(5, ...short.map((s) => s.length + 1));
  const lines = [`${pad("expected \\ predicted", width)}${short.map((s) => pad(s, cell, true)).join("")}`];
  ev.labels.forEach((l, i) => {
    lines.push(`${pad(l, width)}${ev.confusion[i]!.map((v) => pad(v || ".", cell, true)).join("")}`);
  });
  lines.push(`(columns: ${ev.labels.map((l, i) => `${short[i]}=${l}`).join(", ")})`);
  return lines.join("\n");
}

function errorsBlock(ev: IntentEvaluation, limit = 25): string {
  if (ev.errors.length === 0) return "  (none)";
  return ev.errors
    .slice(0, limit)
    .map((e) => `  "${e.text}"  expected ${e.expected}, got ${e.predicted} (${e.confidence.toFixed(2)})`)
    .concat(ev.errors.length > limit ? [`  … ${ev.errors.length - limit} more`] : [])
    .join("\n");
}

// The JSON report keeps the errors, not every prediction.
function withoutResults(ev: IntentEvaluation): Omit<IntentEvaluation, "results"> {
  const { results: _, ...rest } = ev;
  return rest;
}

// Cross-validation accuracy of short utterances (up to three words; Japanese: up to eight characters) and
// longer ones: short yes/no and small-talk utterances often have no word left in the other folds.
function byLength(ev: IntentEvaluation): { label: string; total: number; accuracy: number }[] {
  const isShort = (text: string) =>
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)
      ? [...text.replace(/[\s\p{P}\p{S}]/gu, "")].length <= 8
      : text.split(/\s+/).length <= 3;
  return [
    { label: "short", pick: true },
    { label: "longer", pick: false },
  ].map(({ label, pick }) => {
    const all = ev.results.filter((r) => isShort(r.text) === pick);
    const correct = all.filter((r) => r.expected === r.predicted).length;
    return { label, total: all.length, accuracy: all.length ? correct / all.length : 0 };
  });
}

function main(): void {
  const bot = renderBot();
  const summary: Record<string, unknown> = {};
  for (const locale of bot.locales) {
    const id = locale.localeId;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const model = trainNlu(locale);
    const trainMs = performance.now() - t0;
    // CPU time too: on a busy machine wall time mostly measures the neighbours.
    const trainCpuMs = process.cpuUsage(cpu0).user / 1000;
    const set = loadHeldOut(join(root, "test/nlu", `heldout.${id}.yaml`));
    const heldOut = evaluateHeldOut(model, set, locale.nluConfidenceThreshold);
    const slots = evaluateHeldOutSlots(model, set, {
      localeId: id,
      timeZone: locale.timeZone,
      now: new Date(set.now),
    });
    const cv = crossValidate(locale, CV_FOLDS);
    const cvUngated = crossValidate(locale, CV_FOLDS, {}, "none");
    // Warm timing: the emulator classifies many turns with one trained model.
    const texts = set.examples.map((e) => e.text);
    for (const t of texts) model.classify(t);
    const rounds = 20;
    const t1 = performance.now();
    for (let r = 0; r < rounds; r++) for (const t of texts) model.classify(t);
    const classifyUs = ((performance.now() - t1) * 1000) / (rounds * texts.length);
    const warmStart = performance.now();
    trainNlu(locale);
    const warmTrainMs = performance.now() - warmStart;
    const utterances = locale.intents.reduce((n, i) => n + i.utterances.length, 0);

    const rule = "=".repeat(100);
    console.log(
      `\n${rule}\n${id}: ${utterances} sample utterances, ${locale.intents.length} intents, threshold ${locale.nluConfidenceThreshold}\n${rule}`,
    );
    console.log(
      `\nHeld-out set (test/nlu/heldout.${id}.yaml, ${heldOut.total} utterances, ${FALLBACK_INTENT} = out of domain)\n`,
    );
    console.log(classificationReport(heldOut));
    console.log(`\nConfusion matrix (held-out)\n${confusionMatrix(heldOut)}`);
    console.log(`\nHeld-out errors\n${errorsBlock(heldOut)}`);
    console.log(`\nHeld-out slots: ${slots.correct}/${slots.total} correct`);
    for (const e of slots.errors)
      console.log(`  "${e.text}"  ${e.slot}: expected ${e.expected}, got ${e.actual}`);
    const categorySet = loadCategories(join(root, "test/nlu", `categories.${id}.yaml`));
    const categories = evaluateCategories(model, locale, categorySet, {
      localeId: id,
      timeZone: locale.timeZone,
      now: new Date(categorySet.now),
    });
    console.log(
      `\nCategorized held-out set (test/nlu/categories.${id}.yaml, ${categories.overall.total} utterances, written before issue 10's fixes; the question's context applied)\n`,
    );
    for (const c of categories.categories) {
      const slotsText = c.slots.total ? `  slots ${c.slots.correct}/${c.slots.total}` : "";
      console.log(
        `${pad(c.category, 20, true)}${pad(`${(c.accuracy * 100).toFixed(0)}%`, 7, true)}${pad(`${c.correct}/${c.total}`, 8, true)}${slotsText}`,
      );
    }
    console.log(
      `${pad("overall", 20, true)}${pad(`${(categories.overall.accuracy * 100).toFixed(1)}%`, 7, true)}`,
    );
    for (const c of categories.categories) {
      for (const e of c.errors)
        console.log(
          `  ${c.category}: "${e.text}"${e.context ? ` [${e.context}]` : ""}  expected ${e.expected}, got ${e.predicted} (${e.confidence.toFixed(2)})`,
        );
      for (const e of c.slots.errors)
        console.log(`  ${c.category}: "${e.text}"  ${e.slot}: expected ${e.expected}, got ${e.actual}`);
    }
    const gated = locale.intents.filter((i) => (i.inputContexts ?? []).length > 0);
    console.log(
      `\n${CV_FOLDS}-fold cross-validation over the sample utterances (slot refs filled with example values), scored as at run time:\n` +
        `  ${gated.map((i) => `${i.name} utterances with ${(i.inputContexts ?? []).join(" + ")} active`).join(", ") || "no intent has input contexts"};\n` +
        `  every other utterance with no context active, so ${gated.map((i) => i.name).join(" and ") || "no intent"} ${gated.length === 1 ? "is not a candidate" : "are not candidates"} there.\n` +
        `  A held-back utterance keeps only the words the other folds also use: a short one whose key word is held back with it ("nope") falls under the threshold.\n`,
    );
    console.log(classificationReport(cv));
    console.log(
      `\n${pad("by length", 20, true)}${byLength(cv)
        .map((b) => `  ${b.label}: ${(b.accuracy * 100).toFixed(1)}% of ${b.total}`)
        .join("")}`,
    );
    console.log(
      `${pad("no contexts", 20, true)}  every intent a candidate for every utterance: accuracy ${(cvUngated.accuracy * 100).toFixed(1)}% (runtime contexts: ${(cv.accuracy * 100).toFixed(1)}%)`,
    );
    console.log(`\nConfusion matrix (cross-validation)\n${confusionMatrix(cv)}`);
    console.log(`\nCross-validation errors\n${errorsBlock(cv)}`);
    console.log(
      `\nTiming: train ${trainMs.toFixed(0)} ms cold (${trainCpuMs.toFixed(0)} ms CPU), ${warmTrainMs.toFixed(0)} ms warm; classify ${classifyUs.toFixed(0)} µs/utterance`,
    );
    summary[id] = {
      sampleUtterances: utterances,
      threshold: locale.nluConfidenceThreshold,
      heldOut: { ...withoutResults(heldOut), slots },
      categories,
      crossValidation: {
        folds: CV_FOLDS,
        contexts:
          "runtime: context-gated intents' utterances with their input contexts active, others with none",
        ...withoutResults(cv),
        byLength: byLength(cv),
        withoutContexts: { accuracy: cvUngated.accuracy, perIntent: cvUngated.perIntent },
      },
      timing: {
        trainMsCold: trainMs,
        trainCpuMsCold: trainCpuMs,
        trainMsWarm: warmTrainMs,
        classifyMicros: classifyUs,
      },
    };
  }
  const out = join(root, ".orderline", "nlu-report.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), locales: summary }, null, 2)}\n`,
  );
  console.log(`\nJSON report: ${out}`);
}

main();
