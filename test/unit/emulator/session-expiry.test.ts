import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderBot } from "../../../bot/render.js";
import { SessionCodec } from "../../../local/lex/session-codec.js";
import { PACK_AFTER_MS, SessionStore, type StoredSession } from "../../../local/lex/session-store.js";

/** A finished callback conversation as the bench leaves it: the biggest session of the mix. */
function callbackSession(sessionId: string): StoredSession {
  const slot = (value: string) => ({
    shape: "Scalar" as const,
    value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
  });
  const slots = { CallbackDate: slot("2026-11-30"), CallbackTime: slot("11:00"), OrderId: null };
  return {
    sessionId,
    state: {
      sessionAttributes: { callerPhone: "+12025550123", outcome: "done" },
      intent: { name: "RequestCallback", slots, state: "Fulfilled", confirmationState: "Confirmed" },
      dialogAction: { type: "Close" },
      originatingRequestId: "734013bc-5334-4a5d-9e4d-89427e3d54a1",
    },
    messages: [{ contentType: "PlainText", content: "Your callback is booked for Monday at 11 AM." }],
    interpretations: [
      {
        nluConfidence: { score: 0.93 },
        intent: { name: "RequestCallback", slots },
        interpretationSource: "Lex",
      },
      { nluConfidence: { score: 0.1 }, intent: { name: "CancelOrder", slots: { OrderId: null } } },
      { intent: { name: "FallbackIntent", slots: {} }, interpretationSource: "Lex" },
    ],
    internals: { attempt: 0, attemptKey: "ConfirmIntent:RequestCallback" },
  };
}

describe("SessionStore expiry", () => {
  // The store reads Date.now and sets its own timer: fake timers move both.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("drops an idle session when its TTL ends, without another save", () => {
    const store = new SessionStore(300_000);
    store.save("a", store.getOrCreate("a", "a"));
    vi.advanceTimersByTime(100_000);
    store.save("b", store.getOrCreate("b", "b"));
    vi.advanceTimersByTime(200_001);
    expect(store.size).toBe(1);
    expect(store.has("b")).toBe(true);
    vi.advanceTimersByTime(100_000);
    expect(store.size).toBe(0);
  });

  it("wakes for the session that expires first, not on a fixed period", () => {
    const store = new SessionStore(300_000);
    store.save("a", store.getOrCreate("a", "a"));
    vi.advanceTimersByTime(299_000);
    store.save("a", store.getOrCreate("a", "a"));
    vi.advanceTimersByTime(300_001);
    expect(store.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps a session whose turn outlasts its TTL, and drops it when a failed turn ends", () => {
    const store = new SessionStore(60_000);
    store.save("busy", store.getOrCreate("busy", "busy"));
    store.setBusy("busy", true);
    vi.advanceTimersByTime(90_000);
    expect(store.size).toBe(1);
    store.setBusy("busy", false);
    expect(store.size).toBe(0);
  });

  it("expires every session without a turn in flight at once", () => {
    const store = new SessionStore(300_000);
    for (const k of ["a", "b", "c"]) store.save(k, store.getOrCreate(k, k));
    store.setBusy("b", true);
    expect(store.expireAll()).toBe(2);
    expect(store.has("b")).toBe(true);
    expect(store.packedBytes).toBeGreaterThan(0);
    store.setBusy("b", false);
    store.expireAll();
    expect(store.packedBytes).toBe(0);
  });
});

describe("SessionCodec", () => {
  const codec = SessionCodec.forBot(renderBot());

  it("reads back exactly the JSON it packed", () => {
    const clock = { now: 0 };
    const store = new SessionStore(300_000, () => clock.now, codec);
    const session = callbackSession("s-1");
    store.save("k", session);
    expect(store.get("k")).toEqual(session);
    clock.now = PACK_AFTER_MS;
    store.packIdle();
    expect(store.packedBytes).toBeLessThan(JSON.stringify(session).length);
    expect(store.get("k")).toEqual(session);
    const text = JSON.stringify({
      ...session,
      messages: [{ contentType: "PlainText", content: "Prêt ? 準備OK" }],
    });
    expect(codec.decode(codec.encode(text))).toBe(text);
  });

  it("packs a burst of idle sessions a hundred at a time, so turns in between are not held up", () => {
    const clock = { now: 0 };
    const store = new SessionStore(300_000, () => clock.now, codec);
    for (let i = 0; i < 250; i++) store.save(`k${i}`, callbackSession(`s-${1000 + i}`));
    const json = JSON.stringify(callbackSession("s-1000")).length;
    clock.now = PACK_AFTER_MS;
    store.packIdle();
    expect(store.packedBytes).toBeGreaterThan(150 * json);
    expect(store.packedBytes).toBeLessThan(150 * json + (100 * json) / 3);
    store.packIdle();
    store.packIdle();
    expect(store.packedBytes).toBeLessThan((250 * json) / 3);
  });

  it("keeps a session idle for PACK_AFTER_MS in under a third of its JSON, packed by a timer", () => {
    vi.useFakeTimers();
    try {
      const store = new SessionStore(300_000, Date.now, codec);
      const session = callbackSession("s-2");
      store.save("k", session);
      store.save("later", callbackSession("s-3"));
      const json = JSON.stringify(session).length;
      expect(store.packedBytes).toBeGreaterThan(json);
      vi.advanceTimersByTime(PACK_AFTER_MS - 1000);
      store.save("later", callbackSession("s-3"));
      vi.advanceTimersByTime(1000);
      // "k" is packed; "later" had a turn since and is still plain JSON.
      expect(store.packedBytes).toBeGreaterThan(json);
      expect(store.packedBytes).toBeLessThan(json + json / 3);
      vi.advanceTimersByTime(PACK_AFTER_MS);
      expect(store.packedBytes).toBeLessThan((2 * json) / 3);
      expect(store.get("k")).toEqual(session);
    } finally {
      vi.useRealTimers();
    }
  });
});
