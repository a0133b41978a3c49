import { getJson, sendJson } from "./api.js";
import {
  type ChatDetails,
  type ChatHandlers,
  type ChatItem,
  type ChatTransport,
  connectWithChatJs,
  connectWithPolling,
  TYPING,
} from "./chat-transport.js";
import { byId, make } from "./dom.js";
import { onUiLocaleChange, t, uiLocale } from "./i18n.js";

interface Health {
  connect?: { instanceId?: string; inboundFlowId?: string };
}

const TYPING_SHOWN_MS = 4000;
const TYPING_SENT_EVERY_MS = 3000;

/**
 * A chat widget that behaves like Amazon Connect's hosted one: a launcher, a pre-chat form (display name,
 * language → the `locale` contact attribute), a transcript with bubbles, a typing indicator and End chat.
 * It starts the contact with StartChatContact and talks to the participant service through chatjs.
 */
export class ChatWidget {
  private transport: ChatTransport | undefined;
  private readonly shown = new Set<string>();
  private typingTimer: number | undefined;
  private lastTypingSent = 0;
  private ended = false;
  private contactId: string | undefined;
  private readonly contactListeners: Array<(contactId: string) => void> = [];
  private readonly el = {
    launcher: byId<HTMLButtonElement>("chat-launcher"),
    panel: byId<HTMLElement>("chat-panel"),
    prechat: byId<HTMLFormElement>("chat-prechat"),
    name: byId<HTMLInputElement>("chat-name"),
    locale: byId<HTMLSelectElement>("chat-locale"),
    start: byId<HTMLButtonElement>("chat-start"),
    status: byId<HTMLElement>("chat-status"),
    transcript: byId<HTMLOListElement>("chat-transcript"),
    typing: byId<HTMLElement>("chat-typing"),
    composer: byId<HTMLFormElement>("chat-composer"),
    input: byId<HTMLTextAreaElement>("chat-input"),
    end: byId<HTMLButtonElement>("chat-end"),
  };

