/**
 * Multinomial logistic regression over TF-IDF features, trained by accelerated full-batch gradient descent
 * (convex, so a fixed step count converges the same way every run: deterministic, no random init).
 * Confidence = softmax probability × min(1, coverage / knee)^γ: a sentence made mostly of words the bot
 * never saw cannot be confidently anything, which drops out-of-domain input under the locale's
 * nluConfidenceThreshold, while one unseen word in an otherwise familiar request costs little.
 */
import type { SparseVector } from "./text-features.js";

export interface ClassifierOptions {
  /** L2 penalty on the weights (per-example loss is averaged). */
  l2: number;
  iterations: number;
  /** Word coverage from which an utterance counts as fully in vocabulary. */
  coverageKnee: number;
  /** Exponent on the coverage penalty below the knee. */
  coveragePower: number;
}

// Chosen by 5-fold cross-validation over both locales' sample utterances (in-domain recall at the 0.40
// threshold) against gibberish and out-of-domain sentences; see `npm run nlu:report`.
export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  l2: 0.0005,
  iterations: 60,
  coverageKnee: 0.6,
  coveragePower: 1,
};

export class SoftmaxClassifier {
  private readonly w: Float64Array; // labels × dim, row-major
  private readonly b: Float64Array;

  constructor(
    readonly labels: readonly string[],
    private readonly dim: number,
    private readonly options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
  ) {
    this.w = new Float64Array(labels.length * dim);
    this.b = new Float64Array(labels.length);
  }

  private logits(x: SparseVector, w: Float64Array, b: Float64Array, out: Float64Array): void {
    const k = this.labels.length;
    for (let c = 0; c < k; c++) {
      let z = b[c]!;
      const row = c * this.dim;
      for (let j = 0; j < x.idx.length; j++) z += w[row + x.idx[j]!]! * x.val[j]!;
      out[c] = z;
    }
  }

