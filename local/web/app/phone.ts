import { getJson, sendJson } from "./api.js";
import { type CallerNumberCheck, checkCallerNumber, EXAMPLE_NUMBERS } from "./caller-number.js";
import { DEMO_CALLERS, localeForNumber } from "./demo-callers.js";
import { byId } from "./dom.js";
import { onUiLocaleChange, t, uiLocale } from "./i18n.js";
import { shopSettings } from "./shop-settings.js";
import { speak, stopSpeaking } from "./speech.js";

/** What the caller experiences, as `/_local/calls` reports it. */
export interface CallEvent {
  type: string;
  text?: string;
  queue?: string;
  [key: string]: unknown;
}
export interface CallStep {
  callId: string;
  state: string;
  events: CallEvent[];
}
/** `GET /_local/calls/{id}`: the shape is the Connect emulator's; the console reads it loosely. */
export type CallDetail = Record<string, unknown> & { callId?: string; state?: string };

type CallState = "idle" | "dialing" | "waiting" | "queued" | "ended";

const OTHER = "other";
// Like a phone's inter-digit timeout: keys pressed within this pause go to Connect as one input.
const KEY_PAUSE_MS = 1000;

/** The phone panel: caller ID, dial, prompts (shown and spoken), typed speech, keypad, hang up. */
export class PhonePanel {
  private callId: string | undefined;
  private callLocale: "en_US" | "ja_JP" = "en_US";
  private state: CallState = "idle";
  private busy = false;
  private keyed = "";
  private keyTimer: number | undefined;
  private readonly detailListeners: Array<(detail: CallDetail) => void> = [];
  private readonly el = {
    panel: byId<HTMLElement>("phone"),
    caller: byId<HTMLSelectElement>("caller-id"),
    customField: byId<HTMLElement>("custom-number-field"),
    custom: byId<HTMLInputElement>("custom-number"),
    customHint: byId<HTMLElement>("custom-number-hint"),
    customError: byId<HTMLElement>("custom-number-error"),
    locale: byId<HTMLSelectElement>("call-locale"),
    dial: byId<HTMLButtonElement>("dial"),
    hangUp: byId<HTMLButtonElement>("hang-up"),
    readAloud: byId<HTMLInputElement>("read-aloud"),
    status: byId<HTMLElement>("call-status"),
    transcript: byId<HTMLOListElement>("call-transcript"),
    sayForm: byId<HTMLFormElement>("say-form"),
    say: byId<HTMLInputElement>("say-input"),
    saySend: byId<HTMLButtonElement>("say-send"),
    silence: byId<HTMLButtonElement>("silence"),
    keys: [...document.querySelectorAll<HTMLButtonElement>(".keypad .key")],
    keypad: byId<HTMLFieldSetElement>("keypad"),
    keyed: byId<HTMLOutputElement>("keyed-digits"),
  };

