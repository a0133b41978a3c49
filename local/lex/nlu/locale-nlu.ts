/**
 * One locale's NLU, learned only from the rendered bot definition: sample utterances with `{Slot}` references,
 * slot sample utterances and slot types. No phrase rules: the classifier and the carrier-phrase slot filler
 * are fitted per locale (the classifier's weights are cached by model-cache.ts).
 */
import type { RenderedLocale } from "../../../bot/types.js";
import { CapturedValues } from "./captured-values.js";
import {
  type CustomValueIndex,
  type EntitySpan,
  indexCustomValues,
  placeholderForSlotType,
} from "./entity-spans.js";
import {
  type ClassifierOptions,
  DEFAULT_CLASSIFIER_OPTIONS,
  SoftmaxClassifier,
} from "./intent-classifier.js";
import { languageOf, normalizeUtterance } from "./normalize.js";
import { SlotFiller } from "./slot-filler.js";
import {
  DEFAULT_FEATURE_WEIGHTS,
  type FeatureWeights,
  TfIdfVectorizer,
  type TokenizedUtterance,
  type VectorizerState,
} from "./text-features.js";
import { tokenizeAround, tokenizeTemplate, tokenizeText } from "./tokenize.js";
import type { IntentScore, NluModel, NluSlotValue, ResolveContext } from "./types.js";

/** Knobs for experiments and the report; the defaults are what the emulator uses. */
export interface NluOptions {
  features?: FeatureWeights;
  classifier?: ClassifierOptions;
}

/** One training example: an utterance template of an intent. */
export interface TrainingExample {
  intent: string;
  text: string;
}

/** The intent utterances of a rendered locale (built-in intents such as FallbackIntent have none). */
export function trainingExamples(locale: RenderedLocale): TrainingExample[] {
  return locale.intents.flatMap((i) => i.utterances.map((text) => ({ intent: i.name, text })));
}

/** A sentence's tokens with its mentions in place, and the mentions. */
type Mentions = { utterance: TokenizedUtterance; spans: EntitySpan[] };

/** What training learns for one locale: the fitted vectorizer and classifier (cached by model-cache.ts). */
export interface TrainedState {
  labels: string[];
  vectorizer: VectorizerState;
  classifier: { w: Float64Array; b: Float64Array };
}

class LocaleNlu implements NluModel {
  readonly localeId: string;
  private readonly lang: "en" | "ja";
  private readonly custom: CustomValueIndex[];
  private readonly vectorizer: TfIdfVectorizer;
  private readonly classifier: SoftmaxClassifier;
  private slotFiller: SlotFiller | undefined;
  private capturedValues: CapturedValues | undefined;
  private lastMentions: { normalized: string; found: Mentions } | undefined;

  constructor(
    private readonly locale: RenderedLocale,
    examples: TrainingExample[],
    options: NluOptions,
    trained?: TrainedState,
  ) {
    this.localeId = locale.localeId;
    this.lang = languageOf(locale.localeId);
    this.custom = indexCustomValues(locale.slotTypes);
    const features = options.features ?? DEFAULT_FEATURE_WEIGHTS;
    const classifierOptions = options.classifier ?? DEFAULT_CLASSIFIER_OPTIONS;
    if (trained) {
      this.vectorizer = TfIdfVectorizer.restore(this.lang, features, trained.vectorizer);
      this.classifier = SoftmaxClassifier.restore(
        trained.labels,
        this.vectorizer.size,
        classifierOptions,
        trained.classifier,
      );
      return;
    }
    const slotTypeOf = new Map(
      locale.intents.flatMap((i) => i.slots.map((s) => [`${i.name}.${s.name}`, s.slotType])),
    );
    const docs = examples.map((e) =>
      tokenizeTemplate(
        normalizeUtterance(e.text),
        this.lang,
        (slot) => placeholderForSlotType(slotTypeOf.get(`${e.intent}.${slot}`) ?? slot, locale.slotTypes),
        this.custom,
      ),
    );
    const labels = [...new Set(examples.map((e) => e.intent))];
    this.vectorizer = new TfIdfVectorizer(this.lang, features).fit(docs);
    this.classifier = new SoftmaxClassifier(labels, this.vectorizer.size, classifierOptions).train(
      docs.map((d) => this.vectorizer.transform(d)),
      examples.map((e) => labels.indexOf(e.intent)),
    );
  }

