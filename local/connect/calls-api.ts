import { toE164 } from "../../fulfillment/src/domain/phone.js";
import { json, type LocalRequest, type LocalResponse } from "../service.js";
import type { CallerInput, Contact } from "./contact.js";
import { type ContactOverrides, LOCAL_DIALED_NUMBERS, type LocalConnect } from "./local-connect.js";

/** `/_local/calls…`, `/_local/contacts`, `/_local/connect/…`: simulated calls and the agent's view. */
export function matchesCallsApi(req: LocalRequest): boolean {
  return (
    req.path === "/_local/calls" ||
    req.path.startsWith("/_local/calls/") ||
    req.path === "/_local/contacts" ||
    req.path.startsWith("/_local/connect/")
  );
}

export async function handleCallsApi(connect: LocalConnect, req: LocalRequest): Promise<LocalResponse> {
  const parts = req.path.split("/").filter(Boolean); // ["_local", "calls", id?]
  if (parts[1] === "calls") {
    let id: string | undefined;
    try {
      id = parts[2] ? decodeURIComponent(parts[2]) : undefined;
    } catch {
      return json(400, { message: "Malformed call id" });
    }
    if (!id && req.method === "POST") return startCall(connect, body(req));
    if (!id && req.method === "GET") return json(200, { calls: [...connect.contacts.values()].map(summary) });
    const contact = id ? connect.contacts.get(id) : undefined;
    if (!contact) return json(404, { message: `No call ${id}` });
    if (req.method === "GET") return json(200, callRecord(contact));
    if (req.method === "POST") return callerActs(contact, body(req));
  }
  if (parts[1] === "contacts" && req.method === "GET") return json(200, { contacts: connect.agentView() });
  if (parts[1] === "connect") return adminApi(connect, req, parts.slice(2));
  return json(405, { message: `${req.method} ${req.path} is not supported` });
}

