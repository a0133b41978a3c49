import { gzipSync } from "node:zlib";
import type { RenderedBot, RenderedLocale } from "../../bot/types.js";
import {
  DIALOG_ACTION_TYPES,
  LEX_LIMITS,
  type RecognizeTextOutput,
  type SessionState,
} from "../../fulfillment/src/contracts/lex-v2.js";
import type { EmulatorContext } from "../context.js";
import { type Fidelity, regionTimeZone } from "../fidelity.js";
import type { LocalRequest, LocalResponse, LocalService } from "../service.js";
import { json } from "../service.js";
import { DialogEngine, inputModeOf } from "./dialog-engine.js";
import { LexRuntimeError, validationError } from "./lex-errors.js";
import type { CodeHook } from "./lex-types.js";
import type { NluModel, TrainNlu } from "./nlu/types.js";
import { SessionCodec } from "./session-codec.js";
import { SessionStore } from "./session-store.js";
import { type RecognizeTextRecord, TurnLog } from "./turn-log.js";

const SESSION_PATH =
  /^\/bots\/([^/]+)\/botAliases\/([^/]+)\/botLocales\/([^/]+)\/sessions\/([^/]+)(\/text|\/utterance|\/conversation)?$/;
const BOT_ID = /^[0-9a-zA-Z]{10}$/;
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
const MAX_TEXT_CHARS = 1024;
const TURN_LOG_PATH = "/_local/lex/turns";
const SESSIONS_PATH = "/_local/lex/sessions";

export interface LexRuntimeOptions {
  bot: RenderedBot;
  trainNlu: TrainNlu;
  codeHook?: CodeHook;
  codeHookTimeoutMs: number;
  /** The Region's zone for AMAZON.Date/Time, the clock, keypad dates (local/fidelity.ts). @default the defaults there */
  fidelity?: Pick<Fidelity, "lexTimeZone" | "now" | "keypadDates" | "keypadConfirmation">;
}

/** The Lex V2 runtime (RecognizeText, PutSession, GetSession, DeleteSession) for the one emulated bot. */
export class LexRuntime {
  private readonly engines = new Map<string, DialogEngine>();
  readonly sessions: SessionStore;
  readonly models = new Map<string, NluModel>();
  /** Every RecognizeText turn served, for `GET /_local/lex/turns` and the web console. */
  readonly turns: TurnLog;

  constructor(
    private readonly ctx: EmulatorContext,
    private readonly opts: LexRuntimeOptions,
  ) {
    this.sessions = new SessionStore(
      opts.bot.idleSessionTtlInSeconds * 1000,
      Date.now,
      SessionCodec.forBot(opts.bot),
    );
    this.turns = new TurnLog(opts.bot);
    for (const locale of opts.bot.locales) {
      const model = trainedModel(opts.trainNlu, locale);
      this.models.set(locale.localeId, model);
      this.engines.set(locale.localeId, this.engineFor(locale, model));
    }
  }

  /** The rendered bot this runtime started with. */
  get bot(): RenderedBot {
    return this.opts.bot;
  }

  /** Swaps one locale's bot and NLU model (the Models API's BuildBotLocale); sessions carry on with the new bot. */
  rebuildLocale(locale: RenderedLocale, model: NluModel = this.opts.trainNlu(locale)): void {
    this.models.set(locale.localeId, model);
    this.engines.set(locale.localeId, this.engineFor(locale, model));
  }

  private engineFor(locale: RenderedLocale, model: NluModel): DialogEngine {
    return new DialogEngine({
      locale,
      model,
      bot: {
        id: this.ctx.bot.botId,
        name: this.ctx.bot.botName,
        aliasId: this.ctx.bot.botAliasId,
        aliasName: "live",
        version: "DRAFT",
      },
      codeHook: this.opts.codeHook,
      codeHookTimeoutMs: this.opts.codeHookTimeoutMs,
      lexTimeZone: this.opts.fidelity?.lexTimeZone ?? regionTimeZone(this.ctx.region),
      keypadDates: this.opts.fidelity?.keypadDates ?? false,
      keypadConfirmation: this.opts.fidelity?.keypadConfirmation ?? false,
      ...(this.opts.fidelity ? { now: this.opts.fidelity.now } : {}),
    });
  }

