import "amazon-connect-chatjs";

/** StartChatContact's answer: what a customer participant needs to connect. */
export interface ChatDetails {
  contactId: string;
  participantId: string;
  participantToken: string;
}

/** A transcript item as the participant service and chatjs deliver it (Connect's `Item`). */
export interface ChatItem {
  Id?: string;
  Type?: string;
  ContentType?: string;
  Content?: string;
  ParticipantRole?: string;
  DisplayName?: string;
  AbsoluteTime?: string;
}

export interface ChatHandlers {
  onItem(item: ChatItem): void;
  onEnded(): void;
  onBroken(reason: string): void;
  /** The live connection does not deliver; the transport reads the transcript instead. */
  onDegraded?(reason: string): void;
  /** The websocket answers (again): items arrive as they happen. */
  onLive?(): void;
}

/** How the widget talks to Connect: chatjs over the websocket, or the participant REST API polled. */
export interface ChatTransport {
  readonly kind: "websocket" | "polling";
  /** Sends a text message; resolves with the message id Connect assigned. */
  send(text: string): Promise<string | undefined>;
  typing(): void;
  end(): Promise<void>;
}

export const TYPING = "application/vnd.amazonaws.connect.event.typing";
const REGION = "us-east-1";
const CONNECT_TIMEOUT_MS = 6000;
const POLL_MS = 700;
// A working websocket answers chatjs's first deep heartbeat (sent as it opens) well within this time.
const SOCKET_GRACE_MS = 3000;

// The slice of the chatjs global this widget uses (the package's own typings declare a global namespace).
interface ChatJsSession {
  connect(): Promise<unknown>;
  onMessage(handler: (event: { data: ChatItem }) => void): void;
  onTyping(handler: (event: { data: ChatItem }) => void): void;
  onEnded(handler: (event: unknown) => void): void;
  onConnectionBroken(handler: (event: unknown) => void): void;
  onConnectionEstablished(handler: (event: unknown) => void): void;
  onConnectionLost(handler: (event: unknown) => void): void;
  onDeepHeartbeatSuccess(handler: (event: unknown) => void): void;
  sendMessage(args: { contentType: string; message: string }): Promise<{ data?: { Id?: string } }>;
  sendEvent(args: { contentType: string }): Promise<unknown>;
  disconnectParticipant(): Promise<unknown>;
  getTranscript(args: Record<string, unknown>): Promise<{ data?: { Transcript?: ChatItem[] } }>;
}
interface ChatJsGlobal {
  ChatSession: {
    setGlobalConfig(config: Record<string, unknown>): void;
    create(args: Record<string, unknown>): ChatJsSession;
  };
}

