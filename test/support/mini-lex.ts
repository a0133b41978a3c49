import { expect } from "vitest";
import { codeHookResponseProblems, type LexResult } from "../../fulfillment/src/contracts/lex-v2.js";
import { type Harness, type LexTurnInput, lexEvent } from "./fulfillment-harness.js";

/**
 * Drives the code hook the way Lex does for one session: carries session attributes and slots between turns,
 * turns a confirmation answer into `confirmationState`, and calls the fulfillment hook after `Delegate`.
 * The NLU is the test's job: each turn names the intent and any slots Lex would have filled.
 */
export class MiniLex {
  attrs: Record<string, string>;
  private slots: Record<string, string | null> = {};
  private intent: string | undefined;
  last: LexResult | undefined;

  constructor(
    private readonly h: Harness,
    private readonly base: { localeId?: string; sessionId: string; attrs?: Record<string, string> },
  ) {
    this.attrs = { ...(base.attrs ?? {}) };
  }

  /** One user turn. `confirm` answers a pending confirmation. */
  async say(
    transcript: string,
    turn: { intent?: string; slots?: Record<string, string>; confirm?: boolean } = {},
  ): Promise<LexResult> {
    const pendingConfirm = this.last?.sessionState.dialogAction.type === "ConfirmIntent";
    if (turn.intent && turn.intent !== this.intent) {
      this.intent = turn.intent;
      this.slots = {};
    }
    if (!this.intent) throw new Error("no intent");
    Object.assign(this.slots, turn.slots ?? {});
    const confirmation: LexTurnInput["confirmation"] =
      pendingConfirm && turn.confirm !== undefined ? (turn.confirm ? "Confirmed" : "Denied") : "None";
    let result = await this.call({ transcript, confirmation, source: "DialogCodeHook" });
    if (result.sessionState.dialogAction.type === "Delegate") {
      result = await this.call({ transcript, confirmation, source: "FulfillmentCodeHook" });
    }
    if (
      result.sessionState.dialogAction.type === "Close" ||
      result.sessionState.dialogAction.type === "ElicitIntent"
    )
      this.intent = undefined;
    this.last = result;
    return result;
  }

  /** Replays the fulfillment hook of the last confirmed request (what a Lex retry does). */
  async retryFulfillment(intent: string): Promise<LexResult> {
    this.intent = intent;
    return this.call({ transcript: "yes", confirmation: "Confirmed", source: "FulfillmentCodeHook" });
  }

  private async call(t: Pick<LexTurnInput, "transcript" | "confirmation" | "source">): Promise<LexResult> {
    const event = lexEvent({
      intent: this.intent!,
      localeId: this.base.localeId,
      sessionId: this.base.sessionId,
      slots: this.slots,
      attrs: this.attrs,
      ...t,
    });
    const result = await this.h.lex(event);
    expect(codeHookResponseProblems(result, { strictest: true })).toEqual([]);
    this.attrs = { ...result.sessionState.sessionAttributes };
    const slots = result.sessionState.intent?.slots ?? {};
    this.slots = Object.fromEntries(
      Object.entries(slots).map(([k, v]) => [k, v?.value?.interpretedValue ?? null]),
    );
    return result;
  }
}

export function text(r: LexResult): string {
  return (r.messages ?? []).map((m) => m.content).join(" ");
}
