import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { botDefinition } from "../../bot/definition.js";
import { renderLocale } from "../../bot/render.js";
import type { BotDefinition, RenderedBot, RenderedLocale } from "../../bot/types.js";
import type { LocaleBotText } from "../../locales/types.js";
import { type LocaleSpec, localeSpecOf } from "./lex-spec.js";

/** `botLocaleStatus` values the emulator goes through. */
export type BotLocaleStatus = "Building" | "Built" | "Failed" | "NotBuilt";

/** One DRAFT locale as the Models API describes it. */
export interface LocaleState {
  localeId: string;
  rendered: RenderedLocale;
  spec: LocaleSpec;
  status: BotLocaleStatus;
  failureReasons: string[];
  createdAt: Date;
  updatedAt: Date;
  lastBuildSubmittedAt?: Date;
  history: { event: string; eventDate: Date }[];
  /** SHA-256 of the `bot.json` the built locale came from. */
  builtFrom: string;
}

export interface BotCatalogOptions {
  /** Folder holding `<localeId>/bot.json`. */
  localesDir: string;
  /** @default the Orderline definition */
  definition?: BotDefinition;
  now?: () => Date;
  /** Gets the newly built locale (retrain the NLU, swap the dialog engine); a throw fails the build. */
  onBuilt: (locale: RenderedLocale) => void | Promise<void>;
}

/**
 * The emulated bot's DRAFT locales: what the Models API reads, and `BuildBotLocale`, which rereads a locale's
 * `bot.json`, renders it with the definition and hands it to the runtime. An edited file shows as `NotBuilt`
 * until it is built, like a DRAFT locale changed in the console.
 */
export class BotCatalog {
  readonly createdAt: Date;
  private readonly locales = new Map<string, LocaleState>();
  private readonly def: BotDefinition;
  private readonly now: () => Date;

  constructor(
    readonly bot: RenderedBot,
    private readonly opts: BotCatalogOptions,
  ) {
    this.def = opts.definition ?? botDefinition;
    this.now = opts.now ?? (() => new Date());
    this.createdAt = this.now();
    for (const rendered of bot.locales) {
      const t = this.createdAt;
      this.locales.set(
        rendered.localeId,
        withLazySpec({
          localeId: rendered.localeId,
          rendered,
          status: "Built",
          failureReasons: [],
          createdAt: t,
          updatedAt: t,
          lastBuildSubmittedAt: t,
          history: [{ event: "Built", eventDate: t }],
          builtFrom: this.sourceHash(rendered.localeId) ?? "",
        }),
      );
    }
  }

  localeIds(): string[] {
    return [...this.locales.keys()];
  }

  locale(localeId: string): LocaleState | undefined {
    return this.locales.get(localeId);
  }

  /** The status, `NotBuilt` once the file on disk differs from what was built. */
  status(state: LocaleState): BotLocaleStatus {
    if (state.status !== "Built") return state.status;
    const hash = this.sourceHash(state.localeId);
    return hash !== undefined && hash !== state.builtFrom ? "NotBuilt" : "Built";
  }

  /** Starts a build and returns at once with `Building`; `whenBuilt` resolves when it ends. */
  build(localeId: string): { state: LocaleState; whenBuilt: Promise<void> } {
    const state = this.locales.get(localeId);
    if (!state) throw new Error(`unknown locale ${localeId}`);
    const at = this.now();
    state.status = "Building";
    state.lastBuildSubmittedAt = at;
    state.history.push({ event: "BuildSubmitted", eventDate: at });
    // Training takes a moment: answer 202 first, like Lex, then build.
    const whenBuilt = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(async () => {
      try {
        const raw = readFileSync(this.sourceFile(localeId), "utf8");
        const text = JSON.parse(raw) as LocaleBotText;
        if (text.localeId !== localeId)
          throw new Error(`bot.json names locale ${text.localeId}, not ${localeId}`);
        const rendered = renderLocale(this.def, text);
        const spec = localeSpecOf(rendered);
        await this.opts.onBuilt(rendered);
        const done = this.now();
        Object.assign(state, {
          rendered,
          spec,
          status: "Built",
          failureReasons: [],
          updatedAt: done,
          builtFrom: sha256(raw),
        });
        state.history.push({ event: "Built", eventDate: done });
      } catch (err) {
        state.status = "Failed";
        state.failureReasons = [err instanceof Error ? err.message : String(err)];
        state.history.push({ event: "Failed", eventDate: this.now() });
      }
    });
    return { state, whenBuilt };
  }

  private sourceFile(localeId: string): string {
    return join(this.opts.localesDir, localeId, "bot.json");
  }

  private sourceHash(localeId: string): string | undefined {
    const file = this.sourceFile(localeId);
    return existsSync(file) ? sha256(readFileSync(file, "utf8")) : undefined;
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * A locale state whose `spec` is rendered on first read (the first Models API request), not when the emulator
 * starts: rendering the specs of every locale costs start-up tens of milliseconds. A build sets it as before.
 */
function withLazySpec(state: Omit<LocaleState, "spec">): LocaleState {
  let spec: LocaleSpec | undefined;
  return Object.defineProperty(state, "spec", {
    enumerable: true,
    configurable: true,
    get: () => {
      spec ??= localeSpecOf(state.rendered);
      return spec;
    },
    set: (value: LocaleSpec) => {
      spec = value;
    },
  }) as LocaleState;
}
