/**
 * The Insights view: containment, conversation end states, the per-intent funnel, fallback rate per intent,
 * handoff reasons and the top missed utterances — the report `npm run insights` prints, read from
 * `GET /_local/insights` and redrawn live with Chart.js (bundled with the console, no CDN).
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import type { FunnelStage } from "../../../fulfillment/src/observability/outcome-metrics.js";
import type { InsightsReport as Report } from "../../lex-models/insights.js";
import { getJson } from "./api.js";
import { onUiLocaleChange, type UiLocale, uiLocale } from "./i18n.js";

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
);

/** How often the view rereads the report while the page is visible. */
export const INSIGHTS_REFRESH_MS = 3000;
// The server's FUNNEL_STAGES (its module loads Powertools, so the browser bundle names them again, type-checked).
const STAGES: readonly FunnelStage[] = ["started", "identified", "confirmed", "written", "texted"];
const COLORS = ["#2563eb", "#0891b2", "#16a34a", "#ca8a04", "#9333ea", "#dc2626", "#64748b"];

// The view's own words, both console languages (the panel is self-contained: one file, one hook in main.ts).
const TEXT: Record<UiLocale, Record<string, string>> = {
  en_US: {
    heading: "Insights",
    window: "Window",
    conversations: "Conversations",
    containment: "Containment (no agent)",
    fallback: "Fallback rate",
    missed: "Missed utterances",
    endStates: "How conversations ended",
    funnel: "Funnel per intent",
    fallbackPerIntent: "Fallback rate per intent (%)",
    handoffs: "Why callers reached an agent",
    topMissed: "Top missed utterances",
    none: "Nothing yet: talk to the bot.",
    updated: "Updated",
    Success: "Success",
    Failure: "Failure",
    Dropped: "Dropped",
  },
  ja_JP: {
    heading: "インサイト",
    window: "期間",
    conversations: "会話数",
    containment: "自己解決率（オペレーターなし）",
    fallback: "フォールバック率",
    missed: "認識できなかった発話",
    endStates: "会話の終わり方",
    funnel: "インテント別ファネル",
    fallbackPerIntent: "インテント別フォールバック率（%）",
    handoffs: "オペレーターにつないだ理由",
    topMissed: "認識できなかった発話（上位）",
    none: "まだデータがありません。ボットと話してみてください。",
    updated: "更新",
    Success: "成功",
    Failure: "失敗",
    Dropped: "離脱",
  },
};

