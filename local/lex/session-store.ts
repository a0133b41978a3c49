import type { Interpretation, Message, SessionState } from "../../fulfillment/src/contracts/lex-v2.js";

/** Per-session bookkeeping Lex keeps but does not show: prompt attempts. */
export interface SessionInternals {
  /** Retries of the current slot or confirmation prompt (0 = initial prompt). */
  attempt: number;
  /** What the attempt count belongs to, e.g. `ElicitSlot:CancelOrder.OrderId`. */
  attemptKey?: string;
}

export interface StoredSession {
  sessionId: string;
  state: SessionState;
  messages: Message[];
  interpretations: Interpretation[];
  internals: SessionInternals;
  lastActiveAt: number;
  busy: boolean;
}

/** Sessions keyed by bot, alias, locale and session id, dropped after the bot's idle TTL. */
export class SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  constructor(
    private readonly idleTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  static key(botId: string, aliasId: string, localeId: string, sessionId: string): string {
    return `${botId}/${aliasId}/${localeId}/${sessionId}`;
  }

  /** The live session, or `undefined` if absent or idle past the TTL. */
  get(key: string): StoredSession | undefined {
    const s = this.sessions.get(key);
    if (!s) return undefined;
    if (this.now() - s.lastActiveAt > this.idleTtlMs) {
      this.sessions.delete(key);
      return undefined;
    }
    return s;
  }

  /** The live session or a fresh one (not stored until `save`). */
  getOrCreate(key: string, sessionId: string): StoredSession {
    return (
      this.get(key) ?? {
        sessionId,
        state: { sessionAttributes: {} },
        messages: [],
        interpretations: [],
        internals: { attempt: 0 },
        lastActiveAt: this.now(),
        busy: false,
      }
    );
  }

  save(key: string, session: StoredSession): void {
    session.lastActiveAt = this.now();
    this.sessions.set(key, session);
    if (this.sessions.size % 1000 === 0) this.sweep();
  }

  delete(key: string): boolean {
    const had = this.get(key) !== undefined;
    this.sessions.delete(key);
    return had;
  }

  get size(): number {
    return this.sessions.size;
  }

  private sweep(): void {
    const cutoff = this.now() - this.idleTtlMs;
    for (const [k, s] of this.sessions) if (s.lastActiveAt < cutoff && !s.busy) this.sessions.delete(k);
  }
}
