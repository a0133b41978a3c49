import { json, type LocalRequest, type LocalResponse } from "../service.js";
import { ChatSession } from "./chat-session.js";
import type { LocalConnect } from "./local-connect.js";

/** Chat sessions by contact id, plus token lookups. */
export class ChatSessions {
  readonly byContact = new Map<string, ChatSession>();

  byParticipantToken(token: string): ChatSession | undefined {
    return [...this.byContact.values()].find((s) => s.participantToken === token);
  }

  byConnectionToken(token: string): ChatSession | undefined {
    return [...this.byContact.values()].find((s) => s.connectionToken === token);
  }

  byWebsocketToken(token: string): ChatSession | undefined {
    return [...this.byContact.values()].find((s) => s.websocketToken === token);
  }
}

/** Connect `StartChatContact` and the participant service routes (not the task/outbound routes). */
export function matchesChatApi(req: LocalRequest): boolean {
  return (
    (req.method === "PUT" && req.path === "/contact/chat") ||
    (req.method === "POST" && PARTICIPANT_PATHS.has(req.path))
  );
}

const PARTICIPANT_PATHS = new Set([
  "/participant/connection",
  "/participant/message",
  "/participant/transcript",
  "/participant/event",
  "/participant/disconnect",
]);
const MAX_MESSAGE_LENGTH = 16_384;
const CONNECTION_MINUTES = 24 * 60;

/** An error shaped like AWS's: the SDK reads the code from `x-amzn-errortype`. */
function awsError(status: number, type: string, message: string): LocalResponse {
  return json(status, { message, Message: message }, { "x-amzn-errortype": type });
}

export async function handleChatApi(
  connect: LocalConnect,
  chats: ChatSessions,
  websocketUrl: () => string,
  req: LocalRequest,
): Promise<LocalResponse> {
  let body: Record<string, unknown>;
  try {
    body = req.body.length ? (JSON.parse(req.body.toString("utf8")) as Record<string, unknown>) : {};
  } catch {
    return awsError(400, "InvalidRequestException", "Body is not JSON");
  }
  if (req.path === "/contact/chat") return startChatContact(connect, chats, body);

  const bearer = req.headers["x-amz-bearer"] ?? "";
  if (req.path === "/participant/connection") {
    const session = chats.byParticipantToken(bearer);
    if (!session) return awsError(403, "AccessDeniedException", "Invalid participant token");
    session.connectionToken ??= `ct-${crypto.randomUUID()}`;
    session.websocketToken ??= `ws-${crypto.randomUUID()}`;
    const expiry = new Date(Date.now() + CONNECTION_MINUTES * 60_000).toISOString();
    return json(200, {
      Websocket: { Url: `${websocketUrl()}?token=${session.websocketToken}`, ConnectionExpiry: expiry },
      ConnectionCredentials: { ConnectionToken: session.connectionToken, Expiry: expiry },
    });
  }
  const session = chats.byConnectionToken(bearer);
  if (!session) return awsError(403, "AccessDeniedException", "Invalid connection token");
  switch (req.path) {
    case "/participant/message": {
      const content = typeof body.Content === "string" ? body.Content : "";
      const contentType = typeof body.ContentType === "string" ? body.ContentType : "";
      if (content === "" || content.length > MAX_MESSAGE_LENGTH) {
        return awsError(400, "ValidationException", "Content must be 1..16384 characters");
      }
      if (!["text/plain", "text/markdown"].includes(contentType)) {
        return awsError(400, "ValidationException", `Unsupported ContentType ${contentType}`);
      }
      if (session.ended) return awsError(403, "AccessDeniedException", "The chat has ended");
      const item = session.customerMessage(contentType, content);
      return json(200, { Id: item.Id, AbsoluteTime: item.AbsoluteTime });
    }
    case "/participant/event": {
      const contentType = typeof body.ContentType === "string" ? body.ContentType : "";
      if (!contentType.startsWith("application/vnd.amazonaws.connect.event.")) {
        return awsError(400, "ValidationException", `Unsupported ContentType ${contentType}`);
      }
      const item = session.customerEvent(
        contentType,
        typeof body.Content === "string" ? body.Content : undefined,
      );
      return json(200, { Id: item.Id, AbsoluteTime: item.AbsoluteTime });
    }
    case "/participant/transcript":
      return json(200, transcriptPage(session, body));
    case "/participant/disconnect":
      session.disconnect();
      return json(200, {});
  }
  return awsError(404, "ResourceNotFoundException", req.path);
}

async function startChatContact(
  connect: LocalConnect,
  chats: ChatSessions,
  body: Record<string, unknown>,
): Promise<LocalResponse> {
  if (body.InstanceId !== connect.instanceId && body.InstanceId !== connect.instanceArn) {
    return awsError(404, "ResourceNotFoundException", `Instance not found: ${String(body.InstanceId)}`);
  }
  const flow = typeof body.ContactFlowId === "string" ? connect.flows.find(body.ContactFlowId) : undefined;
  if (!flow)
    return awsError(
      404,
      "ResourceNotFoundException",
      `Contact flow not found: ${String(body.ContactFlowId)}`,
    );
  const details = (body.ParticipantDetails ?? {}) as { DisplayName?: unknown };
  const displayName = typeof details.DisplayName === "string" ? details.DisplayName : "";
  if (displayName.length < 1 || displayName.length > 256) {
    return awsError(
      400,
      "InvalidRequestException",
      "ParticipantDetails.DisplayName must be 1..256 characters",
    );
  }
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries((body.Attributes ?? {}) as Record<string, unknown>)) {
    if (!/^[A-Za-z0-9_-]+$/.test(k))
      return awsError(400, "InvalidParameterException", `Invalid attribute key ${k}`);
    // Connect's Attributes is a map of strings: anything else is the caller's error, not the emulator's.
    if (typeof v !== "string") {
      return awsError(400, "InvalidParameterException", `Attribute ${k} must be a string`);
    }
    attributes[k] = v;
  }
  const contact = connect.startContact({ channel: "CHAT", attributes, flowRef: flow.id });
  const session = new ChatSession(contact, displayName);
  chats.byContact.set(contact.id, session);
  const initial = body.InitialMessage as { ContentType?: string; Content?: string } | undefined;
  if (initial?.Content) session.customerMessage(initial.ContentType ?? "text/plain", initial.Content);
  await contact.settled();
  return json(200, {
    ContactId: contact.id,
    ParticipantId: session.participantId,
    ParticipantToken: session.participantToken,
  });
}

function transcriptPage(session: ChatSession, body: Record<string, unknown>) {
  const max = Math.min(Math.max(Number(body.MaxResults ?? 15) || 15, 1), 100);
  const ascending = body.SortOrder === "ASCENDING";
  const all = ascending ? session.items : [...session.items].reverse();
  const start = typeof body.NextToken === "string" ? Number(body.NextToken) || 0 : 0;
  const page = all.slice(start, start + max);
  return {
    InitialContactId: session.contactId,
    Transcript: page,
    NextToken: start + max < all.length ? String(start + max) : undefined,
  };
}