function tr(key: string): string {
  return TEXT[uiLocale()]?.[key] ?? TEXT.en_US[key] ?? key;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The panel: builds its DOM into `root`, then polls and redraws in place. */
export class InsightsPanel {
  private readonly charts = new Map<string, Chart>();
  private readonly tiles = new Map<string, HTMLElement>();
  private readonly titles = new Map<string, HTMLElement>();
  private since = "24h";
  private report: Report | undefined;
  private timer: number | undefined;
  private readonly missedList: HTMLOListElement;
  private readonly updated: HTMLElement;
  private readonly heading: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    root.classList.add("panel", "insights");
    root.style.gridColumn = "1 / -1";
    root.setAttribute("aria-labelledby", "insights-heading");
    const header = el("div", { class: "state-header" });
    this.heading = el("h2", { id: "insights-heading" }, tr("heading"));
    const select = el("select", { id: "insights-window", "aria-label": tr("window") });
    for (const w of ["1h", "24h", "7d"])
      select.append(el("option", { value: w, ...(w === this.since ? { selected: "" } : {}) }, w));
    select.addEventListener("change", () => {
      this.since = select.value;
      void this.refresh();
    });
    header.append(this.heading, select);
    this.updated = el("p", { class: "muted small", role: "status", "aria-live": "polite" });
    const tiles = el("div", { class: "insights-tiles" });
    tiles.style.cssText =
      "display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:.5rem 0";
    for (const key of ["conversations", "containment", "fallback", "missed"]) {
      const tile = el("div", { class: "insights-tile", "data-tile": key });
      tile.style.cssText = "border:1px solid #cbd5e1;border-radius:.5rem;padding:.5rem .75rem";
      const label = el("div", { class: "muted small" }, tr(key));
      const value = el("div", { class: "insights-value" }, "–");
      value.style.cssText = "font-size:1.6rem;font-weight:600";
      this.titles.set(`tile:${key}`, label);
      this.tiles.set(key, value);
      tile.append(label, value);
      tiles.append(tile);
    }
    const grid = el("div", { class: "insights-charts" });
    grid.style.cssText =
      "display:grid;grid-template-columns:repeat(auto-fit,minmax(min(360px,100%),1fr));gap:1rem";
    for (const key of ["endStates", "funnel", "fallbackPerIntent", "handoffs"]) {
      const box = el("figure", { class: "insights-chart" });
      box.style.cssText = "margin:0;position:relative;height:240px";
      const caption = el("figcaption", { class: "small" }, tr(key));
      const canvas = el("canvas", { role: "img", "aria-label": tr(key), id: `insights-${key}` });
      this.titles.set(key, caption);
      box.append(caption, canvas);
      grid.append(box);
      this.charts.set(key, this.makeChart(key, canvas));
    }
    const missedHeading = el("h3", { id: "insights-missed-heading" }, tr("topMissed"));
    this.titles.set("topMissed", missedHeading);
    this.missedList = el("ol", { id: "insights-missed", "aria-labelledby": "insights-missed-heading" });
    root.replaceChildren(header, this.updated, tiles, grid, missedHeading, this.missedList);
    onUiLocaleChange(() => this.relabel());
  }

  /** Reads the report now and then every few seconds (live as conversations happen). */
  start(): void {
    void this.refresh();
    this.timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void this.refresh();
    }, INSIGHTS_REFRESH_MS);
  }

  stop(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
  }

  private async refresh(): Promise<void> {
    const got = await getJson<Report>(`/_local/insights?since=${encodeURIComponent(this.since)}`);
    if (!got.ok) return;
    this.report = got.data;
    this.draw();
  }

  private makeChart(key: string, canvas: HTMLCanvasElement): Chart {
    const common = { responsive: true, maintainAspectRatio: false, animation: false as const };
    if (key === "endStates") {
      return new Chart(canvas, {
        type: "doughnut",
        data: { labels: [], datasets: [{ data: [], backgroundColor: ["#16a34a", "#dc2626", "#94a3b8"] }] },
        options: { ...common, plugins: { legend: { position: "right" } } },
      });
    }
    if (key === "funnel") {
      return new Chart(canvas, {
        type: "bar",
        data: {
          labels: [],
          datasets: STAGES.map((stage, i) => ({ label: stage, data: [], backgroundColor: COLORS[i] })),
        },
        options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
    }
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: [],
        datasets: [{ label: tr(key), data: [], backgroundColor: key === "handoffs" ? "#ca8a04" : "#dc2626" }],
      },
      options: {
        ...common,
        indexAxis: key === "handoffs" ? ("y" as const) : ("x" as const),
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true } },
      },
    });
  }

  private draw(): void {
    const r = this.report;
    if (!r) return;
    this.tiles.get("conversations")!.textContent = String(r.conversations);
    this.tiles.get("containment")!.textContent = r.conversations > 0 ? pct(r.containment) : "–";
    this.tiles.get("fallback")!.textContent = r.utterances > 0 ? pct(r.fallbackRate) : "–";
    this.tiles.get("missed")!.textContent = String(r.missed);
    this.root.dataset.conversations = String(r.conversations);
    this.root.dataset.containment = r.containment.toFixed(3);
    const set = (key: string, labels: string[], data: number[][]) => {
      const chart = this.charts.get(key)!;
      chart.data.labels = labels;
      data.forEach((d, i) => {
        if (chart.data.datasets[i]) chart.data.datasets[i]!.data = d;
      });
      chart.update();
    };
    set("endStates", ["Success", "Failure", "Dropped"].map(tr), [
      [r.endStates.Success, r.endStates.Failure, r.endStates.Dropped],
    ]);
    set(
      "funnel",
      r.funnel.map((f) => f.intent),
      STAGES.map((s) => r.funnel.map((f) => f[s])),
    );
    const intents = r.intents.filter((i) => i.intent !== "FallbackIntent");
    set(
      "fallbackPerIntent",
      intents.map((i) => i.intent),
      [intents.map((i) => Math.round(i.fallbackRate * 1000) / 10)],
    );
    set(
      "handoffs",
      r.handoffReasons.map((h) => h.reason),
      [r.handoffReasons.map((h) => h.count)],
    );
    this.missedList.replaceChildren(
      ...(r.topMissed.length === 0
        ? [el("li", { class: "muted" }, tr("none"))]
        : r.topMissed.slice(0, 10).map((m) => el("li", {}, `${m.count}× [${m.localeId}] ${m.utterance}`))),
    );
    this.updated.textContent = `${tr("updated")} ${new Date(r.window.end).toLocaleTimeString()}`;
  }

  private relabel(): void {
    this.heading.textContent = tr("heading");
    for (const [key, node] of this.titles) node.textContent = tr(key.replace(/^tile:/, ""));
    this.draw();
  }
}
