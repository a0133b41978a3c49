import type { Interpretation, Message, SessionState } from "../../fulfillment/src/contracts/lex-v2.js";
import { SessionCodec } from "./session-codec.js";

/** Per-session bookkeeping Lex keeps but does not show: prompt attempts. */
export interface SessionInternals {
  /** Retries of the current slot or confirmation prompt (0 = initial prompt). */
  attempt: number;
  /** What the attempt count belongs to, e.g. `ElicitSlot:CancelOrder.OrderId`. */
  attemptKey?: string;
  /** When each active context expires (epoch ms, by name): its seconds left count the pauses between turns. */
  contextExpiresAt?: Record<string, number>;
}

/** One session as a turn works on it: a private copy, stored again only when the turn succeeds. */
export interface StoredSession {
  sessionId: string;
  state: SessionState;
  messages: Message[];
  interpretations: Interpretation[];
  internals: SessionInternals;
}

/** What the store keeps per session: its JSON (packed by the codec once idle), and when it was last active. */
interface Entry {
  readonly text: string;
  readonly packed: boolean;
  readonly lastActiveAt: number;
}

/**
 * How long a session stays unpacked after its last turn. A conversation's turns come seconds apart: packing on
 * every save cost ~4% of the emulator's CPU per turn (deflate on save, inflate on read) for memory only idle
 * sessions need to give back. @default 30 s
 */
export const PACK_AFTER_MS = 30_000;

/** Most sessions packed at one time (~45 µs each): a burst of conversations is packed in steps of ~5 ms. */
const PACK_BATCH = 100;

