import { formatIsoWithOffset, isTimeZone } from "../../fulfillment/src/dates/index.js";
import { toE164 } from "../../fulfillment/src/domain/phone.js";
import type { CallbackRecord, EmulatorContext } from "../context.js";
import { json, type LocalRequest, type LocalResponse, type LocalService } from "../service.js";

// Connect accepts a task ScheduledTime at most 6 days ahead:
// https://docs.aws.amazon.com/connect/latest/APIReference/API_StartTaskContact.html
const MAX_SCHEDULE_AHEAD_S = 6 * 24 * 3600;
/**
 * How many ClientTokens the emulator remembers (the newest; the oldest is forgotten first). The SDK sends a fresh
 * token with every StartTaskContact, so an unbounded map grew by one per callback; Connect documents no window for
 * its idempotency, and a retry comes within seconds, long before 10,000 other requests.
 */
export const CLIENT_TOKEN_CAPACITY = 10_000;
const DEFAULT_ZONE_BY_LOCALE: Record<string, string> = { ja_JP: "Asia/Tokyo", en_US: "America/New_York" };

type Json = Record<string, unknown>;

/** Connect `StartTaskContact` (`PUT /contact/task`) and `StartOutboundVoiceContact` → the callback list. */
export function createConnectTasksService(
  ctx: EmulatorContext,
  tokenCapacity: number = CLIENT_TOKEN_CAPACITY,
): LocalService {
  // ClientToken → ContactId: Connect makes a retried request idempotent. In insertion order, oldest first.
  const tokens = new Map<string, string>();
  return {
    name: "connect-tasks",
    match: (req) =>
      req.method === "PUT" && (req.path === "/contact/task" || req.path === "/contact/outbound-voice"),
    async handle(req) {
      const body = parseBody(req);
      if (!body) return connectError(400, "InvalidRequestException", "The request is not valid JSON.");
      const instanceId = str(body.InstanceId);
      if (!instanceId) return connectError(400, "InvalidParameterException", "InstanceId is required.");
      if (instanceId !== ctx.connect.instanceId && !instanceId.endsWith(`/${ctx.connect.instanceId}`)) {
        return connectError(404, "ResourceNotFoundException", `Instance ${instanceId} not found.`);
      }
      const token = str(body.ClientToken);
      const key = token ? `${req.path}:${token}` : undefined;
      const seen = key ? tokens.get(key) : undefined;
      if (seen) return json(200, { ContactId: seen });
      const result = req.path === "/contact/task" ? startTask(body, ctx) : startOutbound(body, ctx);
      if ("error" in result) return result.error;
      if (key) {
        tokens.set(key, result.record.contactId);
        if (tokens.size > tokenCapacity) tokens.delete(tokens.keys().next().value as string);
      }
      ctx.callbacks.add(result.record);
      ctx.logger.info("callback", { source: result.record.source, orderId: result.record.orderId });
      return json(200, { ContactId: result.record.contactId });
    },
  };
}

type Outcome = { record: CallbackRecord } | { error: LocalResponse };

function startTask(body: Json, ctx: EmulatorContext): Outcome {
  const name = str(body.Name);
  if (!name || name.length > 512) return invalid("Name must be 1 to 512 characters.");
  if (!str(body.ContactFlowId) && !str(body.QuickConnectId) && !str(body.TaskTemplateId)) {
    return invalid("One of ContactFlowId, QuickConnectId or TaskTemplateId is required.");
  }
  const flowId = str(body.ContactFlowId);
  if (flowId && flowId !== ctx.connect.callbackFlowId) {
    return { error: connectError(404, "ResourceNotFoundException", `Contact flow ${flowId} not found.`) };
  }
  const attributes = stringMap(body.Attributes);
  const references = isObject(body.References) ? body.References : {};
  const ref = (k: string): string | undefined => {
    const r = references[k];
    return isObject(r) ? str(r.Value) : undefined;
  };
  const now = Date.now() / 1000;
  let scheduled: number | undefined;
  if (body.ScheduledTime !== undefined) {
    scheduled = Number(body.ScheduledTime);
    if (!Number.isFinite(scheduled)) return invalid("ScheduledTime is not a valid timestamp.");
    if (scheduled > now + MAX_SCHEDULE_AHEAD_S) return invalid("ScheduledTime must be within 6 days.");
  }
  const locale = attributes.locale ?? null;
  const zone = zoneFor(attributes.timeZone, locale);
  return {
    record: {
      phoneNumber: ref("callbackNumber") ?? attributes.callbackNumber ?? "",
      scheduledAt: formatIsoWithOffset(new Date((scheduled ?? now) * 1000), zone),
      orderId: ref("orderId") ?? attributes.orderId ?? null,
      locale,
      contactId: crypto.randomUUID(),
      source: "task",
      name,
      description: str(body.Description),
      reason: ref("reason"),
      attributes,
      at: new Date().toISOString(),
    },
  };
}

function startOutbound(body: Json, _ctx: EmulatorContext): Outcome {
  const destination = str(body.DestinationPhoneNumber);
  if (!destination || toE164(destination) !== destination) {
    return invalid("DestinationPhoneNumber must be an E.164 number.");
  }
  if (!str(body.ContactFlowId)) return invalid("ContactFlowId is required.");
  const attributes = stringMap(body.Attributes);
  const locale = attributes.locale ?? null;
  return {
    record: {
      phoneNumber: destination,
      scheduledAt: formatIsoWithOffset(new Date(), zoneFor(attributes.timeZone, locale)),
      orderId: attributes.orderId ?? null,
      locale,
      contactId: crypto.randomUUID(),
      source: "outbound",
      attributes,
      at: new Date().toISOString(),
    },
  };
}

function zoneFor(timeZone: string | undefined, locale: string | null): string {
  if (timeZone && isTimeZone(timeZone)) return timeZone;
  return (locale && DEFAULT_ZONE_BY_LOCALE[locale]) || "UTC";
}

function invalid(message: string): { error: LocalResponse } {
  return { error: connectError(400, "InvalidParameterException", message) };
}

/** A restJson1 error as Connect sends it (`x-amzn-ErrorType` + `{ "message" }`). */
export function connectError(status: number, type: string, message: string): LocalResponse {
  return json(status, { message }, { "x-amzn-errortype": type });
}

function parseBody(req: LocalRequest): Json | undefined {
  try {
    const v: unknown = JSON.parse(req.body.toString("utf8") || "{}");
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}
