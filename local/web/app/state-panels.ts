import { type Fetched, getJson, sendJson } from "./api.js";
import { byId, type Column, make, renderTable, timeElement } from "./dom.js";
import { onUiLocaleChange, t, uiLocale } from "./i18n.js";
import { type LexTurn, readLexTurns } from "./lex-turns.js";
import { formatCalendarDate, formatInstant, localeOfPhone, shopZone } from "./shop-settings.js";

type Row = Record<string, unknown>;

const POLL_MS = 1000;
const ABSENT_RETRY_MS = 30_000;
// The emulator keeps 500 turns; a debugging panel needs the recent ones, and redraws stay cheap.
const MAX_LEX_ROWS = 100;
const NOWRAP_COLUMNS = new Set([
  "orderId",
  "customerPhone",
  "shippingDate",
  "phoneNumber",
  "at",
  "scheduledAt",
]);

/** Where each panel reads from; all are the emulator's `/_local/...` endpoints. */
const SOURCES = {
  orders: "/_local/orders",
  sms: "/_local/sms",
  callbacks: "/_local/callbacks",
  contacts: "/_local/contacts",
  lex: "/_local/lex/turns",
} as const;
type Source = keyof typeof SOURCES;

/**
 * The live state beside the phone: orders, SMS outbox, callbacks, queued contacts and Lex turns, polled
 * about once a second and redrawn only when something changed (changed order rows flash).
 */
export class StatePanels {
  private readonly last = new Map<Source, string>();
  private readonly results = new Map<Source, Fetched<unknown>>();
  private readonly absentUntil = new Map<Source, number>();
  private orderSnapshot = new Map<string, string>();
  private changedOrders = new Set<string>();
  private readonly callTurns = new Map<string, LexTurn[]>();
  private timer: number | undefined;
  private readonly orderListeners: Array<(rows: Row[]) => void> = [];

  constructor() {
    onUiLocaleChange(() => {
      this.last.clear();
      void this.refresh();
    });
    byId("reset-demo").addEventListener("click", () => void this.resetDemo());
    byId("clear-queue").addEventListener("click", () => void this.clearQueue());
  }

