import type { Logger } from "@aws-lambda-powertools/logger";
import { QuestionContext } from "../../../bot/definition.js";
import type { ShopConfig } from "../config.js";
import { timeZoneFor } from "../config.js";
import { toE164 } from "../domain/phone.js";
import type { RequestOrigin } from "../domain/request-key.js";
import { Messages } from "../messages.js";
import type { Dependencies } from "../ports.js";
import { messagesOf, type Outcome, speak } from "../use-cases/outcome.js";
import type { LexEvent } from "./event.js";
import { type LexResult, Reply } from "./response.js";

/** Voice has a keypad and a caller ID; chat (and a plain Lex text client) has neither. */
export type Channel = "voice" | "chat";

/** A question the bot or the flow asked, active as a Lex context this turn. */
export interface AskedQuestion {
  name: Exclude<QuestionContext, "YesNoQuestion">;
  attributes: Record<string, string>;
}

/** Everything one intent handler sees for one turn. */
export interface Turn {
  event: LexEvent;
  reply: Reply;
  msg: Messages;
  deps: Dependencies;
  config: ShopConfig;
  log: Logger;
  localeId: string;
  timeZone: string;
  now: Date;
  /** The text the customer said, typed or keyed this turn. */
  transcript: string;
  /** Voice calls carry the caller's number from the Connect flow (`callerPhone`, E.164). */
  callerPhone: string | undefined;
  /** The slot Orderline asked for last turn, if any. */
  asked: string | undefined;
  /** This Lex session, the origin of its requests' idempotency keys. */
  origin: RequestOrigin;
  /** Where the caller is: decides wording such as "key it in and press pound". */
  channel: Channel;
  /** The question this turn answers (a Lex question context is active), if any. */
  question: AskedQuestion | undefined;
}

/**
 * The channel: the session attribute `channel` the Connect flow sets (`voice` / `chat`), else what Connect
 * tells Lex in `x-amz-lex:channels:platform` (`Connect` = voice, `Connect Chat` = chat), else voice only when
 * the flow passed a caller number.
 */
export function channelOf(event: LexEvent): Channel {
  const attr = event.sessionState.sessionAttributes?.channel?.toLowerCase();
  if (attr === "voice" || attr === "chat") return attr;
  const platform = event.requestAttributes?.["x-amz-lex:channels:platform"];
  if (platform === "Connect") return "voice";
  if (platform === "Connect Chat") return "chat";
  return event.sessionState.sessionAttributes?.callerPhone ? "voice" : "chat";
}

const QUESTIONS: AskedQuestion["name"][] = [
  QuestionContext.OfferedTime,
  QuestionContext.GreetingOrder,
  QuestionContext.AnythingElse,
];

/** The most specific question context active in the event. */
export function questionOf(event: LexEvent): AskedQuestion | undefined {
  const active = event.sessionState.activeContexts ?? [];
  for (const name of QUESTIONS) {
    const c = active.find((a) => a.name === name);
    if (c) return { name, attributes: { ...c.contextAttributes } };
  }
  return undefined;
}

export function createTurn(event: LexEvent, deps: Dependencies, config: ShopConfig, log: Logger): Turn {
  const reply = Reply.forEvent(event);
  const msg = new Messages(event.bot.localeId, config.defaultLocale);
  return {
    event,
    reply,
    msg,
    deps,
    config,
    log,
    localeId: msg.localeId,
    timeZone: timeZoneFor(config, msg.localeId),
    now: deps.now(),
    transcript: (event.inputTranscript ?? "").slice(0, 1024),
    callerPhone: reply.attrs.callerPhone ? toE164(reply.attrs.callerPhone) : undefined,
    asked: reply.attrs["ol:asked"],
    origin: { channel: "lex", conversationId: event.sessionId },
    channel: channelOf(event),
    question: questionOf(event),
  };
}

/** Closes the intent, leaving the outcome for the Connect flow (`$.Lex.SessionAttributes.outcome`). */
export function done(turn: Turn, state: "Fulfilled" | "Failed", outcome: string, text: string): LexResult {
  turn.reply.attrs.outcome = outcome;
  // The flow (or the bot) asks "anything else?" next: a "yes" or "no" is read against that question. A
  // fulfilled intent activates it through its output contexts; a refusal or a conflict does not, so say it.
  if (outcome === "done" || outcome === "refused" || outcome === "conflict")
    turn.reply.ask(QuestionContext.AnythingElse);
  return turn.reply.close(state, text);
}

/**
 * Closes the intent with a use case's final outcome: done is fulfilled; an order already cancelled is
 * fulfilled too (nothing is left to do), other refusals and conflicts fail; a locked order goes to an agent.
 */
export function closeWith(turn: Turn, outcome: Outcome): LexResult {
  const text = speak(turn.msg, messagesOf(outcome));
  if (outcome.kind === "done") return done(turn, "Fulfilled", "done", text);
  if (outcome.kind === "locked") {
    // Like a locked order found at the check: an agent, and the digits given are not echoed back to Lex.
    turn.reply.slots.OrderId = null;
    turn.reply.slots.PhoneLast4 = null;
    turn.reply.attrs.handoffReason = "verification_failed";
    return done(turn, "Failed", "handoff", text);
  }
  if (outcome.kind === "conflict") return done(turn, "Failed", "conflict", text);
  const fulfilled = outcome.kind === "refused" && outcome.result === "ALREADY_CANCELLED";
  return done(turn, fulfilled ? "Fulfilled" : "Failed", "refused", text);
}

/** Reads a JSON session attribute written by Orderline; garbage reads as undefined. */
export function readJsonAttr<T>(attrs: Record<string, string>, key: string): T | undefined {
  const raw = attrs[key];
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** A counter kept in the session (verification failures, date retries). */
export function bump(attrs: Record<string, string>, key: string): number {
  const n = (Number.parseInt(attrs[key] ?? "0", 10) || 0) + 1;
  attrs[key] = String(n);
  return n;
}

/** The customer accepts what was offered ("yes", "はい、お願いします"); the words live in messages.json. */
export function isAffirmative(turn: Turn): boolean {
  if (turn.event.inputMode === "DTMF") return turn.transcript.trim() === "1";
  return recognised(turn, "Affirm") || saysOneOf(turn, "answer.yes");
}

/** The customer says no / nothing more ("no thanks", "いいえ、大丈夫です"). */
export function isNegative(turn: Turn): boolean {
  if (turn.event.inputMode === "DTMF") return turn.transcript.trim() === "2";
  if (recognised(turn, "Affirm")) return false;
  return recognised(turn, "Deny") || saysOneOf(turn, "answer.no");
}

// Lex's own reading of the answer (only while a question context made Affirm/Deny candidates).
const RECOGNISED = 0.5;
function recognised(turn: Turn, intent: "Affirm" | "Deny"): boolean {
  return turn.event.interpretations.some(
    (i) => i.intent.name === intent && (i.nluConfidence ?? 0) >= RECOGNISED,
  );
}

/** The answer starts with one of the `|`-separated words of a message key. */
function saysOneOf(turn: Turn, key: string): boolean {
  const words = turn.msg
    .t(key)
    .split("|")
    .map((w) => w.toLowerCase());
  const text = turn.transcript
    .trim()
    .toLowerCase()
    .replace(/[.!。！、,]/g, " ")
    .trim();
  return words.some(
    (w) => text === w || text.startsWith(`${w} `) || (/^[^a-z]/.test(w) && text.startsWith(w)),
  );
}
