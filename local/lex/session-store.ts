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

/** Longest pause between sweeps while no turn comes in (an idle emulator still lets expired sessions go). */
const MAX_SWEEP_INTERVAL_MS = 60_000;

/**
 * Sessions keyed by bot, alias, locale and session id, dropped after the bot's idle TTL. The map is kept in
 * order of last activity (a save moves its session to the end), so expired sessions are always at the head:
 * every save drops them in amortised O(1), and a timer does the same while no turn comes in.
 */
export class SessionStore {
  private readonly sessions = new Map<string, StoredSession>();

  constructor(
    private readonly idleTtlMs: number,
    private readonly now: () => number = Date.now,
    sweepEveryMs: number = Math.min(idleTtlMs, MAX_SWEEP_INTERVAL_MS),
  ) {
    // A WeakRef: the timer neither keeps the process alive (unref) nor keeps a discarded store in memory.
    const self = new WeakRef(this);
    const timer: NodeJS.Timeout = setInterval(() => {
      const store = self.deref();
      if (store) store.sweep();
      else clearInterval(timer);
    }, sweepEveryMs);
    timer.unref();
  }

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
    this.sessions.delete(key);
    this.sessions.set(key, session);
    this.sweep();
  }

  delete(key: string): boolean {
    const had = this.get(key) !== undefined;
    this.sessions.delete(key);
    return had;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Drops the sessions idle past the TTL: the head of the map, up to the first live one. */
  sweep(): void {
    const cutoff = this.now() - this.idleTtlMs;
    for (const [k, s] of this.sessions) {
      if (s.lastActiveAt >= cutoff) break;
      // A turn in flight keeps its session; it is saved (and moved to the end) when the turn ends.
      if (!s.busy) this.sessions.delete(k);
    }
  }
}