  /** The learned part, to store and restore with {@link restoreNlu}. */
  state(): TrainedState {
    return {
      labels: [...this.classifier.labels],
      vectorizer: this.vectorizer.state(),
      classifier: this.classifier.state(),
    };
  }

  // Built on first slot question, not at start-up: it tokenizes every utterance and slot sample again.
  private get slots(): SlotFiller {
    this.slotFiller ??= new SlotFiller(this.locale.intents, this.locale.slotTypes, this.lang);
    return this.slotFiller;
  }

  private readonly vocabulary = {
    has: (word: string) => this.vectorizer.has(word),
    knows: (word: string) => this.vectorizer.knows(word),
  };

  // Built on first use from the utterances' carrier phrases (not part of the cached model: nothing is fitted).
  private get captured(): CapturedValues {
    this.capturedValues ??= new CapturedValues(this.locale.intents, this.locale.slotTypes, this.lang);
    return this.capturedValues;
  }

  /**
   * The mentions in `normalized`: typed ones and, between them, values captured by their carrier phrase. The last
   * sentence's are kept: a turn classifies its text and then extracts its slots (sometimes for several intents),
   * and each would tokenize it again. Nothing mutates the result.
   */
  private mentions(normalized: string): Mentions {
    if (this.lastMentions?.normalized !== normalized) {
      this.lastMentions = { normalized, found: this.findMentions(normalized) };
    }
    return this.lastMentions.found;
  }

  private findMentions(normalized: string): Mentions {
    const found = tokenizeText(normalized, this.lang, this.custom);
    // Only a sentence with a word the bot never uses (not even as a typo of one) can name something outside the
    // slot types' values.
    if (found.utterance.tokens.every((t) => this.vectorizer.knows(t) || t.startsWith("<"))) return found;
    const captured = this.captured.find(normalized, found.spans, this.vocabulary);
    if (captured.length === 0) return found;
    const spans = [...found.spans, ...captured].sort((a, b) => a.start - b.start);
    return { utterance: tokenizeAround(normalized, this.lang, spans), spans };
  }

  classify(text: string): IntentScore[] {
    const normalized = normalizeUtterance(String(text ?? ""));
    const labels = this.classifier.labels;
    if (!normalized) return labels.map((intent) => ({ intent, confidence: 0 }));
    const x = this.vectorizer.transform(this.mentions(normalized).utterance);
    const conf = this.classifier.confidences(x);
    return labels
      .map((intent, i) => ({ intent, confidence: round(conf[i]!) }))
      .sort((a, b) => b.confidence - a.confidence);
  }

  extractSlots(text: string, intentName: string, ctx: ResolveContext): Record<string, NluSlotValue> {
    const normalized = normalizeUtterance(String(text ?? ""));
    if (!normalized) return {};
    const { spans } = this.mentions(normalized);
    return this.slots.extract(intentName, normalized, spans, ctx);
  }

  resolveSlot(intentName: string, slotName: string, text: string, ctx: ResolveContext): NluSlotValue | null {
    const normalized = normalizeUtterance(String(text ?? ""));
    if (!normalized) return null;
    const { spans } = this.mentions(normalized);
    return this.slots.resolve(intentName, slotName, normalized, spans, ctx);
  }
}

// Two decimals, like the Lex console; also keeps the output stable across platforms' float noise.
function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Trains the NLU of one locale with explicit examples and options (cross-validation, experiments). */
export function trainNluWith(
  locale: RenderedLocale,
  examples: TrainingExample[],
  options: NluOptions = {},
): NluModel {
  return new LocaleNlu(locale, examples, options);
}

/** Trains with the default examples and options and returns the learned state too (for the cache). */
export function trainNluState(locale: RenderedLocale): { model: NluModel; state: TrainedState } {
  const model = new LocaleNlu(locale, trainingExamples(locale), {});
  return { model, state: model.state() };
}

/** The default model of `locale` from a state {@link trainNluState} returned (no training). */
export function restoreNlu(locale: RenderedLocale, state: TrainedState): NluModel {
  return new LocaleNlu(locale, [], {}, state);
}

export { DEFAULT_CLASSIFIER_OPTIONS, DEFAULT_FEATURE_WEIGHTS };
