import type { Interpretation, Message, SessionState } from "../../fulfillment/src/contracts/lex-v2.js";

/** Per-session bookkeeping Lex keeps but does not show: prompt attempts. */
export interface SessionInternals {
  /** Retries of the current slot or confirmation prompt (0 = initial prompt). */
  attempt: number;
  /** What the attempt count belongs to, e.g. `ElicitSlot:CancelOrder.OrderId`. */
  attemptKey?: string;
}

/** One session as a turn works on it: a private copy, stored again only when the turn succeeds. */
export interface StoredSession {
  sessionId: string;
  state: SessionState;
  messages: Message[];
  interpretations: Interpretation[];
  internals: SessionInternals;
}

/** What the store keeps per session: the session as one JSON string, and when it was last active. */
interface Entry {
  readonly json: string;
  readonly lastActiveAt: number;
}

/** Longest pause between sweeps while no turn comes in (an idle emulator still lets expired sessions go). */
const MAX_SWEEP_INTERVAL_MS = 60_000;

/**
 * Sessions keyed by bot, alias, locale and session id, dropped after the bot's idle TTL
 * (https://docs.aws.amazon.com/lexv2/latest/dg/API_CreateBot.html, `idleSessionTTLInSeconds`).
 *
 * Each session is kept as one JSON string (a third of its object graph) and every read returns a fresh copy:
 * a turn mutates its copy freely and a failed turn (hook error, timeout) leaves the stored session as it was.
 * The map is kept in order of last activity (a save moves its session to the end), so expired sessions are
 * always at the head: every save drops them in amortised O(1), and a timer does the same while no turn comes in.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Entry>();
  /** Sessions with a turn in flight (a second request for one is a ConflictException). */
  private readonly busy = new Set<string>();

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

  /** A copy of the live session, or `undefined` if absent or idle past the TTL. */
  get(key: string): StoredSession | undefined {
    const entry = this.live(key);
    return entry && (JSON.parse(entry.json) as StoredSession);
  }

  /** A copy of the live session or a fresh one (not stored until `save`). */
  getOrCreate(key: string, sessionId: string): StoredSession {
    return (
      this.get(key) ?? {
        sessionId,
        state: { sessionAttributes: {} },
        messages: [],
        interpretations: [],
        internals: { attempt: 0 },
      }
    );
  }

  /** Stores (a snapshot of) the session as it is now; later changes to `session` are not seen. */
  save(key: string, session: StoredSession): void {
    const { sessionId, state, messages, interpretations, internals } = session;
    const json = JSON.stringify({ sessionId, state, messages, interpretations, internals });
    this.sessions.delete(key);
    this.sessions.set(key, { json, lastActiveAt: this.now() });
    this.sweep();
  }

  /** Whether the session is live (stored and not idle past the TTL). */
  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  delete(key: string): boolean {
    const had = this.live(key) !== undefined;
    this.sessions.delete(key);
    return had;
  }

  /** Whether a turn is in flight for the session. */
  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  /** Marks a turn in flight (`true`) or done (`false`); a busy session is never swept. */
  setBusy(key: string, busy: boolean): void {
    if (busy) this.busy.add(key);
    else this.busy.delete(key);
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
      if (!this.busy.has(k)) this.sessions.delete(k);
    }
  }

  private live(key: string): Entry | undefined {
    const entry = this.sessions.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.lastActiveAt > this.idleTtlMs && !this.busy.has(key)) {
      this.sessions.delete(key);
      return undefined;
    }
    return entry;
  }
}