  constructor() {
    this.renderCallerOptions();
    this.el.caller.addEventListener("change", () => {
      this.el.customField.hidden = this.el.caller.value !== OTHER;
      if (!this.el.customField.hidden) this.el.custom.focus();
    });
    this.el.custom.addEventListener("input", () => {
      // Errors go away as soon as the number is fixed; they are only raised on Call.
      if (this.el.custom.getAttribute("aria-invalid") === "true")
        this.showNumberCheck(this.checkCustom(), false);
      else this.renderNumberHint();
    });
    this.el.locale.addEventListener("change", () => this.renderNumberHint());
    this.renderNumberHint();
    this.el.dial.addEventListener("click", () => void this.dial());
    this.el.hangUp.addEventListener("click", () => void this.hangUp());
    this.el.sayForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.el.say.value.trim();
      if (!text) return;
      this.el.say.value = "";
      void this.send({ say: text }, text);
    });
    this.el.silence.addEventListener("click", () => void this.send({ silence: true }, t("phone.silent")));
    for (const key of this.el.keys) {
      key.setAttribute("aria-label", t("phone.key", { key: key.dataset.key! }));
      key.addEventListener("click", () => this.pressKey(key.dataset.key!));
    }
    // Digits typed on the keyboard while the keypad has focus press the keys.
    this.el.keypad.addEventListener("keydown", (e) => {
      if (/^[0-9*#]$/.test(e.key)) {
        e.preventDefault();
        this.pressKey(e.key);
      }
    });
    onUiLocaleChange(() => {
      this.renderCallerOptions();
      this.renderNumberHint();
      for (const key of this.el.keys)
        key.setAttribute("aria-label", t("phone.key", { key: key.dataset.key! }));
      this.renderState();
    });
    this.renderState();
  }

  /** Called with the call's full record after every step (flow path, attributes, Lex turns). */
  onCallDetail(listener: (detail: CallDetail) => void): void {
    this.detailListeners.push(listener);
  }

  /** Adds numbers seen in the orders table that are not demo customers. */
  addKnownNumbers(numbers: Iterable<{ phone: string; name: string }>): void {
    const have = new Set([...this.el.caller.options].map((o) => o.value));
    for (const n of numbers) {
      if (have.has(n.phone)) continue;
      have.add(n.phone);
      const option = new Option(`${n.name} (${n.phone})`, n.phone);
      this.el.caller.insertBefore(option, this.el.caller.querySelector(`option[value="${OTHER}"]`));
    }
  }

  private renderCallerOptions(): void {
    const selected = this.el.caller.value || DEMO_CALLERS[0]!.phone;
    const extra = [...this.el.caller.options].filter(
      (o) => o.value !== OTHER && !DEMO_CALLERS.some((c) => c.phone === o.value),
    );
    this.el.caller.replaceChildren(
      ...DEMO_CALLERS.map((c) => new Option(`${c.name} (${c.phone}, ${c.locale})`, c.phone)),
      ...extra,
      new Option(t("phone.otherNumber"), OTHER),
    );
    this.el.caller.value = selected;
  }

  /** The country a national number is read in: the chosen call language's, else the page's. */
  private defaultCountry(): string {
    const locale = this.el.locale.value || uiLocale();
    return locale.split("_")[1] ?? "US";
  }

  private checkCustom(): CallerNumberCheck {
    return checkCallerNumber(this.el.custom.value, this.defaultCountry(), shopSettings().allowedCountries);
  }

  private countryName(code: string): string {
    try {
      return new Intl.DisplayNames([uiLocale().replace("_", "-")], { type: "region" }).of(code) ?? code;
    } catch {
      return code;
    }
  }

  private countryList(): string {
    const names = shopSettings().allowedCountries.map((c) => this.countryName(c));
    try {
      return new Intl.ListFormat(uiLocale().replace("_", "-"), { type: "disjunction" }).format(names);
    } catch {
      return names.join(", ");
    }
  }

  private renderNumberHint(): void {
    const check = this.el.custom.value.trim() ? this.checkCustom() : undefined;
    if (check?.ok) {
      this.el.customHint.textContent = t("phone.numberOk", { number: check.e164 });
      return;
    }
    const examples = shopSettings()
      .allowedCountries.map((c) => EXAMPLE_NUMBERS[c])
      .filter(Boolean)
      .join(", ");
    this.el.customHint.textContent = t("phone.numberHint", { countries: this.countryList(), examples });
  }

  /** Shows the check's outcome in words next to the field (and moves focus there when `focus`). */
  private showNumberCheck(check: CallerNumberCheck, focus: boolean): void {
    const input = this.el.custom;
    if (check.ok) {
      input.removeAttribute("aria-invalid");
      this.el.customError.textContent = "";
      this.el.customError.hidden = true;
      this.renderNumberHint();
      return;
    }
    const number = input.value.trim();
    const message =
      check.reason === "empty"
        ? t("phone.numberEmpty")
        : check.reason === "invalid"
          ? t("phone.numberInvalid", { number, country: this.countryName(check.country) })
          : t("phone.numberCountry", {
              number,
              country: this.countryName(check.country),
              countries: this.countryList(),
            });
    input.setAttribute("aria-invalid", "true");
    this.el.customError.textContent = message;
    this.el.customError.hidden = false;
    if (focus) input.focus();
  }

  private callerNumber(): string | undefined {
    if (this.el.caller.value !== OTHER) return this.el.caller.value;
    const check = this.checkCustom();
    this.showNumberCheck(check, true);
    return check.ok ? check.e164 : undefined;
  }

  private async dial(): Promise<void> {
    const from = this.callerNumber();
    if (!from) return;
    this.el.transcript.replaceChildren();
    const locale = this.el.locale.value;
    this.callLocale = locale === "ja_JP" || locale === "en_US" ? locale : localeForNumber(from);
    this.setState("dialing");
    const body: Record<string, string> = { from };
    if (locale) body.locale = locale;
    await this.step(() => sendJson<CallStep>("POST", "/_local/calls", body));
  }

  /** Collects keys until `#` or a pause, then sends them as one DTMF input (Connect reads keys that way). */
  private pressKey(key: string): void {
    if (!this.callId || this.state !== "waiting" || this.busy) return;
    this.keyed += key;
    this.el.keyed.textContent = t("phone.keyed", { keys: this.keyed });
    window.clearTimeout(this.keyTimer);
    if (key === "#") this.flushKeys();
    else this.keyTimer = window.setTimeout(() => this.flushKeys(), KEY_PAUSE_MS);
  }

  private flushKeys(): void {
    window.clearTimeout(this.keyTimer);
    const keys = this.keyed;
    this.keyed = "";
    this.el.keyed.textContent = "";
    if (keys) void this.send({ dtmf: keys }, t("phone.pressed", { keys }));
  }

  private async send(input: Record<string, unknown>, shown: string): Promise<void> {
    if (!this.callId || this.state !== "waiting" || this.busy) return;
    this.line("caller", t("phone.you"), shown);
    const id = encodeURIComponent(this.callId);
    await this.step(() => sendJson<CallStep>("POST", `/_local/calls/${id}`, input));
  }

  private async hangUp(): Promise<void> {
    if (!this.callId) return;
    const id = this.callId;
    this.setState("ended");
    stopSpeaking();
    window.clearTimeout(this.keyTimer);
    this.keyed = "";
    this.el.keyed.textContent = "";
    await sendJson("POST", `/_local/calls/${encodeURIComponent(id)}`, { hangup: true }).catch(
      () => undefined,
    );
    await this.refreshDetail(id);
  }

  private async step(run: () => Promise<CallStep>): Promise<void> {
    this.busy = true;
    this.renderState();
    try {
      const result = await run();
      this.callId = result.callId ?? this.callId;
      for (const event of result.events ?? []) this.renderEvent(event);
      this.setState(normaliseState(result.state));
    } catch (err) {
      this.line("event", "", t("phone.error", { message: err instanceof Error ? err.message : String(err) }));
      if (this.state === "dialing") this.setState("idle");
    } finally {
      this.busy = false;
      this.renderState();
    }
    if (this.callId) await this.refreshDetail(this.callId);
    if (this.state === "waiting") this.el.say.focus();
  }

  private async refreshDetail(id: string): Promise<void> {
    const detail = await getJson<CallDetail>(`/_local/calls/${encodeURIComponent(id)}`);
    if (!detail.ok) return;
    const locale = findLocale(detail.data);
    if (locale) this.callLocale = locale;
    for (const listener of this.detailListeners) listener(detail.data);
  }

  private renderEvent(event: CallEvent): void {
    switch (event.type) {
      case "prompt": {
        const text = String(event.text ?? "");
        this.line("system", t("phone.system"), text);
        if (this.el.readAloud.checked) speak(text, this.callLocale);
        break;
      }
      case "transfer":
        this.line("event", "", t("phone.transfer", { queue: String(event.queue ?? "") }));
        break;
      case "callback":
        this.line("event", "", t("phone.callback"));
        break;
      case "disconnect":
        this.line("event", "", t("phone.disconnect"));
        break;
      default:
        this.line("event", "", `${event.type}${event.text ? `: ${event.text}` : ""}`);
    }
  }

  private line(kind: "caller" | "system" | "event", who: string, text: string): void {
    const li = document.createElement("li");
    li.className = kind;
    // Prompts are in the call's language, which may differ from the page's (screen readers need it).
    if (kind === "system") li.lang = this.callLocale.slice(0, 2);
    if (who) {
      const span = document.createElement("span");
      span.className = "who";
      span.textContent = `${who}:`;
      li.append(span);
    }
    li.append(document.createTextNode(text));
    this.el.transcript.append(li);
    li.scrollIntoView({ block: "nearest" });
  }

  private setState(state: CallState): void {
    this.state = state;
    this.renderState();
  }

  private renderState(): void {
    const inCall = this.state === "waiting" && !this.busy;
    const live = this.state === "dialing" || this.state === "waiting" || this.state === "queued";
    this.el.status.textContent = t(`phone.state.${this.state}`);
    this.el.status.dataset.state = this.state;
    // Tests and assistive tech can tell when a step has finished.
    this.el.panel.setAttribute("aria-busy", String(this.busy));
    this.el.dial.disabled = live;
    this.el.hangUp.disabled = !live || this.state === "dialing";
    this.el.say.disabled = !inCall;
    this.el.saySend.disabled = !inCall;
    this.el.silence.disabled = !inCall;
    for (const key of this.el.keys) key.disabled = !inCall;
  }
}

function normaliseState(state: string | undefined): CallState {
  return state === "waiting" || state === "queued" || state === "ended" ? state : "waiting";
}

/** The call's locale from its attributes, wherever the Connect emulator puts them. */
function findLocale(detail: CallDetail): "en_US" | "ja_JP" | undefined {
  const attrs = (detail.attributes ?? (detail.contact as Record<string, unknown> | undefined)?.attributes) as
    | Record<string, unknown>
    | undefined;
  const value = attrs?.locale ?? detail.locale ?? detail.languageCode;
  if (typeof value !== "string") return undefined;
  if (value.startsWith("ja")) return "ja_JP";
  if (value.startsWith("en")) return "en_US";
  return undefined;
}
