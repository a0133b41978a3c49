import type { Message, SessionState } from "@aws-sdk/client-lex-runtime-v2";
import { resolveText } from "../flow-data.js";
import { type BlockContext, type BlockRunner, fail, param, promptText, stripSsml } from "./block.js";

/** A runaway bot (never closing) ends on the Error branch after this many turns. */
const MAX_TURNS = 25;
/** Silent answers to the bot's question Lex re-prompts before the block times out (a slot's maxRetries). */
const SILENT_RETRIES = 2;
const ALIAS_ARN = /^arn:aws[\w-]*:lex:[\w-]+:\d{12}:bot-alias\/([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/;

/**
 * The Lex V2 bot: plays the prompt, then sends each caller turn to the Lex runtime (session id = contact id)
 * until the bot closes the dialog; then `$.Lex.*` is set and the result is the intent name.
 */
export const connectParticipantWithLexBot: BlockRunner<"ConnectParticipantWithLexBot"> = {
  type: "ConnectParticipantWithLexBot",
  async run(ctx) {
    const arn = resolveText(ctx.contact.data, ctx.params.LexV2Bot?.AliasArn);
    const m = ALIAS_ARN.exec(arn);
    if (!m) return fail("NoMatchingError", `not a Lex V2 bot alias ARN: ${arn}`);
    const [, botId, botAliasId] = m as unknown as [string, string, string];
    const data = ctx.contact.data;
    const localeId = data.LanguageCode ? data.LanguageCode.replace("-", "_") : ctx.env.defaultLocaleId;
    const platform = ctx.contact.channel === "CHAT" ? "Connect Chat" : "Connect";

    const blockAttributes = resolveAttributes(ctx);
    // The first turn carries the block's session attributes; what the bot set in an earlier block only with
    // the keep switch (Connect is reported not to carry them over; local/FIDELITY.md).
    const keep = ctx.env.fidelity?.keepSessionAttributesAcrossBotBlocks ?? false;
    let sessionAttributes: Record<string, string> | undefined = {
      ...(keep ? data.Lex.SessionAttributes : {}),
      ...blockAttributes,
    };
    ctx.contact.play(ctx.params.Text !== undefined ? param(ctx, "Text") : promptText(ctx));

    // What Lex asks for decides which DTMF session attributes apply (x-amz-lex:dtmf:*:<intent>:<slot>).
    let lastElicited: LexScope = {};
    let lastMessages: string[] = [];
    // What Lex reads its settings from: the block's attributes, then what the code hook returned (which wins).
    let liveAttributes = blockAttributes;
    let silentTurns = 0;
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      const input = await ctx.contact.awaitInput();
      if ("say" in input && input.bargeIn && !interruptible(liveAttributes, lastElicited)) {
        // Words over a prompt the caller may not interrupt are not heard: the prompt plays on, then Lex listens.
        turn--;
        continue;
      }
      if ("silence" in input) {
        // Lex's own start timeout (x-amz-lex:audio:start-timeout-ms) counts a silent answer to its question as
        // a failed attempt and asks again; the block ends on its timeout branch only when the caller stays
        // silent through the retries, or before the bot asked anything (local/FIDELITY.md).
        silentTurns++;
        if (lastMessages.length === 0 || silentTurns > SILENT_RETRIES) return fail("InputTimeLimitExceeded");
        for (const t of lastMessages) ctx.contact.play(t);
        turn--;
        continue;
      }
      silentTurns = 0;
      const dtmf =
        "dtmf" in input ? keyedDigits(input.dtmf, dtmfSettings(blockAttributes, lastElicited)) : undefined;
      const text = dtmf ?? ("say" in input ? input.say : "");
      if (text.trim() === "") return fail("InputTimeLimitExceeded");
      const requestAttributes: Record<string, string> = { "x-amz-lex:channels:platform": platform };
      if (dtmf !== undefined) requestAttributes["x-amz-lex:dtmf-transcript"] = dtmf;

      let response: Awaited<ReturnType<typeof ctx.env.lex.recognizeText>>;
      try {
        response = await ctx.env.lex.recognizeText({
          botId,
          botAliasId,
          localeId,
          sessionId: data.ContactId,
          text,
          sessionAttributes,
          requestAttributes,
        });
      } catch (err) {
        return fail("NoMatchingError", `Lex: ${(err as Error).message}`);
      }
      const state = response.sessionState ?? {};
      lastElicited = { intent: state.intent?.name, slot: state.dialogAction?.slotToElicit };
      const spoken = (response.messages ?? []).map(messageText).filter((t) => t !== "");
      ctx.contact.lex.push({
        text,
        inputMode: dtmf !== undefined ? "DTMF" : ctx.contact.channel === "CHAT" ? "Text" : "Speech",
        sessionAttributes: sessionAttributes ?? {},
        requestAttributes,
        intent: state.intent?.name,
        intentState: state.intent?.state,
        dialogAction: state.dialogAction?.type,
        messages: spoken,
      });
      for (const t of spoken) ctx.contact.play(t);
      lastMessages = spoken;
      sessionAttributes = undefined;
      data.Lex.SessionAttributes = { ...(state.sessionAttributes ?? {}) };
      liveAttributes = { ...blockAttributes, ...(state.sessionAttributes ?? {}) };
      if (state.dialogAction?.type === "Close") {
        setLexData(ctx, state, response.interpretations?.[0]?.nluConfidence?.score);
        // Which branch a Failed close takes is undocumented: the intent's (default) or Error (switch).
        if (state.intent?.state === "Failed" && ctx.env.fidelity?.failedCloseBranch === "error") {
          return fail("NoMatchingError", `intent ${state.intent.name} closed as Failed`);
        }
        return { kind: "value", value: state.intent?.name ?? "" };
      }
    }
    return fail("NoMatchingError", "the bot never closed the dialog");
  },
};

/** Where the bot is: the intent and the slot it elicits (the scope of `x-amz-lex:…:<intent>:<slot>` settings). */
type LexScope = { intent?: string; slot?: string };

/**
 * A Lex setting (`x-amz-lex:<behaviour>:<intent>:<slot>`) from session attributes, most specific first: intent
 * and slot, intent and any slot, any intent and slot, any
 * (https://docs.aws.amazon.com/connect/latest/adminguide/get-customer-input.html).
 */
function scopedSetting(
  attributes: Record<string, string>,
  behaviour: string,
  at: LexScope,
  fallback: string,
): string {
  const keys = [`${at.intent}:${at.slot}`, `${at.intent}:*`, `*:${at.slot}`, "*:*"].map(
    (scope) => `x-amz-lex:${behaviour}:${scope}`,
  );
  for (const key of keys) {
    const v = attributes[key];
    if (v !== undefined && v !== "") return v;
  }
  return fallback;
}

/** Connect's DTMF settings for the slot being elicited, from the block's session attributes (Lex defaults). */
export function dtmfSettings(
  attributes: Record<string, string>,
  at: LexScope,
): { endCharacter: string; deletionCharacter: string } {
  return {
    endCharacter: scopedSetting(attributes, "dtmf:end-character", at, "#"),
    deletionCharacter: scopedSetting(attributes, "dtmf:deletion-character", at, "*"),
  };
}

/**
 * Whether the caller may speak over the prompt playing now (barge-in): `x-amz-lex:allow-interrupt`, whose
 * default is True (https://docs.aws.amazon.com/lexv2/latest/dg/session-attribs-speech.html). Before the bot
 * has asked anything the prompt is the block's own, scoped to any intent and slot.
 */
export function interruptible(attributes: Record<string, string>, at: LexScope): boolean {
  return scopedSetting(attributes, "allow-interrupt", at, "true").toLowerCase() !== "false";
}

/** The digits Lex receives: up to the end character; the deletion character clears what came before it. */
export function keyedDigits(
  keys: string,
  settings: { endCharacter: string; deletionCharacter: string },
): string {
  const end = keys.indexOf(settings.endCharacter);
  const upToEnd = end >= 0 ? keys.slice(0, end) : keys;
  const cleared = upToEnd.lastIndexOf(settings.deletionCharacter);
  return cleared >= 0 ? upToEnd.slice(cleared + 1) : upToEnd;
}

function resolveAttributes(ctx: BlockContext<"ConnectParticipantWithLexBot">): Record<string, string> {
  const raw = ctx.params.LexSessionAttributes ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, resolveText(ctx.contact.data, v)]));
}

function setLexData(
  ctx: BlockContext<"ConnectParticipantWithLexBot">,
  state: SessionState,
  score: number | undefined,
): void {
  const slots: Record<string, string> = {};
  for (const [name, slot] of Object.entries(state.intent?.slots ?? {})) {
    const v = slot?.value;
    if (v) slots[name] = v.interpretedValue ?? v.originalValue ?? "";
  }
  ctx.contact.data.Lex = {
    IntentName: state.intent?.name,
    Slots: slots,
    SessionAttributes: { ...(state.sessionAttributes ?? {}) },
    DialogState: state.intent?.state,
    IntentConfidence: score === undefined ? undefined : { Score: String(score) },
  };
}

function messageText(m: Message): string {
  if (m.contentType === "SSML") return stripSsml(m.content ?? "");
  if (m.contentType === "ImageResponseCard") {
    const card = m.imageResponseCard;
    return [card?.title, ...(card?.buttons ?? []).map((b) => b.text)].filter(Boolean).join(" / ");
  }
  return m.content ?? "";
}
