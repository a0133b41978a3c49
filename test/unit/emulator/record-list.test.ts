import { describe, expect, it } from "vitest";
import { createRecordList, RECORD_LIST_CAPACITY } from "../../../local/context.js";

describe("createRecordList", () => {
  it("keeps records in order and drops the oldest past its capacity", () => {
    const list = createRecordList<number>(3);
    for (const n of [1, 2, 3, 4, 5]) list.add(n);
    expect(list.list()).toEqual([3, 4, 5]);
    list.clear();
    expect(list.list()).toEqual([]);
  });

  it("holds the newest 10,000 by default (the /_local/sms and /_local/callbacks lists)", () => {
    const list = createRecordList<number>();
    for (let n = 0; n < RECORD_LIST_CAPACITY + 5; n++) list.add(n);
    expect(list.list()).toHaveLength(10_000);
    expect(list.list()[0]).toBe(5);
  });
});
