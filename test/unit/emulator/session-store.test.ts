import { describe, expect, it, vi } from "vitest";
import { SessionStore } from "../../../local/lex/session-store.js";

const TTL_MS = 300_000;

function storeAt(clock: { now: number }) {
  return new SessionStore(TTL_MS, () => clock.now);
}

describe("SessionStore", () => {
  it("drops sessions idle past the TTL on the next save, whatever the count", () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    for (let i = 0; i < 5_000; i++) store.save(`k${i}`, store.getOrCreate(`k${i}`, `s${i}`));
    expect(store.size).toBe(5_000);
    clock.now = TTL_MS + 1;
    store.save("fresh", store.getOrCreate("fresh", "fresh"));
    expect(store.size).toBe(1);
  });

  it("keeps a session that was active again, even when it was created first", () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    store.save("old", store.getOrCreate("old", "old"));
    store.save("other", store.getOrCreate("other", "other"));
    clock.now = TTL_MS - 1;
    store.save("old", store.getOrCreate("old", "old"));
    clock.now = TTL_MS + 2;
    store.sweep();
    expect(store.get("old")).toBeDefined();
    expect(store.get("other")).toBeUndefined();
  });

  it("keeps a session with a turn in flight", () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    store.save("busy", store.getOrCreate("busy", "busy"));
    store.setBusy("busy", true);
    clock.now = TTL_MS + 1;
    store.sweep();
    expect(store.size).toBe(1);
  });

  it("hands out copies: a change lands only when saved", () => {
    const store = storeAt({ now: 0 });
    store.save("k", store.getOrCreate("k", "s"));
    const turn = store.get("k")!;
    turn.state.sessionAttributes = { outcome: "done" };
    expect(store.get("k")?.state.sessionAttributes).toEqual({});
    store.save("k", turn);
    turn.state.sessionAttributes.outcome = "changed after save";
    expect(store.get("k")?.state.sessionAttributes).toEqual({ outcome: "done" });
  });

  it("sweeps on a timer while no turn comes in", () => {
    vi.useFakeTimers();
    try {
      const store = new SessionStore(TTL_MS);
      store.save("idle", store.getOrCreate("idle", "idle"));
      vi.advanceTimersByTime(TTL_MS + 1);
      expect(store.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