  constructor() {
    this.el.launcher.addEventListener("click", () => this.toggle());
    this.el.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.toggle(false);
    });
    this.el.prechat.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.start();
    });
    this.el.composer.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.sendCurrent();
    });
    this.el.input.addEventListener("keydown", (e) => {
      // Enter sends, Shift+Enter starts a new line (as in the Connect widget).
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        void this.sendCurrent();
      }
    });
    this.el.input.addEventListener("input", () => this.sendTyping());
    this.el.end.addEventListener("click", () => void this.end());
    onUiLocaleChange(() => this.relabel());
    this.relabel();
  }

  /** Called when the chat contact changed (started, a message came): the console then reads its record. */
  onContactActivity(listener: (contactId: string) => void): void {
    this.contactListeners.push(listener);
  }

  private relabel(): void {
    const open = !this.el.panel.hidden;
    this.el.launcher.setAttribute("aria-label", t(open ? "chat.close" : "chat.open"));
    if (!this.transport && !this.ended) this.el.locale.value = uiLocale();
  }

  private toggle(open = this.el.panel.hidden): void {
    this.el.panel.hidden = !open;
    this.el.launcher.setAttribute("aria-expanded", String(open));
    this.relabel();
    if (open) (this.transport ? this.el.input : this.el.name).focus();
    else this.el.launcher.focus();
  }

  private async start(): Promise<void> {
    const displayName = this.el.name.value.trim() || t("chat.displayNameDefault");
    const locale = this.el.locale.value;
    this.el.start.disabled = true;
    this.ended = false;
    this.shown.clear();
    this.el.transcript.replaceChildren();
    this.setStatus(t("chat.connecting"));
    try {
      const health = await getJson<Health>("/health");
      const ids = health.ok ? health.data.connect : undefined;
      if (!ids?.instanceId || !ids.inboundFlowId)
        throw new Error("/health has no connect.instanceId/inboundFlowId");
      const started = await sendJson<{ ContactId: string; ParticipantId: string; ParticipantToken: string }>(
        "PUT",
        "/contact/chat",
        {
          InstanceId: ids.instanceId,
          ContactFlowId: ids.inboundFlowId,
          ParticipantDetails: { DisplayName: displayName },
          Attributes: { locale },
          SupportedMessagingContentTypes: ["text/plain"],
          ClientToken: crypto.randomUUID(),
        },
      );
      const details: ChatDetails = {
        contactId: started.ContactId,
        participantId: started.ParticipantId,
        participantToken: started.ParticipantToken,
      };
      this.el.panel.dataset.contactId = details.contactId;
      this.contactId = details.contactId;
      this.showConversation();
      this.transport = await this.connect(details);
      this.el.panel.dataset.transport = this.transport.kind;
      if (this.transport.kind === "websocket") this.setStatus(t("chat.connected"));
      this.el.input.focus();
    } catch (err) {
      this.setStatus(t("chat.error", { message: err instanceof Error ? err.message : String(err) }));
      this.el.start.disabled = false;
    }
  }

  private async connect(details: ChatDetails): Promise<ChatTransport> {
    const handlers: ChatHandlers = {
      onItem: (item) => this.onItem(item),
      onEnded: () => this.onEnded(),
      onBroken: (reason) => this.setStatus(t("chat.error", { message: reason })),
      onDegraded: (reason) => {
        if (this.el.panel.dataset.transport !== "polling") {
          this.el.panel.dataset.transport = "polling";
          this.setStatus(t("chat.polling", { reason }));
        }
      },
      onLive: () => {
        // The websocket answers (or came back): the polling notice no longer holds.
        if (this.el.panel.dataset.transport === "polling") this.setStatus(t("chat.connected"));
        this.el.panel.dataset.transport = "websocket";
      },
    };
    try {
      return await connectWithChatJs(details, handlers);
    } catch (err) {
      // Degrade visibly: the participant REST API still works without the websocket.
      const reason = err instanceof Error ? err.message : String(err);
      this.setStatus(t("chat.polling", { reason }));
      return await connectWithPolling(details, handlers);
    }
  }

  private showConversation(): void {
    this.el.prechat.hidden = true;
    this.el.transcript.hidden = false;
    this.el.composer.hidden = false;
    this.el.end.hidden = false;
  }

  private async sendCurrent(): Promise<void> {
    const text = this.el.input.value.trim();
    if (!text || !this.transport || this.ended) return;
    this.el.input.value = "";
    const bubble = this.bubble("customer", this.el.name.value.trim() || t("chat.displayNameDefault"), text);
    bubble.classList.add("pending");
    this.showTyping(t("chat.typing", { name: t("chat.botName") }));
    try {
      const id = await this.transport.send(text);
      bubble.classList.remove("pending");
      if (id) {
        bubble.dataset.id = id;
        this.shown.add(id);
      }
    } catch (err) {
      this.hideTyping();
      this.setStatus(t("chat.error", { message: err instanceof Error ? err.message : String(err) }));
    }
  }

  private sendTyping(): void {
    const now = Date.now();
    if (!this.transport || now - this.lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.lastTypingSent = now;
    this.transport.typing();
  }

  private onItem(item: ChatItem): void {
    if (item.Id && this.shown.has(item.Id)) return;
    if (this.contactId) for (const listener of this.contactListeners) listener(this.contactId);
    const role = item.ParticipantRole ?? "SYSTEM";
    const contentType = item.ContentType ?? "";
    if (contentType === TYPING) {
      if (role !== "CUSTOMER") this.showTyping(t("chat.typing", { name: this.senderName(item.DisplayName) }));
      return;
    }
    if (item.Id) this.shown.add(item.Id);
    if (item.Type === "MESSAGE" || contentType.startsWith("text/")) {
      if (role === "CUSTOMER") {
        // Our own message echoed before send() resolved: match the pending bubble by text.
        const pending = [
          ...this.el.transcript.querySelectorAll<HTMLElement>(".bubble.customer.pending"),
        ].find((b) => b.dataset.text === item.Content);
        if (pending) {
          pending.classList.remove("pending");
          if (item.Id) pending.dataset.id = item.Id;
          return;
        }
        this.bubble("customer", item.DisplayName ?? "", item.Content ?? "");
        return;
      }
      this.hideTyping();
      this.bubble("bot", this.senderName(item.DisplayName), item.Content ?? "");
      return;
    }
    if (contentType.endsWith("participant.joined") && role !== "CUSTOMER") {
      this.bubble("system", "", t("chat.joined", { name: this.senderName(item.DisplayName || role) }));
    } else if (contentType.endsWith("participant.left") && role !== "CUSTOMER") {
      this.bubble("system", "", t("chat.left", { name: this.senderName(item.DisplayName || role) }));
    } else if (contentType.endsWith("chat.ended")) {
      this.onEnded();
    }
  }

  /** Connect names the bot `BOT` (and system messages `SYSTEM_MESSAGE`); people see the shop's name in their language. */
  private senderName(displayName: string | undefined): string {
    return !displayName || displayName === "BOT" || displayName === "SYSTEM_MESSAGE"
      ? t("chat.botName")
      : displayName;
  }

  private bubble(kind: "customer" | "bot" | "system", sender: string, text: string): HTMLElement {
    const li = make("li", `bubble ${kind}`);
    // Conversation text is in the chat's language, which may differ from the page's (screen readers need it).
    if (kind !== "system") li.lang = this.el.locale.value.slice(0, 2);
    li.dataset.text = text;
    if (sender) li.append(make("span", "sender", sender));
    li.append(document.createTextNode(text));
    this.el.transcript.append(li);
    li.scrollIntoView({ block: "nearest" });
    return li;
  }

  private showTyping(text: string): void {
    this.el.typing.textContent = text;
    this.el.typing.hidden = false;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
  }

  private hideTyping(): void {
    window.clearTimeout(this.typingTimer);
    this.el.typing.hidden = true;
  }

  private async end(): Promise<void> {
    await this.transport?.end();
    this.onEnded();
  }

  private onEnded(): void {
    if (this.ended) return;
    this.ended = true;
    this.hideTyping();
    this.bubble("system", "", t("chat.ended"));
    this.setStatus(t("chat.ended"));
    this.el.composer.hidden = true;
    this.el.end.hidden = true;
    // The pre-chat form comes back so a new chat can start, as in the hosted widget.
    this.transport = undefined;
    this.el.prechat.hidden = false;
    this.el.start.disabled = false;
  }

  private setStatus(text: string): void {
    this.el.status.textContent = text;
  }
}
