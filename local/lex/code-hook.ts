import {
  type CodeHookEvent,
  type CodeHookResponse,
  codeHookResponseProblems,
} from "../../fulfillment/src/contracts/lex-v2.js";
import { LexRuntimeError } from "./lex-errors.js";
import type { CodeHook } from "./lex-types.js";

/**
 * Runs the code hook like Lex runs a Lambda: a throw, a timeout or a response that breaks the contract fails the
 * turn with `DependencyFailedException` (the session keeps its previous state).
 */
export async function invokeCodeHook(
  hook: CodeHook,
  event: CodeHookEvent,
  timeoutMs: number,
): Promise<CodeHookResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new LexRuntimeError("DependencyFailedException", `Lambda timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  let raw: unknown;
  try {
    raw = await Promise.race([hook(structuredClone(event)), timeout]);
  } catch (err) {
    if (err instanceof LexRuntimeError) throw err;
    throw new LexRuntimeError(
      "DependencyFailedException",
      "Invalid Lambda Response: Received error response from Lambda: Unhandled",
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
  const [problem] = codeHookResponseProblems(raw, { event });
  if (problem) {
    throw new LexRuntimeError("DependencyFailedException", `Invalid Lambda Response: ${problem}`);
  }
  return raw as CodeHookResponse;
}