  /** Routes one request; Lex errors come back in Lex's wire shape. */
  async handle(req: LocalRequest): Promise<LocalResponse> {
    try {
      return await this.route(req);
    } catch (err) {
      if (err instanceof LexRuntimeError) {
        if (err.type === "DependencyFailedException") {
          this.ctx.logger.warn("code hook failed", { error: err.message, cause: String(err.cause ?? "") });
        }
        return err.toResponse();
      }
      this.ctx.logger.error("lex runtime error", { error: err instanceof Error ? err.stack : String(err) });
      return new LexRuntimeError("InternalServerException", "Internal server error").toResponse();
    }
  }

  private async route(req: LocalRequest): Promise<LocalResponse> {
    const m = SESSION_PATH.exec(req.path);
    if (!m) throw new LexRuntimeError("ResourceNotFoundException", "Unknown operation");
    const [botId, aliasId, localeId, sessionId] = m.slice(1, 5).map((s) => safeDecode(s!)) as [
      string,
      string,
      string,
      string,
    ];
    const op = m[5];
    if (!BOT_ID.test(botId))
      throw validationError(
        "botId",
        "Member must satisfy regular expression pattern: ^[0-9a-zA-Z]+$ and have length 10",
      );
    if (!SESSION_ID.test(sessionId)) {
      throw validationError(
        "sessionId",
        "Member must satisfy regular expression pattern: [0-9a-zA-Z._:-]+ and have length between 2 and 100",
      );
    }
    if (botId !== this.ctx.bot.botId)
      throw new LexRuntimeError("ResourceNotFoundException", `Could not find bot: ${botId}`);
    if (aliasId !== this.ctx.bot.botAliasId && aliasId !== this.ctx.bot.testAliasId) {
      throw new LexRuntimeError("ResourceNotFoundException", `Could not find bot alias: ${aliasId}`);
    }
    const engine = this.engines.get(localeId);
    if (!engine)
      throw new LexRuntimeError(
        "ResourceNotFoundException",
        `Could not find locale ${localeId} for bot ${botId}`,
      );
    const key = SessionStore.key(botId, aliasId, localeId, sessionId);
    if (op === "/text" && req.method === "POST")
      return this.recognizeTextLogged(req, engine, key, { botId, aliasId, localeId, sessionId });
    if (op === "/utterance" || op === "/conversation") {
      throw new LexRuntimeError(
        "ValidationException",
        "Only text input is supported by the local emulator (use RecognizeText).",
      );
    }
    if (op === undefined && req.method === "POST") return this.putSession(req, key, sessionId);
    if (op === undefined && req.method === "GET") return this.getSession(key, sessionId);
    if (op === undefined && req.method === "DELETE")
      return this.deleteSession(key, { botId, aliasId, localeId, sessionId });
    throw new LexRuntimeError("ResourceNotFoundException", "Unknown operation");
  }

  /** RecognizeText, recorded in the turn log whether it answers or fails with a Lex error. */
  private async recognizeTextLogged(
    req: LocalRequest,
    engine: DialogEngine,
    key: string,
    ids: RecognizeTextRecord["ids"],
  ): Promise<LocalResponse> {
    const started = performance.now();
    const record: RecognizeTextRecord = {
      startedAt: new Date(),
      latencyMs: 0,
      ids,
      text: "",
      inputMode: "Text",
      before: {},
    };
    try {
      const out = await this.recognizeText(req, engine, key, ids.sessionId, record);
      record.output = out;
      return json(200, out);
    } catch (err) {
      record.error = err instanceof LexRuntimeError ? err.type : "InternalServerException";
      throw err;
    } finally {
      record.latencyMs = performance.now() - started;
      this.turns.record(record);
    }
  }

