/**
 * Lex V2 active contexts as the runtime keeps them: a context lives for `turnsToLive` turns or
 * `timeToLiveInSeconds`, whichever ends first; an intent with input contexts is recognised only while every
 * one of them is active; an intent's output contexts become active when it is fulfilled; a request or the
 * code hook may set the list (an empty list clears it).
 * https://docs.aws.amazon.com/lexv2/latest/dg/context-mgmt-active-context.html
 */
import type { ContextDefinition, RenderedIntent } from "../../bot/types.js";

/** `ActiveContext` of the Lex V2 runtime and code hook (`sessionState.activeContexts[]`). */
export interface ActiveContext {
  name: string;
  contextAttributes: Record<string, string>;
  timeToLive: { timeToLiveInSeconds: number; turnsToLive: number };
}

/** Lex V2 bounds (runtime `ActiveContextTimeToLive`). */
export const CONTEXT_LIMITS = { minSeconds: 5, maxSeconds: 86_400, minTurns: 1, maxTurns: 20, maxActive: 20 };

/** A well-formed active context, or `null` (the runtime validates what a request or the code hook sends). */
export function parseActiveContext(raw: unknown): ActiveContext | null {
  if (!raw || typeof raw !== "object") return null;
  const c = raw as Record<string, unknown>;
  const ttl = (c.timeToLive ?? {}) as Record<string, unknown>;
  const seconds = Number(ttl.timeToLiveInSeconds);
  const turns = Number(ttl.turnsToLive);
  if (typeof c.name !== "string" || !/^([A-Za-z]_?)+$/.test(c.name)) return null;
  if (!Number.isFinite(seconds) || !Number.isFinite(turns)) return null;
  const attrs: Record<string, string> = {};
  if (c.contextAttributes && typeof c.contextAttributes === "object") {
    for (const [k, v] of Object.entries(c.contextAttributes as Record<string, unknown>)) {
      if (typeof v === "string") attrs[k] = v;
    }
  }
  return {
    name: c.name,
    contextAttributes: attrs,
    timeToLive: {
      timeToLiveInSeconds: clamp(Math.round(seconds), CONTEXT_LIMITS.minSeconds, CONTEXT_LIMITS.maxSeconds),
      turnsToLive: clamp(Math.round(turns), CONTEXT_LIMITS.minTurns, CONTEXT_LIMITS.maxTurns),
    },
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** The active context a definition's output context becomes when its intent is fulfilled. */
export function activate(def: ContextDefinition, attributes: Record<string, string> = {}): ActiveContext {
  return {
    name: def.name,
    contextAttributes: { ...attributes },
    timeToLive: { timeToLiveInSeconds: def.timeToLiveInSeconds, turnsToLive: def.turnsToLive },
  };
}

/** Whether an intent may be recognised with these contexts active (all its input contexts are). */
export function isEligible(
  intent: Pick<RenderedIntent, "inputContexts">,
  active: ReadonlySet<string> | readonly string[],
): boolean {
  const names = active instanceof Set ? active : new Set(active as readonly string[]);
  return (intent.inputContexts ?? []).every((c) => names.has(c));
}

/**
 * The contexts of one session with their clocks: `expiresAt` (ms) per context name, so the seconds left are
 * exact however long the caller paused. Contexts arriving without a clock (a request's or the code hook's
 * list) start theirs when first seen.
 */
export class ContextClock {
  /** `expiresAt`: the session's own record (kept in its stored internals, so the clock survives between turns). */
  constructor(private readonly expiresAt: Record<string, number> = {}) {}

  /** Drops the expired contexts (by time or turns) and returns the live ones with their seconds left. */
  live(contexts: readonly ActiveContext[], nowMs: number): ActiveContext[] {
    const out: ActiveContext[] = [];
    for (const c of contexts) {
      const at = this.expiresAt[c.name] ?? nowMs + c.timeToLive.timeToLiveInSeconds * 1000;
      this.expiresAt[c.name] = at;
      const secondsLeft = Math.ceil((at - nowMs) / 1000);
      if (secondsLeft <= 0 || c.timeToLive.turnsToLive <= 0) {
        delete this.expiresAt[c.name];
        continue;
      }
      out.push({ ...c, timeToLive: { ...c.timeToLive, timeToLiveInSeconds: secondsLeft } });
    }
    for (const name of Object.keys(this.expiresAt)) {
      if (!out.some((c) => c.name === name)) delete this.expiresAt[name];
    }
    return out;
  }

  /** Sets (or resets) contexts: each starts its full time to live now. */
  set(contexts: readonly ActiveContext[], nowMs: number): void {
    for (const c of contexts) this.expiresAt[c.name] = nowMs + c.timeToLive.timeToLiveInSeconds * 1000;
  }
}

/** One turn used: every context that was active for it has one turn less (at 0 it is gone). */
export function spendTurn(contexts: readonly ActiveContext[]): ActiveContext[] {
  return contexts
    .map((c) => ({ ...c, timeToLive: { ...c.timeToLive, turnsToLive: c.timeToLive.turnsToLive - 1 } }))
    .filter((c) => c.timeToLive.turnsToLive > 0);
}

/** `incoming` replaces contexts of the same name in `current`, others are kept (at most 20). */
export function mergeContexts(
  current: readonly ActiveContext[],
  incoming: readonly ActiveContext[],
): ActiveContext[] {
  const names = new Set(incoming.map((c) => c.name));
  return [...current.filter((c) => !names.has(c.name)), ...incoming].slice(-CONTEXT_LIMITS.maxActive);
}