/** Connects with amazon-connect-chatjs against this origin (the emulator stands in for the participant service). */
export async function connectWithChatJs(
  details: ChatDetails,
  handlers: ChatHandlers,
): Promise<ChatTransport> {
  const chatjs = (window as unknown as { connect?: ChatJsGlobal }).connect;
  if (!chatjs?.ChatSession) throw new Error("amazon-connect-chatjs did not load");
  chatjs.ChatSession.setGlobalConfig({
    region: REGION,
    endpoint: window.location.origin,
    loggerConfig: { useDefaultLogger: false },
    features: { messageReceipts: { shouldSendMessageReceipts: false } },
  });
  const session = chatjs.ChatSession.create({
    chatDetails: details,
    options: { region: REGION },
    type: "CUSTOMER",
    disableCSM: true,
  });
  let connected = false;
  // chatjs reports the connection established before its websocket is up (and while it retries), so the
  // socket counts as live only once it answers chatjs's deep heartbeat (aws/ping) or delivers an item.
  let live = false;
  let stopped = false;
  let polling = false;
  const readTranscript = async () => {
    const res = await session.getTranscript({
      scanDirection: "FORWARD",
      sortOrder: "ASCENDING",
      maxResults: 100,
    });
    for (const item of res.data?.Transcript ?? []) {
      handlers.onItem(item);
      if (item.ContentType?.endsWith("chat.ended")) stopped = true;
    }
  };
  const goLive = () => {
    if (live || stopped) return;
    live = true;
    handlers.onLive?.();
    // Connect pushes only what happens after the subscription: what came before (the greeting) is read once,
    // as Connect's hosted widget does; the widget drops items it already shows.
    readTranscript().catch(() => undefined);
  };
  session.onMessage((event) => {
    goLive();
    handlers.onItem(event.data);
  });
  session.onTyping((event) => {
    goLive();
    handlers.onItem(event.data);
  });
  session.onDeepHeartbeatSuccess(goLive);
  session.onEnded(() => {
    stopped = true;
    handlers.onEnded();
  });
  session.onConnectionLost(() => {
    // chatjs reconnects by itself; meanwhile the transcript is read over REST so nothing is missed.
    live = false;
    startPolling();
  });
  session.onConnectionBroken(() => {
    if (connected) handlers.onBroken("connection broken");
  });
  await withTimeout(session.connect(), CONNECT_TIMEOUT_MS, "chatjs could not connect");
  connected = true;
  const startedAt = Date.now();
  const poll = async () => {
    if (stopped || live) {
      polling = false;
      return;
    }
    await readTranscript().catch(() => undefined); // a failed read is retried on the next tick
    if (!live && !stopped && Date.now() - startedAt > SOCKET_GRACE_MS)
      handlers.onDegraded?.("no websocket messages");
    window.setTimeout(poll, POLL_MS);
  };
  function startPolling() {
    if (polling || stopped) return;
    polling = true;
    window.setTimeout(poll, POLL_MS);
  }
  startPolling();
  return {
    kind: "websocket",
    async send(text) {
      const res = await session.sendMessage({ contentType: "text/plain", message: text });
      return res?.data?.Id;
    },
    typing() {
      session.sendEvent({ contentType: TYPING }).catch(() => undefined);
    },
    async end() {
      stopped = true;
      await session.disconnectParticipant().catch(() => undefined);
    },
  };
}

/** The participant REST API with the transcript polled: what the widget falls back to without a websocket. */
export async function connectWithPolling(
  details: ChatDetails,
  handlers: ChatHandlers,
): Promise<ChatTransport> {
  const connection = await participantCall<{ ConnectionCredentials?: { ConnectionToken?: string } }>(
    "/participant/connection",
    details.participantToken,
    { Type: ["CONNECTION_CREDENTIALS"], ConnectParticipant: true },
  );
  const token = connection.ConnectionCredentials?.ConnectionToken;
  if (!token) throw new Error("CreateParticipantConnection returned no ConnectionToken");
  const seen = new Set<string>();
  let stopped = false;
  const poll = async () => {
    if (stopped) return;
    try {
      const page = await participantCall<{ Transcript?: ChatItem[] }>("/participant/transcript", token, {
        ScanDirection: "FORWARD",
        SortOrder: "ASCENDING",
        MaxResults: 100,
      });
      for (const item of page.Transcript ?? []) {
        const key = item.Id ?? `${item.AbsoluteTime}:${item.Content}`;
        if (seen.has(key)) continue;
        seen.add(key);
        handlers.onItem(item);
        if (item.ContentType?.endsWith("chat.ended")) {
          stopped = true;
          handlers.onEnded();
        }
      }
    } catch (err) {
      stopped = true;
      handlers.onBroken(err instanceof Error ? err.message : String(err));
    }
    if (!stopped) window.setTimeout(poll, POLL_MS);
  };
  void poll();
  return {
    kind: "polling",
    async send(text) {
      const res = await participantCall<{ Id?: string }>("/participant/message", token, {
        ContentType: "text/plain",
        Content: text,
        ClientToken: crypto.randomUUID(),
      });
      return res.Id;
    },
    typing() {
      participantCall("/participant/event", token, {
        ContentType: TYPING,
        ClientToken: crypto.randomUUID(),
      }).catch(() => undefined);
    },
    async end() {
      stopped = true;
      await participantCall("/participant/disconnect", token, { ClientToken: crypto.randomUUID() }).catch(
        () => undefined,
      );
    },
  };
}

async function participantCall<T>(path: string, bearer: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", "x-amz-bearer": bearer },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = window.setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (v) => {
        window.clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        window.clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
      },
    );
  });
}
