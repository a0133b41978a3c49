import type { CodeHookEvent } from "../../fulfillment/src/contracts/lex-v2.js";

/** The code hook: the fulfillment Lambda's handler, run in-process. Wire shapes: `contracts/lex-v2.ts`. */
export type CodeHook = (event: CodeHookEvent) => Promise<unknown>;
