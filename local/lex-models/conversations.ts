/**
 * Turns of the conversation log grouped the way Lex analytics counts them (DG "Key definitions"):
 * a conversation is one session until it idles past the bot's session TTL; an intent ends as
 * Success (Fulfilled/ReadyForFulfillment + Close), Failed (Failed + Close, or the bot falls back to
 * FallbackIntent before it completes), Switched (another intent starts first) or Dropped (the customer stops
 * answering); a conversation's end state is its final intent's (Failure when it ended in FallbackIntent).
 */
import type { LexTurnLogEntry } from "../lex/turn-log.js";

export const FALLBACK = "FallbackIntent";

export type IntentEndState = "Success" | "Failed" | "Switched" | "Dropped";
export type ConversationEndState = "Success" | "Failure" | "Dropped";

/** One intent from its first turn to its end, inside one conversation. */
export interface IntentEpisode {
  intentName: string;
  /** 1 for the conversation's first intent, 2 for the next… (Lex `IntentLevel`). */
  level: number;
  turns: LexTurnLogEntry[];
  /** `undefined` while the conversation is still live and the intent open. */
  endState?: IntentEndState;
  switchedTo?: string;
  /** Orderline's session attributes after the intent's last turn. */
  outcome?: string;
  handoffReason?: string;
}

export interface Conversation {
  sessionId: string;
  /** The first turn's request id: with `sessionId`, what identifies a conversation in Lex analytics. */
  originatingRequestId: string;
  botAliasId: string;
  botVersion: string;
  localeId: string;
  channel: string;
  mode: "Text" | "Speech" | "DTMF" | "MultiMode";
  start: Date;
  end: Date;
  turns: LexTurnLogEntry[];
  intents: IntentEpisode[];
  /** `undefined` while live (last turn within the TTL of `now`). */
  endState?: ConversationEndState;
  /** An agent was asked for (`outcome` = `handoff` on any turn): the conversation was not contained. */
  handedOff: boolean;
  handoffReason?: string;
}

/** Groups turns into conversations (oldest first), classifying intents and conversations. */
export function conversationsOf(turns: LexTurnLogEntry[], ttlSeconds: number, now: Date): Conversation[] {
  const bySession = new Map<string, LexTurnLogEntry[]>();
  for (const t of turns) {
    if (t.error) continue;
    const key = `${t.botId}|${t.aliasId}|${t.localeId}|${t.sessionId}`;
    const list = bySession.get(key) ?? [];
    list.push(t);
    bySession.set(key, list);
  }
  const out: Conversation[] = [];
  const ttl = ttlSeconds * 1000;
  for (const list of bySession.values()) {
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    let current: LexTurnLogEntry[] = [];
    for (const t of list) {
      const last = current[current.length - 1];
      if (last && Date.parse(t.at) - Date.parse(last.at) > ttl) {
        out.push(build(current, ttl, now));
        current = [];
      }
      current.push(t);
    }
    if (current.length > 0) out.push(build(current, ttl, now));
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function build(turns: LexTurnLogEntry[], ttl: number, now: Date): Conversation {
  const first = turns[0]!;
  const last = turns[turns.length - 1]!;
  const ended = now.getTime() - Date.parse(last.at) > ttl;
  const intents: IntentEpisode[] = [];
  let open: IntentEpisode | undefined;
  for (const t of turns) {
    const name = t.intent ?? FALLBACK;
    if (!open || open.endState !== undefined || open.intentName !== name) {
      if (open && open.endState === undefined) {
        open.endState = name === FALLBACK ? "Failed" : "Switched";
        if (name !== FALLBACK) open.switchedTo = name;
      }
      open = { intentName: name, level: intents.length + 1, turns: [] };
      intents.push(open);
    }
    open.turns.push(t);
    if (t.dialogAction === "Close") {
      // Session attributes outlive the intent that set them: read them only where an intent ends.
      open.outcome = t.outcome;
      open.handoffReason = t.outcome === "handoff" ? t.handoffReason : undefined;
      open.endState =
        t.intentState === "Fulfilled" || t.intentState === "ReadyForFulfillment" ? "Success" : "Failed";
    }
  }
  if (open && open.endState === undefined && ended) open.endState = "Dropped";
  const modes = new Set(turns.map((t) => t.inputMode));
  const final = intents[intents.length - 1];
  let endState: ConversationEndState | undefined;
  if (ended && final) {
    if (final.intentName === FALLBACK || final.endState === "Failed") endState = "Failure";
    else if (final.endState === "Success") endState = "Success";
    else endState = "Dropped";
  }
  const handoff = [...intents].reverse().find((i) => i.outcome === "handoff");
  return {
    sessionId: first.sessionId,
    originatingRequestId: first.requestId ?? `${first.sessionId}-${Date.parse(first.at)}`,
    botAliasId: first.aliasId,
    botVersion: first.botVersion ?? "DRAFT",
    localeId: first.localeId,
    channel: first.channel ?? "API",
    mode: modes.size > 1 ? "MultiMode" : ((first.inputMode as Conversation["mode"]) ?? "Text"),
    start: new Date(first.at),
    end: new Date(Date.parse(last.at) + last.latencyMs),
    turns,
    intents,
    endState,
    handedOff: handoff !== undefined,
    handoffReason: handoff?.handoffReason,
  };
}

/** Stages of Orderline's per-intent funnel, in order. */
export const FUNNEL_STAGES = ["started", "identified", "confirmed", "written", "texted"] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** The furthest funnel stage an intent episode reached (from the Lex turns; `texted` needs the SMS log). */
export function funnelStageOf(episode: IntentEpisode): FunnelStage {
  const turns = episode.turns;
  if (turns.some((t) => t.outcome === "done" && t.dialogAction === "Close")) return "written";
  if (turns.some((t) => t.confirmationState === "Confirmed")) return "confirmed";
  if (turns.some((t) => t.orderId !== undefined)) return "identified";
  return "started";
}