  private async recognizeText(
    req: LocalRequest,
    engine: DialogEngine,
    key: string,
    sessionId: string,
    record: RecognizeTextRecord,
  ): Promise<RecognizeTextOutput> {
    const body = parseJsonBody(req);
    const text = body.text;
    if (typeof text === "string") record.text = text;
    if (typeof text !== "string") throw validationError("text", "Member must not be null");
    if (text.length < 1) throw validationError("text", "Member must have length greater than or equal to 1");
    if (text.length > MAX_TEXT_CHARS)
      throw validationError("text", `Member must have length less than or equal to ${MAX_TEXT_CHARS}`);
    const requestAttributes = stringMap(body.requestAttributes, "requestAttributes");
    record.inputMode = inputModeOf(requestAttributes);
    const sessionState = body.sessionState === undefined ? undefined : checkSessionState(body.sessionState);
    // A copy of the stored session: a failed turn (hook error, timeout) leaves the session as it was.
    const working = this.sessions.getOrCreate(key, sessionId);
    record.before = {
      dialogAction: sessionState?.dialogAction ?? working.state.dialogAction,
      intentName: sessionState?.intent?.name ?? working.state.intent?.name,
    };
    if (this.sessions.isBusy(key))
      throw new LexRuntimeError("ConflictException", "Another request is in progress for this session.");
    this.sessions.setBusy(key, true);
    try {
      const out = await engine.recognizeText(working, {
        sessionId,
        text,
        requestAttributes,
        sessionState,
        requestId: crypto.randomUUID(),
      });
      this.sessions.save(key, working);
      return out;
    } finally {
      this.sessions.setBusy(key, false);
    }
  }

  private putSession(req: LocalRequest, key: string, sessionId: string): LocalResponse {
    const body = parseJsonBody(req);
    if (body.sessionState === undefined) throw validationError("sessionState", "Member must not be null");
    const sessionState = checkSessionState(body.sessionState);
    const requestAttributes =
      body.requestAttributes === undefined
        ? undefined
        : stringMap(body.requestAttributes, "requestAttributes");
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const session = this.sessions.getOrCreate(key, sessionId);
    // The request body was parsed for this call alone, and `save` stores a snapshot: nothing to copy.
    session.state = { sessionAttributes: {}, ...sessionState };
    session.messages = messages;
    session.interpretations = [];
    session.internals = { attempt: 0 };
    this.sessions.save(key, session);
    const contentType = req.headers.responsecontenttype ?? "text/plain; charset=utf-8";
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-amz-lex-session-id": sessionId,
      "x-amz-lex-session-state": gzipBase64(session.state),
      "x-amz-lex-messages": gzipBase64(messages),
    };
    if (requestAttributes) headers["x-amz-lex-request-attributes"] = gzipBase64(requestAttributes);
    return { status: 200, headers, body: "" };
  }

  private getSession(key: string, sessionId: string): LocalResponse {
    const session = this.sessions.get(key);
    if (!session) throw new LexRuntimeError("ResourceNotFoundException", `Session ${sessionId} not found`);
    return json(200, {
      sessionId,
      messages: session.messages,
      interpretations: session.interpretations,
      sessionState: session.state,
    });
  }

  private deleteSession(
    key: string,
    ids: { botId: string; aliasId: string; localeId: string; sessionId: string },
  ): LocalResponse {
    if (!this.sessions.has(key))
      throw new LexRuntimeError("ResourceNotFoundException", `Session ${ids.sessionId} not found`);
    if (this.sessions.isBusy(key))
      throw new LexRuntimeError("ConflictException", "Another request is in progress for this session.");
    this.sessions.delete(key);
    return json(200, {
      botId: ids.botId,
      botAliasId: ids.aliasId,
      localeId: ids.localeId,
      sessionId: ids.sessionId,
    });
  }
}

// Training is deterministic: emulators started in one process (tests) share the models of an identical locale.
const modelCache = new WeakMap<TrainNlu, Map<string, NluModel>>();

function trainedModel(train: TrainNlu, locale: RenderedLocale): NluModel {
  const byLocale = modelCache.get(train) ?? new Map<string, NluModel>();
  modelCache.set(train, byLocale);
  const key = JSON.stringify(locale);
  const model = byLocale.get(key) ?? train(locale);
  byLocale.set(key, model);
  return model;
}

const runtimes = new WeakMap<EmulatorContext, LexRuntime>();

/** The runtime serving an emulator (for services that read its turns or rebuild its locales). */
export function lexRuntimeOf(ctx: EmulatorContext): LexRuntime | undefined {
  return runtimes.get(ctx);
}

