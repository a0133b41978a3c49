import { describe, expect, it } from "vitest";
import {
  type ActiveContext,
  ContextClock,
  isEligible,
  mergeContexts,
  parseActiveContext,
  spendTurn,
} from "../../../local/lex/active-contexts.js";

const ctx = (name: string, turnsToLive = 2, timeToLiveInSeconds = 90): ActiveContext => ({
  name,
  contextAttributes: {},
  timeToLive: { timeToLiveInSeconds, turnsToLive },
});

describe("Lex V2 active contexts in the emulator", () => {
  it("makes an intent eligible only while all its input contexts are active", () => {
    const yesNo = { inputContexts: ["YesNoQuestion"] };
    expect(isEligible(yesNo, [])).toBe(false);
    expect(isEligible(yesNo, ["AnythingElse"])).toBe(false);
    expect(isEligible(yesNo, ["AnythingElse", "YesNoQuestion"])).toBe(true);
    expect(isEligible({ inputContexts: ["A", "B"] }, ["A"])).toBe(false);
    expect(isEligible({}, [])).toBe(true);
  });

  it("counts turns down and drops a context at zero", () => {
    const after1 = spendTurn([ctx("AnythingElse", 2)]);
    expect(after1.map((c) => c.timeToLive.turnsToLive)).toEqual([1]);
    expect(spendTurn(after1)).toEqual([]);
  });

  it("expires a context after its seconds, however many turns it has left", () => {
    const clock = new ContextClock();
    const t0 = 1_000_000;
    clock.set([ctx("OfferedTime", 20, 30)], t0);
    expect(clock.live([ctx("OfferedTime", 20, 30)], t0 + 10_000)[0]?.timeToLive.timeToLiveInSeconds).toBe(20);
    expect(clock.live([ctx("OfferedTime", 20, 30)], t0 + 30_000)).toEqual([]);
  });

  it("starts the clock of a context it first sees (from a request or the code hook)", () => {
    const clock = new ContextClock();
    expect(clock.live([ctx("GreetingOrder", 1, 60)], 5_000)[0]?.timeToLive.timeToLiveInSeconds).toBe(60);
    expect(clock.live([ctx("GreetingOrder", 1, 60)], 66_000)).toEqual([]);
  });

  it("replaces contexts of the same name and keeps the others", () => {
    const merged = mergeContexts([ctx("A", 1), ctx("B", 1)], [ctx("A", 5)]);
    expect(merged.map((c) => [c.name, c.timeToLive.turnsToLive])).toEqual([
      ["B", 1],
      ["A", 5],
    ]);
  });

  it.each([
    [{ name: "bad name!", timeToLive: { timeToLiveInSeconds: 10, turnsToLive: 1 } }],
    [{ name: "Fine" }],
    [null],
    ["AnythingElse"],
  ])("ignores a malformed context %j", (raw) => {
    expect(parseActiveContext(raw)).toBeNull();
  });

  it("clamps the time to live to Lex's bounds (5..86400 s, 1..20 turns)", () => {
    expect(
      parseActiveContext({ name: "A", timeToLive: { timeToLiveInSeconds: 1, turnsToLive: 99 } })?.timeToLive,
    ).toEqual({ timeToLiveInSeconds: 5, turnsToLive: 20 });
  });
});
