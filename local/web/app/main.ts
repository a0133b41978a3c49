import { getJson } from "./api.js";
import { ChatWidget } from "./chat-widget.js";
import { byId } from "./dom.js";
import { FlowDiagramPanel } from "./flow-diagram.js";
import { initialUiLocale, loadText, onUiLocaleChange, setUiLocale, uiLocale } from "./i18n.js";
import { InsightsPanel } from "./insights.js";
import { readLexTurns } from "./lex-turns.js";
import { type CallDetail, PhonePanel } from "./phone.js";
import { loadShopSettings } from "./shop-settings.js";
import { StatePanels } from "./state-panels.js";

const CHAT_RECORD_READ_MS = 300;

/** Boots the console once the DOM is parsed: text first, then the panels, then live polling. */
async function boot(): Promise<void> {
  await Promise.all([loadText(), loadShopSettings()]);
  // Regions that scroll (tables on a phone, transcripts, the diagram) must be reachable with the keyboard.
  for (const el of document.querySelectorAll<HTMLElement>("[data-scroll-region]")) el.tabIndex = 0;
  // The toggle names the other language in that language.
  const toggle = byId("lang-toggle");
  onUiLocaleChange((locale) => {
    toggle.lang = locale === "ja_JP" ? "en" : "ja";
  });
  setUiLocale(initialUiLocale());
  toggle.addEventListener("click", () => setUiLocale(uiLocale() === "ja_JP" ? "en_US" : "ja_JP"));

  const phone = new PhonePanel();
  const flow = new FlowDiagramPanel();
  const state = new StatePanels();
  const chat = new ChatWidget();
  new InsightsPanel(byId("insights")).start();

  const showContact = (detail: CallDetail) => {
    flow.showCall(detail);
    const callId = String(detail.callId ?? "call");
    state.addCallTurns(callId, readLexTurns(detail, callId));
  };
  phone.onCallDetail(showContact);
  // A chat runs the same flows: its record (path, Lex turns) comes from the same endpoint as a call's.
  // Read at most every 300 ms while items stream in, and once after the last: a plain debounce would starve
  // while the websocket delivers a quick conversation, and one read at a time keeps a stale answer from
  // overwriting a newer one.
  let activeContact = "";
  let reading = false;
  let readAgain = false;
  const readChatRecord = async () => {
    readAgain = false;
    try {
      const detail = await getJson<CallDetail>(`/_local/calls/${encodeURIComponent(activeContact)}`);
      if (detail.ok) showContact(detail.data);
    } finally {
      if (readAgain) window.setTimeout(readChatRecord, CHAT_RECORD_READ_MS);
      else reading = false;
    }
  };
  chat.onContactActivity((contactId) => {
    activeContact = contactId;
    readAgain = true;
    if (reading) return;
    reading = true;
    window.setTimeout(readChatRecord, CHAT_RECORD_READ_MS);
  });
  state.onOrders((rows) =>
    phone.addKnownNumbers(
      rows
        .filter((r) => typeof r.customerPhone === "string")
        .map((r) => ({ phone: String(r.customerPhone), name: String(r.customerName ?? r.customerPhone) })),
    ),
  );
  await flow.load();
  state.start();
  document.body.dataset.ready = "true";
}

void boot().catch((err: unknown) => {
  document.body.dataset.ready = "error";
  console.error("console failed to start", err);
});
