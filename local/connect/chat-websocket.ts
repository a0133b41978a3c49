import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { ChatSessions } from "./chat-api.js";
import type { ChatItem, ChatSession } from "./chat-session.js";

/** The topics of Connect's participant websocket (amazon-connect-chatjs's websocket manager sends these). */
export const WEBSOCKET_TOPICS = {
  subscribe: "aws/subscribe",
  unsubscribe: "aws/unsubscribe",
  heartbeat: "aws/heartbeat",
  ping: "aws/ping",
  chat: "aws/chat",
} as const;

/** One frame the server sends: a topic frame, or API Gateway's error shape for a frame it cannot route. */
export type ChatWebsocketFrame =
  | { topic: string; content?: unknown; contentType?: string; statusCode?: number; statusContent?: string }
  | { message: string; connectionId: string; requestId: string };

// Connect's frames are small JSON; a large frame is a client bug, not a message (messages go through SendMessage).
const MAX_FRAME_BYTES = 128 * 1024;

/**
 * Connect's participant websocket (the URL `CreateParticipantConnection` hands out): the token in the query
 * names the chat, `aws/subscribe` to `aws/chat` is acknowledged, `aws/heartbeat` and `aws/ping` are answered,
 * and every new transcript item of the contact (messages, typing, joined/left, ended) is pushed to subscribed
 * sockets as `{"topic":"aws/chat","contentType":"application/json","content":"<Item as JSON>"}`.
 */
export class ChatWebsocketServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  constructor(
    private readonly chats: ChatSessions,
    private readonly path: string,
  ) {}

  /** Takes an HTTP/1.1 upgrade on the websocket path (true), or leaves it to other services (false). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? "/", "http://local");
    if (url.pathname !== this.path) return false;
    const session = this.chats.byWebsocketToken(url.searchParams.get("token") ?? "");
    // Connect presigns the URL; API Gateway answers a bad or stale one with 403 before the handshake.
    if (!session || session.ended) {
      refuse(socket, 403, "Forbidden");
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => serveChatSocket(ws, session));
    return true;
  }

  /** Open sockets (for tests and the console). */
  get openSockets(): number {
    return this.wss.clients.size;
  }

  /** Closes every socket (the emulator is stopping). */
  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}

function serveChatSocket(ws: WebSocket, session: ChatSession): void {
  const connectionId = randomConnectionId();
  let subscribed = false;
  const send = (frame: ChatWebsocketFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = session.subscribe((item) => {
    if (subscribed) send(chatFrame(item, session.contactId));
  });
  ws.on("close", unsubscribe);
  ws.on("error", () => ws.terminate());
  ws.on("message", (data: RawData, isBinary: boolean) => {
    const frame = isBinary ? undefined : parseFrame(data);
    const routeError = (message: string) => send({ message, connectionId, requestId: crypto.randomUUID() });
    if (!frame) return routeError("Invalid frame: expected a JSON object with a topic");
    switch (frame.topic) {
      case WEBSOCKET_TOPICS.subscribe:
      case WEBSOCKET_TOPICS.unsubscribe: {
        const topics = requestedTopics(frame.content);
        const ok = topics.length > 0 && topics.every((t) => t === WEBSOCKET_TOPICS.chat);
        if (ok) subscribed = frame.topic === WEBSOCKET_TOPICS.subscribe;
        send({ topic: frame.topic, content: { status: ok ? "success" : "failure", topics } });
        return;
      }
      case WEBSOCKET_TOPICS.heartbeat:
        send({ topic: WEBSOCKET_TOPICS.heartbeat });
        return;
      case WEBSOCKET_TOPICS.ping:
        // chatjs's deep heartbeat reads statusCode at the top level of the answer.
        send({ topic: WEBSOCKET_TOPICS.ping, statusCode: 200, statusContent: "OK" });
        return;
      default:
        routeError("Forbidden");
    }
  });
}

/** The push frame for one transcript item: chatjs parses `content` and keeps items of its contact. */
export function chatFrame(item: ChatItem, initialContactId: string): ChatWebsocketFrame {
  return {
    topic: WEBSOCKET_TOPICS.chat,
    contentType: "application/json",
    content: JSON.stringify({ ...item, InitialContactId: initialContactId }),
  };
}

function parseFrame(data: RawData): { topic: string; content?: unknown } | undefined {
  try {
    // ws hands frames over as a Buffer unless binaryType says otherwise; fragments and ArrayBuffers too.
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    const text = bytes.toString("utf8");
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return undefined;
    const topic = (value as { topic?: unknown }).topic;
    return typeof topic === "string"
      ? { topic, content: (value as { content?: unknown }).content }
      : undefined;
  } catch {
    return undefined;
  }
}

function requestedTopics(content: unknown): string[] {
  const topics = (content as { topics?: unknown } | undefined)?.topics;
  return Array.isArray(topics) ? topics.filter((t): t is string => typeof t === "string") : [];
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

// API Gateway connection ids look like "aBcD1234efGHI=": 12 base64 characters and padding.
function randomConnectionId(): string {
  return `${Buffer.from(crypto.getRandomValues(new Uint8Array(9))).toString("base64")}=`;
}
