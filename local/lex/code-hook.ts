import {
  type CodeHookEvent,
  type CodeHookResponse,
  codeHookResponseProblems,
} from "../../fulfillment/src/contracts/lex-v2.js";
import { LexRuntimeError } from "./lex-errors.js";
import type { CodeHook } from "./lex-types.js";
import { copyPlain } from "./plain-data.js";

/**
 * Runs the code hook like Lex runs a Lambda: a throw, a timeout or a response that breaks the contract fails the
 * turn with `DependencyFailedException` (the session keeps its previous state). The event is not cloned: the
 * dialog engine builds it afresh for each call from copies, except the (usually empty) active contexts and the
 * proposed next state, which are copied here; the timeout is one shared timer per limit, not one per turn.
 */
export async function invokeCodeHook(
  hook: CodeHook,
  event: CodeHookEvent,
  timeoutMs: number,
): Promise<CodeHookResponse> {
  let raw: unknown;
  try {
    raw = await new Promise<unknown>((resolve, reject) => {
      const call = deadlinesFor(timeoutMs).watch(() =>
        reject(new LexRuntimeError("DependencyFailedException", `Lambda timed out after ${timeoutMs} ms`)),
      );
      hook(isolated(event)).then(
        (value) => {
          call.onTimeout = undefined;
          resolve(value);
        },
        (error: unknown) => {
          call.onTimeout = undefined;
          reject(error);
        },
      );
    });
  } catch (err) {
    if (err instanceof LexRuntimeError) throw err;
    throw new LexRuntimeError(
      "DependencyFailedException",
      "Invalid Lambda Response: Received error response from Lambda: Unhandled",
      { cause: err },
    );
  }
  const [problem] = codeHookResponseProblems(raw, { event });
  if (problem) {
    throw new LexRuntimeError("DependencyFailedException", `Invalid Lambda Response: ${problem}`);
  }
  return raw as CodeHookResponse;
}

/** The parts of an event the engine shares with the session, copied so a hook cannot change the session. */
function isolated(event: CodeHookEvent): CodeHookEvent {
  const contexts = event.sessionState.activeContexts;
  const copyContexts = contexts !== undefined && contexts.length > 0;
  if (!copyContexts && event.proposedNextState === undefined) return event;
  return {
    ...event,
    ...(event.proposedNextState === undefined
      ? {}
      : { proposedNextState: copyPlain(event.proposedNextState) }),
    sessionState: {
      ...event.sessionState,
      ...(copyContexts ? { activeContexts: copyPlain(contexts) } : {}),
    },
  };
}

/**
 * One code hook call waiting for its answer: `onTimeout` runs if the deadline passes first. An answered call
 * drops it, so the queue holds no closure (nor the promise and response it reaches) until its deadline.
 */
interface PendingCall {
  readonly deadline: number;
  onTimeout: (() => void) | undefined;
}

/**
 * The calls in flight for one timeout length. Deadlines are `now + timeoutMs`, so they arrive in order: one
 * timer waits for the oldest, fails what has expired and re-arms for the next; a turn only appends to a list.
 */
class DeadlineQueue {
  private calls: PendingCall[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  watch(onTimeout: () => void): PendingCall {
    const call: PendingCall = { deadline: performance.now() + this.timeoutMs, onTimeout };
    this.calls.push(call);
    if (!this.timer) this.arm();
    return call;
  }

  private arm(): void {
    const next = this.calls[this.head];
    if (!next) {
      this.calls = [];
      this.head = 0;
      return;
    }
    // Unref'd: a hook that never answers must not keep a finished process (a test run) alive.
    this.timer = setTimeout(() => this.expire(), Math.max(0, next.deadline - performance.now()));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    while (this.head < this.calls.length) {
      const call = this.calls[this.head]!;
      const onTimeout = call.onTimeout;
      if (onTimeout && call.deadline > now) break;
      this.head++;
      call.onTimeout = undefined;
      onTimeout?.();
    }
    // Drop the consumed prefix now and then, not on every expiry.
    if (this.head > 1024 && this.head * 2 > this.calls.length) {
      this.calls = this.calls.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}

const queues = new Map<number, DeadlineQueue>();

function deadlinesFor(timeoutMs: number): DeadlineQueue {
  let queue = queues.get(timeoutMs);
  if (!queue) {
    queue = new DeadlineQueue(timeoutMs);
    queues.set(timeoutMs, queue);
  }
  return queue;
}