function body(req: LocalRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  try {
    const v = JSON.parse(req.body.toString("utf8")) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function startCall(connect: LocalConnect, b: Record<string, unknown>): Promise<LocalResponse> {
  const from = typeof b.from === "string" ? b.from : "";
  if (toE164(from) !== from) return json(400, { message: '"from" must be an E.164 number' });
  const locale = typeof b.locale === "string" ? b.locale : undefined;
  if (locale !== undefined && !(locale in LOCAL_DIALED_NUMBERS))
    return json(400, { message: `unknown locale ${locale}` });
  const to =
    typeof b.to === "string"
      ? b.to
      : LOCAL_DIALED_NUMBERS[locale ?? (from.startsWith("+81") ? "ja_JP" : "en_US")]!;
  const attributes: Record<string, string> = {};
  if (b.attributes && typeof b.attributes === "object") {
    for (const [k, v] of Object.entries(b.attributes)) attributes[k] = String(v);
  }
  if (locale) attributes.locale = locale;
  const hours = b.hours === "closed" ? false : b.hours === "open" ? true : undefined;
  // Undocumented Connect behaviour for this call only (local/FIDELITY.md).
  const fidelity: ContactOverrides["fidelity"] = {
    ...(b.failedClose === "intent" || b.failedClose === "error"
      ? { failedCloseBranch: b.failedClose as "intent" | "error" }
      : {}),
    ...(typeof b.keepSessionAttributes === "boolean"
      ? { keepSessionAttributesAcrossBotBlocks: b.keepSessionAttributes }
      : {}),
  };
  const contact = connect.startContact({
    channel: "VOICE",
    from,
    to,
    attributes,
    overrides: { hoursOpen: hours, fidelity },
  });
  await contact.settled();
  return json(200, step(contact));
}

async function callerActs(contact: Contact, b: Record<string, unknown>): Promise<LocalResponse> {
  let input: CallerInput;
  if (typeof b.say === "string") input = { say: b.say, ...(b.bargeIn === true ? { bargeIn: true } : {}) };
  else if (typeof b.dtmf === "string" && /^[0-9*#]*$/.test(b.dtmf)) input = { dtmf: b.dtmf };
  else if (b.silence === true) input = { silence: true };
  else if (b.hangup === true) input = { hangup: true };
  else
    return json(400, { message: 'Send {"say", "bargeIn"?}, {"dtmf"}, {"silence":true} or {"hangup":true}' });
  const hangingUpQueued = "hangup" in input && contact.state === "queued";
  if (!contact.isWaiting && !hangingUpQueued) {
    return json(409, { message: `The call is ${contact.state}, not waiting for input`, ...step(contact) });
  }
  contact.provideInput(input);
  await contact.settled();
  return json(200, step(contact));
}

/** The public shape: state plus what the caller experienced since the last step. */
function step(contact: Contact) {
  return { callId: contact.id, state: contact.state, events: contact.drainEvents() };
}

function summary(c: Contact) {
  return {
    callId: c.id,
    channel: c.channel,
    from: c.data.CustomerEndpoint?.Address ?? null,
    to: c.data.SystemEndpoint?.Address ?? null,
    state: c.state,
    locale: c.data.Attributes.locale ?? null,
    startedAt: c.startedAt,
    endedAt: c.endedAt ?? null,
  };
}

/** The whole call: transcript, attributes, the blocks taken, Lambda and Lex calls. */
export function callRecord(c: Contact) {
  return {
    ...summary(c),
    languageCode: c.data.LanguageCode,
    voice: { id: c.data.TextToSpeechVoiceId, engine: c.voiceEngine },
    attributes: c.data.Attributes,
    lex: c.data.Lex,
    queue: c.data.Queue ?? null,
    callbackNumber: c.callbackNumber ?? null,
    flowLogging: c.flowLogging,
    transcript: c.transcript,
    path: c.path,
    lambdaInvocations: c.lambda,
    lexTurns: c.lex,
    failure: c.failure ?? null,
  };
}

function adminApi(connect: LocalConnect, req: LocalRequest, rest: string[]): LocalResponse {
  const [what, key] = rest;
  if (what === "coverage" && req.method === "GET") return json(200, { flows: connect.coverage() });
  if (what === "hours") {
    if (req.method === "PUT" || req.method === "POST") {
      const b = body(req);
      if (typeof b.open !== "boolean") return json(400, { message: '{"open": true|false}' });
      connect.hoursOpen = b.open;
    }
    return json(200, { open: connect.hoursOpen });
  }
  // Undocumented Connect behaviour for calls and chats started from now on (local/FIDELITY.md).
  if (what === "fidelity") {
    if (req.method === "PUT" || req.method === "POST") {
      const b = body(req);
      if (b.failedClose !== undefined && b.failedClose !== "intent" && b.failedClose !== "error")
        return json(400, { message: '{"failedClose": "intent"|"error", "keepSessionAttributes": bool}' });
      if (b.failedClose !== undefined)
        connect.fidelity.failedCloseBranch = b.failedClose as "intent" | "error";
      if (typeof b.keepSessionAttributes === "boolean")
        connect.fidelity.keepSessionAttributesAcrossBotBlocks = b.keepSessionAttributes;
    }
    return json(200, {
      failedClose: connect.fidelity.failedCloseBranch ?? "intent",
      keepSessionAttributes: connect.fidelity.keepSessionAttributesAcrossBotBlocks ?? false,
    });
  }
  if (what === "queue") {
    if (req.method === "PUT" || req.method === "POST") {
      const b = body(req);
      if (typeof b.full !== "boolean") return json(400, { message: '{"full": true|false}' });
      connect.queueFull = b.full;
    }
    return json(200, { full: connect.queueFull, queue: connect.queue });
  }
  if (what === "lambda-faults") {
    if (req.method === "DELETE") connect.lambdaFaults.length = 0;
    if (req.method === "POST") {
      const b = body(req);
      if (b.kind !== "error" && b.kind !== "throttle" && b.kind !== "respond") {
        return json(400, {
          message: '{"kind": "error"|"throttle"|"respond", "action"?, "count"?, "response"?}',
        });
      }
      connect.lambdaFaults.push({
        kind: b.kind,
        action: typeof b.action === "string" ? b.action : undefined,
        response:
          b.response && typeof b.response === "object" ? (b.response as Record<string, string>) : undefined,
        remaining: typeof b.count === "number" ? b.count : 1,
      });
    }
    return json(200, { faults: connect.lambdaFaults });
  }
  if (what === "flows" && req.method === "GET") {
    if (key) {
      const flow = connect.flows.find(key);
      return flow
        ? json(200, { key: flow.key, id: flow.id, arn: flow.arn, name: flow.name, content: flow.content })
        : json(404, { message: `No flow ${key}` });
    }
    return json(200, {
      flows: connect.flows
        .list()
        .map((f) => ({ key: f.key, id: f.id, arn: f.arn, name: f.name, type: f.type })),
    });
  }
  return json(404, { message: `No local Connect endpoint ${req.method} ${req.path}` });
}
