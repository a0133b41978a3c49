import type { Contact, ContactEvent } from "./contact.js";

/** A chat transcript item as the participant service returns it. */
export interface ChatItem {
  AbsoluteTime: string;
  Content?: string;
  ContentType: string;
  Id: string;
  Type: "MESSAGE" | "EVENT";
  ParticipantId?: string;
  DisplayName?: string;
  ParticipantRole?: "CUSTOMER" | "SYSTEM" | "AGENT";
  ContactId: string;
}

export const EVENT_CONTENT_TYPES = {
  joined: "application/vnd.amazonaws.connect.event.participant.joined",
  left: "application/vnd.amazonaws.connect.event.participant.left",
  ended: "application/vnd.amazonaws.connect.event.chat.ended",
  transferred: "application/vnd.amazonaws.connect.event.transfer.succeeded",
  typing: "application/vnd.amazonaws.connect.event.typing",
} as const;

const BOT = {
  ParticipantId: "00000000-0000-4000-8000-0000000b0701",
  DisplayName: "BOT",
  ParticipantRole: "SYSTEM" as const,
};

/** One chat: the customer participant's tokens, the transcript, and live listeners (websockets). */
export class ChatSession {
  readonly items: ChatItem[] = [];
  readonly participantId = crypto.randomUUID();
  readonly participantToken = `pt-${crypto.randomUUID()}`;
  connectionToken?: string;
  websocketToken?: string;
  private readonly listeners = new Set<(item: ChatItem) => void>();

  constructor(
    readonly contact: Contact,
    readonly displayName: string,
  ) {
    this.add({ Type: "EVENT", ContentType: EVENT_CONTENT_TYPES.joined, ...this.customer() });
    contact.onEvent((e) => this.fromFlow(e));
  }

  get contactId(): string {
    return this.contact.id;
  }

  get ended(): boolean {
    return this.contact.state === "ended";
  }

  /** A message the customer sent; the flow (the bot) gets it as input. */
  customerMessage(contentType: string, content: string): ChatItem {
    const item = this.add({
      Type: "MESSAGE",
      ContentType: contentType,
      Content: content,
      ...this.customer(),
    });
    // The bot "types" while it works on an answer, as Connect's Lex integration shows; a queued or ended
    // contact has no bot to answer.
    if (this.contact.state !== "ended" && this.contact.state !== "queued") {
      this.broadcast(this.item({ Type: "EVENT", ContentType: EVENT_CONTENT_TYPES.typing, ...BOT }));
    }
    this.contact.provideInput({ say: content });
    return item;
  }

  /** A customer event: relayed to the sockets; typing and receipts are not kept in the transcript. */
  customerEvent(contentType: string, content?: string): ChatItem {
    const item = this.item({ Type: "EVENT", ContentType: contentType, Content: content, ...this.customer() });
    if (!/typing|message\.(delivered|read)/.test(contentType)) this.items.push(item);
    this.broadcast(item);
    return item;
  }

  /** The customer leaves: the contact ends. */
  disconnect(): void {
    if (this.ended) return;
    this.add({ Type: "EVENT", ContentType: EVENT_CONTENT_TYPES.left, ...this.customer() });
    this.contact.provideInput({ hangup: true });
    this.add({ Type: "EVENT", ContentType: EVENT_CONTENT_TYPES.ended, ParticipantRole: "SYSTEM" });
  }

  /** Calls `listener` with every new item (the websocket pushes them); returns the unsubscribe. */
  subscribe(listener: (item: ChatItem) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fromFlow(e: ContactEvent): void {
    if (e.type === "prompt")
      this.add({ Type: "MESSAGE", ContentType: "text/plain", Content: e.text, ...BOT });
    else if (e.type === "transfer")
      this.add({ Type: "EVENT", ContentType: EVENT_CONTENT_TYPES.transferred, ...BOT });
    else if (e.type === "disconnect")
      this.add({ Type: "EVENT", ContentType: EVENT_CONTENT_TYPES.ended, ParticipantRole: "SYSTEM" });
  }

  private customer() {
    return {
      ParticipantId: this.participantId,
      DisplayName: this.displayName,
      ParticipantRole: "CUSTOMER" as const,
    };
  }

  private add(fields: Omit<ChatItem, "AbsoluteTime" | "Id" | "ContactId">): ChatItem {
    const item = this.item(fields);
    this.items.push(item);
    this.broadcast(item);
    return item;
  }

  private item(fields: Omit<ChatItem, "AbsoluteTime" | "Id" | "ContactId">): ChatItem {
    return {
      ...fields,
      AbsoluteTime: new Date().toISOString(),
      Id: crypto.randomUUID(),
      ContactId: this.contact.id,
    };
  }

  private broadcast(item: ChatItem): void {
    for (const l of this.listeners) l(item);
  }
}