  /** `POST /_local/reset`: the demo orders as seeded, SMS outbox and callbacks emptied. */
  private async resetDemo(): Promise<void> {
    const button = byId<HTMLButtonElement>("reset-demo");
    button.disabled = true;
    try {
      const result = await sendJson<{ restored: number }>("POST", "/_local/reset", {});
      this.orderSnapshot = new Map(); // a restore is not a change to flash
      await this.refresh();
      this.say(t("state.resetDone", { count: result.restored }));
    } catch (err) {
      this.say(t("state.resetFailed", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      button.disabled = false;
    }
  }

  /** Hangs up every contact waiting in the queue (as its caller would), so the agent view starts empty. */
  private async clearQueue(): Promise<void> {
    const result = this.results.get("contacts");
    const queued = result?.ok
      ? asRows(result.data).filter((r) => r.type === "queued" && typeof r.contactId === "string")
      : [];
    await Promise.all(
      queued.map((r) =>
        sendJson("POST", `/_local/calls/${encodeURIComponent(String(r.contactId))}`, { hangup: true }).catch(
          () => undefined,
        ),
      ),
    );
    await this.refresh();
    this.say(t("state.queueCleared", { count: queued.length }));
  }

  private say(message: string): void {
    byId("state-message").textContent = message;
  }

  start(): void {
    const tick = async () => {
      await this.refresh();
      this.timer = window.setTimeout(tick, POLL_MS);
    };
    void tick();
  }

  stop(): void {
    if (this.timer !== undefined) window.clearTimeout(this.timer);
  }

  onOrders(listener: (rows: Row[]) => void): void {
    this.orderListeners.push(listener);
  }

  /** Lex turns found in a call's record (used when the emulator has no turn log endpoint). */
  addCallTurns(callId: string, turns: LexTurn[]): void {
    this.callTurns.set(callId, turns);
    this.last.delete("lex");
    this.renderLex();
  }

  async refresh(): Promise<void> {
    const now = Date.now();
    const due = (Object.keys(SOURCES) as Source[]).filter((s) => (this.absentUntil.get(s) ?? 0) <= now);
    const entries = await Promise.all(due.map(async (s) => [s, await getJson<unknown>(SOURCES[s])] as const));
    for (const [source, result] of entries) {
      // An endpoint this emulator does not have is asked again only now and then (no 404 every second).
      if (!result.ok && result.status === 404) this.absentUntil.set(source, now + ABSENT_RETRY_MS);
    }
    let changed = false;
    for (const [source, result] of entries) {
      const fingerprint = JSON.stringify(result);
      this.results.set(source, result);
      if (this.last.get(source) === fingerprint) continue;
      this.last.set(source, fingerprint);
      changed = true;
      this.render(source);
    }
    if (changed || !byId("state-updated").textContent) {
      const time = new Date().toLocaleTimeString(uiLocale().replace("_", "-"));
      byId("state-updated").textContent = t("state.updated", { time });
    }
  }

  private render(source: Source): void {
    switch (source) {
      case "orders":
        this.renderOrders();
        return;
      case "sms":
        this.renderList("sms", ["phoneNumber", "message", "at"]);
        return;
      case "callbacks":
        this.renderList("callbacks", ["phoneNumber", "scheduledAt", "orderId", "locale"]);
        return;
      case "contacts":
        this.renderContacts();
        return;
      case "lex":
        this.renderLex();
        return;
    }
  }

  private renderOrders(): void {
    const container = byId("orders");
    const result = this.results.get("orders");
    if (!result?.ok) {
      this.unavailable(container, SOURCES.orders, result);
      return;
    }
    const rows = asRows(result.data);
    const next = new Map(rows.map((r) => [String(r.orderId), JSON.stringify(r)]));
    if (this.orderSnapshot.size > 0) {
      this.changedOrders = new Set(
        [...next].filter(([k, v]) => this.orderSnapshot.get(k) !== v).map(([k]) => k),
      );
    }
    this.orderSnapshot = next;
    const columns: Column<Row>[] = [
      "orderId",
      "customerName",
      "customerPhone",
      "itemName",
      "shippingDate",
      "status",
      "locale",
    ].map((key) => ({
      key,
      cell: (r: Row) => orderCell(key, r),
      className: (r: Row) =>
        key === "status" ? `status-${text(r.status)} nowrap` : NOWRAP_COLUMNS.has(key) ? "nowrap" : "",
    }));
    container.replaceChildren(
      rows.length === 0
        ? make("p", "muted", t("state.empty"))
        : renderTable(
            (k) => t(`col.${k}`),
            columns,
            rows,
            (r) => String(r.orderId),
            this.changedOrders,
          ),
    );
    for (const listener of this.orderListeners) listener(rows);
  }

  private renderList(id: "sms" | "callbacks", keys: string[]): void {
    const container = byId(id);
    const result = this.results.get(id);
    if (!result?.ok) {
      this.unavailable(container, SOURCES[id], result);
      return;
    }
    const rows = asRows(result.data);
    container.replaceChildren(
      rows.length === 0
        ? make("p", "muted", t("state.empty"))
        : renderTable(
            (k) => t(`col.${k}`),
            keys.map((key) => ({
              key,
              cell: (r: Row) => listCell(key, r),
              className: () => (NOWRAP_COLUMNS.has(key) ? "nowrap" : key === "message" ? "message" : ""),
            })),
            rows,
          ),
    );
  }

  private renderContacts(): void {
    const container = byId("contacts");
    const result = this.results.get("contacts");
    if (!result?.ok) {
      this.unavailable(container, SOURCES.contacts, result);
      return;
    }
    const rows = asRows(result.data);
    byId<HTMLButtonElement>("clear-queue").disabled = !rows.some((r) => r.type === "queued");
    const columns: Column<Row>[] = [
      { key: "type", cell: (r) => translated("contact", text(r.type)), className: () => "nowrap" },
      { key: "queue", cell: (r) => text(r.queue ?? r.queueName ?? r.Queue), className: () => "nowrap" },
      {
        key: "channel",
        cell: (r) => translated("channel", text(r.channel ?? r.Channel)),
        className: () => "nowrap",
      },
      {
        key: "customerPhone",
        cell: (r) => text(r.customer ?? r.from ?? r.customerPhone ?? r.phoneNumber),
        className: () => "nowrap",
      },
      {
        key: "queuedAt",
        cell: (r) => instantCell(r.queuedAt, shopZone(localeOfPhone(text(r.customer)))),
        className: () => "nowrap",
      },
      {
        key: "attributes",
        cell: (r) => formatAttributes(r.attributes ?? r.Attributes),
        className: () => "attrs",
      },
    ];
    container.replaceChildren(
      rows.length === 0
        ? make("p", "muted", t("state.empty"))
        : renderTable((k) => t(`col.${k}`), columns, rows),
    );
  }

  private renderLex(): void {
    const container = byId("lex-turns");
    const result = this.results.get("lex");
    const fromLog = result?.ok ? readLexTurns(result.data) : [];
    const fromCalls = [...this.callTurns.values()].flat();
    const turns = (fromLog.length > 0 ? fromLog : fromCalls).slice(-MAX_LEX_ROWS);
    const columns: Column<LexTurn>[] = [
      { key: "conversation", cell: (r) => r.conversation },
      { key: "input", cell: (r) => r.input },
      { key: "intent", cell: (r) => intentCell(r.intent), className: () => "nowrap" },
      { key: "slots", cell: (r) => r.slots, className: () => "attrs" },
      { key: "confidence", cell: (r) => r.confidence, className: () => "nowrap" },
      {
        key: "dialogState",
        cell: (r) =>
          r.dialogState
            .split(" · ")
            .map((part) => translated("lex", part))
            .join(" · "),
        className: () => "nowrap",
      },
      { key: "reply", cell: (r) => r.reply, className: () => "reply" },
    ];
    const parts: HTMLElement[] = [];
    if (turns.length > 0) parts.push(renderTable((k) => t(`col.${k}`), columns, turns));
    else if (result && !result.ok)
      parts.push(make("p", "muted", t("state.unavailable", { path: SOURCES.lex })));
    else parts.push(make("p", "muted", t("state.empty")));
    container.replaceChildren(...parts);
  }

  private unavailable(container: HTMLElement, path: string, result: Fetched<unknown> | undefined): void {
    const reason = result && !result.ok && result.status !== 404 ? ` ${result.status} ${result.message}` : "";
    container.replaceChildren(make("p", "muted", `${t("state.unavailable", { path })}${reason}`));
  }
}

function asRows(data: unknown): Row[] {
  if (Array.isArray(data)) return data as Row[];
  if (data && typeof data === "object") {
    const inner = Object.values(data).find(Array.isArray);
    if (inner) return inner as Row[];
  }
  return [];
}

function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The text for `<prefix>.<value>` when the catalog has it (statuses, channels), else the value itself. */
function translated(prefix: string, value: string): string {
  if (!value) return "";
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

function instantCell(value: unknown, zone: string): string | HTMLElement {
  const shown = formatInstant(value, zone);
  return typeof value === "string" && shown !== value ? timeElement(value, shown) : shown;
}

function orderCell(key: string, r: Row): string | HTMLElement {
  const value = text(r[key]);
  if (key === "status") return translated("status", value);
  if (key === "locale") return translated("locale", value);
  if (key === "shippingDate") {
    const shown = formatCalendarDate(r[key]);
    return shown === value ? value : timeElement(value, shown);
  }
  return value;
}

function listCell(key: string, r: Row): string | HTMLElement {
  // SMS: the recipient's shop zone; callbacks: their locale's (the scheduled time carries its own offset).
  const zone = shopZone(typeof r.locale === "string" ? r.locale : localeOfPhone(text(r.phoneNumber)));
  if (key === "at" || key === "scheduledAt") return instantCell(r[key], zone);
  if (key === "locale") return translated("locale", text(r[key]));
  return text(r[key]);
}

function intentCell(intent: string): string | HTMLElement {
  const shown = translated("intent", intent);
  if (shown === intent) return intent;
  const span = make("span", "", shown);
  span.title = intent;
  return span;
}

function formatAttributes(value: unknown): string {
  if (!value || typeof value !== "object") return text(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}=${text(v)}`)
    .join("\n");
}
