/** UI text for the console, loaded from `locales/<locale>/web.json` through `/_local/web/text`. */
export type UiLocale = "en_US" | "ja_JP";

type Catalog = Record<string, string>;

let catalogs: Record<string, Catalog> = {};
let current: UiLocale = "en_US";
const listeners: Array<(locale: UiLocale) => void> = [];

/** Loads every locale's catalog; the page stays usable (keys shown) if the endpoint fails. */
export async function loadText(): Promise<void> {
  const res = await fetch("/_local/web/text");
  if (res.ok) catalogs = (await res.json()) as Record<string, Catalog>;
}

export function uiLocale(): UiLocale {
  return current;
}

/** The text for `key` in the current UI locale with `{name}` placeholders filled. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogs[current]?.[key] ?? catalogs.en_US?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** Switches the UI locale, re-labels the document and tells the panels. */
export function setUiLocale(locale: UiLocale): void {
  current = locale;
  try {
    localStorage.setItem("orderline.uiLocale", locale);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
  document.documentElement.lang = t("lang");
  document.title = t("title");
  applyText(document);
  for (const listener of listeners) listener(locale);
}

/** The saved choice, else the browser's language. */
export function initialUiLocale(): UiLocale {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem("orderline.uiLocale");
  } catch {
    saved = null;
  }
  if (saved === "en_US" || saved === "ja_JP") return saved;
  return navigator.language.toLowerCase().startsWith("ja") ? "ja_JP" : "en_US";
}

export function onUiLocaleChange(listener: (locale: UiLocale) => void): void {
  listeners.push(listener);
}

/** Fills elements marked `data-i18n` (text), `data-i18n-placeholder` and `data-i18n-aria-label`. */
export function applyText(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n]")) el.textContent = t(el.dataset.i18n!);
  for (const el of root.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder!);
  }
  for (const el of root.querySelectorAll<HTMLElement>("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel!));
  }
}