/** The Lex runtime as a `LocalService` on the shared port. */
export function createLexRuntimeService(
  _ctx: EmulatorContext,
  runtime: LexRuntime,
  hasCodeHook: boolean,
): LocalService {
  runtimes.set(_ctx, runtime);
  return {
    name: "lex",
    // Only runtime paths: the Models API (local/lex-models/) answers the other /bots/ paths.
    match: (req) => SESSION_PATH.test(req.path) || req.path === TURN_LOG_PATH || req.path === SESSIONS_PATH,
    handle: async (req) => {
      if (req.path === TURN_LOG_PATH) return turnLogResponse(runtime.turns, req);
      if (req.path === SESSIONS_PATH) return sessionsResponse(runtime.sessions, req);
      return runtime.handle(req);
    },
    health: () => ({
      lex: {
        sessions: runtime.sessions.size,
        sessionKiB: Math.round(runtime.sessions.packedBytes / 1024),
        codeHook: hasCodeHook,
        turns: runtime.turns.size,
      },
    }),
  };
}

/** `GET /_local/lex/turns[?sessionId=]` lists the turn log in order; `DELETE` clears it. */
function turnLogResponse(turns: TurnLog, req: LocalRequest): LocalResponse {
  if (req.method === "GET") {
    const sessionId = req.query.get("sessionId") ?? undefined;
    return json(200, turns.list({ sessionId }));
  }
  if (req.method === "DELETE") {
    turns.clear();
    return { status: 204 };
  }
  return json(405, { message: `Method ${req.method} not allowed` }, { allow: "GET, DELETE" });
}

/**
 * `GET /_local/lex/sessions`: how many sessions live and the characters their JSON holds; `DELETE` expires every
 * session without a turn in flight at once, as the bot's idle TTL would (`{ expired: n }`).
 */
function sessionsResponse(sessions: SessionStore, req: LocalRequest): LocalResponse {
  if (req.method === "GET") return json(200, { sessions: sessions.size, packedBytes: sessions.packedBytes });
  if (req.method === "DELETE") return json(200, { expired: sessions.expireAll() });
  return json(405, { message: `Method ${req.method} not allowed` }, { allow: "GET, DELETE" });
}

/** Lex's header encoding for JSON: gzip, then base64. */
export function gzipBase64(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value))).toString("base64");
}

function parseJsonBody(req: LocalRequest): Record<string, unknown> {
  const raw = req.body.toString("utf8").trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new LexRuntimeError(
      "ValidationException",
      "Could not parse request body into json: malformed JSON",
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new LexRuntimeError("ValidationException", "Request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v))
    throw validationError(field, "Member must be a map of strings");
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") throw validationError(`${field}.${k}`, "Member must be a string");
  }
  return { ...(v as Record<string, string>) };
}

function checkSessionState(v: unknown): SessionState {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw validationError("sessionState", "Member must be an object");
  const s = v as Record<string, unknown>;
  if (s.sessionAttributes !== undefined) {
    const attrs = stringMap(s.sessionAttributes, "sessionState.sessionAttributes");
    // Lex V2 caps session attributes (https://docs.aws.amazon.com/lexv2/latest/dg/quotas.html): a client cannot
    // park unbounded state in a session.
    const bytes = Buffer.byteLength(JSON.stringify(attrs), "utf8");
    if (bytes > LEX_LIMITS.sessionAttributesBytes) {
      throw validationError(
        "sessionState.sessionAttributes",
        `Member must have total size less than or equal to ${LEX_LIMITS.sessionAttributesBytes} bytes`,
      );
    }
  }
  if (s.dialogAction !== undefined) {
    const a = s.dialogAction as Record<string, unknown> | null;
    if (!a || !DIALOG_ACTION_TYPES.includes(a.type as never)) {
      throw validationError(
        "sessionState.dialogAction.type",
        `Member must satisfy enum value set: [${DIALOG_ACTION_TYPES.join(", ")}]`,
      );
    }
    if (a.type === "ElicitSlot" && typeof a.slotToElicit !== "string") {
      throw validationError(
        "sessionState.dialogAction.slotToElicit",
        "Member must not be null for ElicitSlot",
      );
    }
  }
  if (s.intent !== undefined) {
    const i = s.intent as Record<string, unknown> | null;
    if (!i || typeof i.name !== "string" || !i.name)
      throw validationError("sessionState.intent.name", "Member must not be null");
  }
  return s as SessionState;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
