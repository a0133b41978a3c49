import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RenderedLocale } from "../../../bot/types.js";
import { restoreNlu, type TrainedState, trainNluState } from "./locale-nlu.js";
import type { NluModel, TrainNlu } from "./types.js";

/** Bump when the file layout below changes. */
const FORMAT = 1;
const NLU_DIR = import.meta.dirname;
/** The sources whose change can change what training learns: this folder and the date/numeral readers. */
const SOURCE_DIRS = [NLU_DIR, join(NLU_DIR, "../../../fulfillment/src/dates")];
/** Like other tools' caches (`node_modules/.cache/<tool>`): shared by `npm start`, `--in-memory`, tests. */
export const DEFAULT_NLU_CACHE_DIR = join(NLU_DIR, "../../../node_modules/.cache/orderline-nlu");

interface CacheFile {
  format: number;
  labels: string[];
  features: string[];
  idf: number[];
  unknownIdf: number;
  /** Float64Array bytes, base64: exact, and ~3x smaller than JSON numbers. */
  w: string;
  b: string;
}

let sourcesHash: string | undefined;

/**
 * The cache key of a locale's model: the rendered locale (utterances, slots, types) and every source file that
 * shapes training, so an edited utterance or tokenizer never reads a stale model. `undefined` when the sources
 * cannot be read (then the model is trained, not cached).
 */
export function modelKey(locale: RenderedLocale): string | undefined {
  try {
    if (!sourcesHash) {
      const h = createHash("sha256");
      for (const dir of SOURCE_DIRS) {
        for (const name of readdirSync(dir)
          .filter((n) => n.endsWith(".ts"))
          .sort()) {
          h.update(name).update(readFileSync(join(dir, name)));
        }
      }
      sourcesHash = h.digest("hex");
    }
  } catch {
    return undefined;
  }
  return createHash("sha256")
    .update(`${FORMAT}\n${sourcesHash}\n${JSON.stringify(locale)}`)
    .digest("hex")
    .slice(0, 32);
}

/**
 * A `TrainNlu` that reads a locale's learned weights from `dir` when the bot and the NLU sources are unchanged,
 * and otherwise trains and writes them (best effort: an unwritable folder only costs the training time).
 * The model is the same either way: the weights round-trip bit for bit.
 */
export function cachedTrainNlu(dir: string = DEFAULT_NLU_CACHE_DIR): TrainNlu {
  return (locale) => {
    const key = modelKey(locale);
    const file = key ? join(dir, `${locale.localeId}-${key}.json`) : undefined;
    const cached = file ? readState(file) : undefined;
    if (cached) return restoreNlu(locale, cached);
    const { model, state } = trainNluState(locale);
    if (file) writeState(file, state);
    return model satisfies NluModel;
  };
}

function readState(file: string): TrainedState | undefined {
  try {
    const c = JSON.parse(readFileSync(file, "utf8")) as CacheFile;
    if (c.format !== FORMAT) return undefined;
    return {
      labels: c.labels,
      vectorizer: { features: c.features, idf: c.idf, unknownIdf: c.unknownIdf },
      classifier: { w: floats(c.w), b: floats(c.b) },
    };
  } catch {
    return undefined;
  }
}

function writeState(file: string, state: TrainedState): void {
  const body: CacheFile = {
    format: FORMAT,
    labels: state.labels,
    ...state.vectorizer,
    w: base64(state.classifier.w),
    b: base64(state.classifier.b),
  };
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Write then rename: two emulators starting at once never read a half-written file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(body));
    renameSync(tmp, file);
  } catch {
    // Read-only checkout: train on every start instead.
  }
}

function base64(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}

function floats(s: string): Float64Array {
  const bytes = Buffer.from(s, "base64");
  // Copy into an aligned buffer: a Buffer's offset into its pool need not be a multiple of 8.
  const out = new Float64Array(bytes.length / 8);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