/** Longest a timer may wait (setTimeout's limit, about 24.8 days; Lex's longest idle TTL is 1 day). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Sessions keyed by bot, alias, locale and session id, dropped after the bot's idle TTL
 * (https://docs.aws.amazon.com/lexv2/latest/dg/API_CreateBot.html, `idleSessionTTLInSeconds`, 60 to 86,400 s).
 *
 * Each session is kept as its JSON, packed by the codec (local/lex/session-codec.ts) once it has been idle
 * `PACK_AFTER_MS`, and every read returns a fresh copy: a turn mutates its copy freely and a failed turn (hook
 * error, timeout) leaves the stored session as it was. The map is kept in order of last activity (a save moves its
 * session to the end), so expired sessions are always at the head: every save drops them in amortised O(1), and a
 * timer set for the head's expiry drops them on time while no turn comes in. The sessions not yet packed are kept
 * in the same order in `unpacked`, whose head a second timer packs.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Entry>();
  /** Sessions with a turn in flight (a second request for one is a ConflictException). */
  private readonly busy = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** When `timer` fires (ms on `now`'s clock). */
  private wakeAt = Number.POSITIVE_INFINITY;
  /** Keys of the sessions held as plain JSON, in order of last activity. */
  private readonly unpacked = new Set<string>();
  private packTimer: NodeJS.Timeout | undefined;
  private heldChars = 0;

  constructor(
    private readonly idleTtlMs: number,
    private readonly now: () => number = Date.now,
    private readonly codec: SessionCodec = new SessionCodec(),
    private readonly packAfterMs = PACK_AFTER_MS,
  ) {}

  static key(botId: string, aliasId: string, localeId: string, sessionId: string): string {
    return `${botId}/${aliasId}/${localeId}/${sessionId}`;
  }

  /** A copy of the live session, or `undefined` if absent or idle past the TTL. */
  get(key: string): StoredSession | undefined {
    const entry = this.live(key);
    return entry && (JSON.parse(entry.packed ? this.codec.decode(entry.text) : entry.text) as StoredSession);
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
    const text = JSON.stringify({ sessionId, state, messages, interpretations, internals });
    this.remove(key);
    this.sessions.set(key, { text, packed: false, lastActiveAt: this.now() });
    this.unpacked.add(key);
    this.heldChars += text.length;
    this.sweep();
    this.schedulePacking();
  }

  /** Whether the session is live (stored and not idle past the TTL). */
  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  delete(key: string): boolean {
    const had = this.live(key) !== undefined;
    this.remove(key);
    return had;
  }

  /**
   * Drops every session without a turn in flight, as if all had been idle past the TTL (`DELETE
   * /_local/lex/sessions`: the bench and tests look at the emulator after expiry without waiting for it).
   * Returns how many were dropped.
   */
  expireAll(): number {
    let dropped = 0;
    for (const key of [...this.sessions.keys()]) {
      if (this.busy.has(key)) continue;
      this.remove(key);
      dropped++;
    }
    this.schedule();
    return dropped;
  }

  /** Whether a turn is in flight for the session. */
  isBusy(key: string): boolean {
    return this.busy.has(key);
  }

  /** Marks a turn in flight (`true`) or done (`false`); a busy session is never swept. */
  setBusy(key: string, busy: boolean): void {
    if (busy) {
      this.busy.add(key);
      return;
    }
    this.busy.delete(key);
    // A failed turn stores nothing: its session may have expired while the turn ran.
    if (this.live(key)) this.schedule();
  }

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Characters of session JSON held, packed (one byte each) or not yet: what the live sessions cost beyond their
   * map entries.
   */
  get packedBytes(): number {
    return this.heldChars;
  }

  /** Packs the sessions idle `packAfterMs` or more (the head of `unpacked`) and sets the timer for the next. */
  packIdle(): void {
    const cutoff = this.now() - this.packAfterMs;
    let packed = 0;
    for (const key of this.unpacked) {
      const entry = this.sessions.get(key);
      if (entry && entry.lastActiveAt > cutoff) break;
      // The rest of a burst waits for the next timer: turns in between are not held up behind it.
      if (entry && ++packed > PACK_BATCH) break;
      this.unpacked.delete(key);
      if (!entry) continue;
      const text = this.codec.encode(entry.text);
      this.sessions.set(key, { text, packed: true, lastActiveAt: entry.lastActiveAt });
      this.heldChars += text.length - entry.text.length;
    }
    this.schedulePacking();
  }

  /** Drops the sessions idle past the TTL (the head of the map, up to the first live one) and sets the timer. */
  sweep(): void {
    const cutoff = this.now() - this.idleTtlMs;
    for (const [k, s] of this.sessions) {
      if (s.lastActiveAt >= cutoff) break;
      // A turn in flight keeps its session; it is saved (and moved to the end) when the turn ends.
      if (!this.busy.has(k)) this.remove(k);
    }
    this.schedule();
  }

  /** Sets the packing timer for the head of `unpacked`, unless one is set (it finds the head's successor itself). */
  private schedulePacking(): void {
    if (this.packTimer) return;
    const head = this.unpacked.values().next();
    if (head.done) return;
    const at = (this.sessions.get(head.value)?.lastActiveAt ?? 0) + this.packAfterMs;
    this.packTimer = weakTimer(this, at - this.now(), (store) => {
      store.packTimer = undefined;
      store.packIdle();
    });
  }

  /** Sets the timer for the first session that can expire (busy ones wait for their turn to end). */
  private schedule(): void {
    let next: number | undefined;
    for (const [k, s] of this.sessions) {
      if (this.busy.has(k)) continue;
      next = s.lastActiveAt + this.idleTtlMs + 1;
      break;
    }
    if (next === undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.wakeAt = Number.POSITIVE_INFINITY;
      return;
    }
    // A wake already due no later is kept: if the head was active since, that sweep finds nothing and sets the next.
    if (this.timer && this.wakeAt <= next) return;
    clearTimeout(this.timer);
    this.wakeAt = next;
    this.timer = weakTimer(this, next - this.now(), (store) => {
      store.timer = undefined;
      store.wakeAt = Number.POSITIVE_INFINITY;
      store.sweep();
    });
  }

  private remove(key: string): void {
    const entry = this.sessions.get(key);
    if (!entry) return;
    this.heldChars -= entry.text.length;
    this.sessions.delete(key);
    this.unpacked.delete(key);
  }

  private live(key: string): Entry | undefined {
    const entry = this.sessions.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.lastActiveAt > this.idleTtlMs && !this.busy.has(key)) {
      this.remove(key);
      return undefined;
    }
    return entry;
  }
}

/**
 * Calls `fire` with `store` after `delayMs` (clamped to what setTimeout takes). Through a WeakRef: the timer neither
 * keeps the process alive (unref) nor keeps a discarded store in memory.
 */
function weakTimer(
  store: SessionStore,
  delayMs: number,
  fire: (store: SessionStore) => void,
): NodeJS.Timeout {
  const self = new WeakRef(store);
  const timer = setTimeout(
    () => {
      const alive = self.deref();
      if (alive) fire(alive);
    },
    Math.min(MAX_TIMER_MS, Math.max(0, delayMs)),
  );
  timer.unref();
  return timer;
}
