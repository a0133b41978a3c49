/**
 * The local Lex emulator's NLU, learned only from the rendered bot definition (see locale-nlu.ts). The
 * emulator's `trainNlu` reads the learned weights from the model cache when the bot and the NLU sources are
 * unchanged, so a start-up does not train.
 */
import { cachedTrainNlu } from "./model-cache.js";
import type { TrainNlu } from "./types.js";

export {
  DEFAULT_CLASSIFIER_OPTIONS,
  DEFAULT_FEATURE_WEIGHTS,
  type NluOptions,
  restoreNlu,
  type TrainedState,
  type TrainingExample,
  trainingExamples,
  trainNluState,
  trainNluWith,
} from "./locale-nlu.js";
export { cachedTrainNlu, DEFAULT_NLU_CACHE_DIR } from "./model-cache.js";
export type { IntentScore, NluModel, NluSlotValue, ResolveContext, TrainNlu } from "./types.js";

/** Trains (or reads from the model cache) the NLU of one rendered locale from its sample utterances. */
export const trainNlu: TrainNlu = cachedTrainNlu();