  private static softmaxInPlace(z: Float64Array): void {
    let max = Number.NEGATIVE_INFINITY;
    for (const v of z) max = Math.max(max, v);
    let sum = 0;
    for (let c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c]! - max);
      sum += z[c]!;
    }
    for (let c = 0; c < z.length; c++) z[c] = z[c]! / sum;
  }

  /** The fitted weights (row-major labels × dim) and biases, for the model cache. */
  state(): { w: Float64Array; b: Float64Array } {
    return { w: this.w, b: this.b };
  }

  /** A classifier with weights from {@link state} (same labels, dimension and options). */
  static restore(
    labels: readonly string[],
    dim: number,
    options: ClassifierOptions,
    state: { w: Float64Array; b: Float64Array },
  ): SoftmaxClassifier {
    const c = new SoftmaxClassifier(labels, dim, options);
    if (state.w.length !== c.w.length || state.b.length !== c.b.length) {
      throw new Error("classifier state does not match its labels and dimension");
    }
    c.w.set(state.w);
    c.b.set(state.b);
    return c;
  }

  /** Fits the weights to examples `xs` with label indices `ys`. */
  train(xs: SparseVector[], ys: number[]): this {
    const k = this.labels.length;
    const n = xs.length;
    const dim = this.dim;
    const { l2, iterations } = this.options;
    // The examples as one CSR matrix, so the hot loops touch only typed arrays held in locals.
    const rowStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) rowStart[i + 1] = rowStart[i]! + xs[i]!.idx.length;
    const colIdx = new Int32Array(rowStart[n]!);
    const vals = new Float64Array(rowStart[n]!);
    for (let i = 0; i < n; i++) {
      colIdx.set(xs[i]!.idx, rowStart[i]!);
      vals.set(xs[i]!.val, rowStart[i]!);
    }
    const label = Int32Array.from(ys);
    // Step 1/L with L = ½·λmax(XᵀX/n) + l2 (the softmax Hessian is at most ½ in each example's direction);
    // λmax by power iteration over the features plus the bias column.
    const lambda = topEigenvalue(rowStart, colIdx, vals, n, dim);
    const step = 1 / (0.5 * lambda + l2);
    const w = this.w;
    const b = this.b;
    const size = w.length;
    const gw = new Float64Array(size);
    const gb = new Float64Array(k);
    // Nesterov momentum: the gradient is taken at the look-ahead point (yw, yb).
    const yw = new Float64Array(size);
    const yb = new Float64Array(k);
    const p = new Float64Array(k);
    let t = 1;
    for (let it = 0; it < iterations; it++) {
      gw.fill(0);
      gb.fill(0);
      for (let i = 0; i < n; i++) {
        const from = rowStart[i]!;
        const to = rowStart[i + 1]!;
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < k; c++) {
          let z = yb[c]!;
          const row = c * dim;
          for (let j = from; j < to; j++) z += yw[row + colIdx[j]!]! * vals[j]!;
          p[c] = z;
          if (z > max) max = z;
        }
        let sum = 0;
        for (let c = 0; c < k; c++) {
          const e = Math.exp(p[c]! - max);
          p[c] = e;
          sum += e;
        }
        const yi = label[i]!;
        for (let c = 0; c < k; c++) {
          const err = (p[c]! / sum - (c === yi ? 1 : 0)) / n;
          gb[c] = gb[c]! + err;
          const row = c * dim;
          for (let j = from; j < to; j++) {
            const at = row + colIdx[j]!;
            gw[at] = gw[at]! + err * vals[j]!;
          }
        }
      }
      const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const mom = (t - 1) / tNext;
      t = tNext;
      for (let j = 0; j < size; j++) {
        const next = yw[j]! - step * (gw[j]! + l2 * yw[j]!);
        yw[j] = next + mom * (next - w[j]!);
        w[j] = next;
      }
      for (let c = 0; c < k; c++) {
        const next = yb[c]! - step * gb[c]!;
        yb[c] = next + mom * (next - b[c]!);
        b[c] = next;
      }
    }
    return this;
  }

  /** Softmax probabilities of every label for `x`. */
  probabilities(x: SparseVector): Float64Array {
    const p = new Float64Array(this.labels.length);
    this.logits(x, this.w, this.b, p);
    SoftmaxClassifier.softmaxInPlace(p);
    return p;
  }

  /** Calibrated confidences (probability × coverage penalty), in label order. */
  confidences(x: SparseVector): Float64Array {
    const p = this.probabilities(x);
    const damp = Math.min(1, x.coverage / this.options.coverageKnee) ** this.options.coveragePower;
    for (let c = 0; c < p.length; c++) p[c] = p[c]! * damp;
    return p;
  }
}

/** Largest eigenvalue of XᵀX/n for the CSR matrix X with an appended bias column of ones (power iteration). */
function topEigenvalue(
  rowStart: Int32Array,
  colIdx: Int32Array,
  vals: Float64Array,
  n: number,
  dim: number,
): number {
  let v = new Float64Array(dim + 1).fill(1 / Math.sqrt(dim + 1));
  let lambda = 1;
  for (let it = 0; it < 30; it++) {
    const next = new Float64Array(dim + 1);
    for (let i = 0; i < n; i++) {
      let xv = v[dim]!;
      for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++) xv += vals[j]! * v[colIdx[j]!]!;
      for (let j = rowStart[i]!; j < rowStart[i + 1]!; j++)
        next[colIdx[j]!] = next[colIdx[j]!]! + vals[j]! * xv;
      next[dim] = next[dim]! + xv;
    }
    let norm = 0;
    for (const x of next) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm === 0) return 1;
    lambda = norm / n;
    for (let j = 0; j <= dim; j++) next[j] = next[j]! / norm;
    v = next;
  }
  // Power iteration approaches λmax from below; a margin keeps the step safe.
  return lambda * 1.1;
}
