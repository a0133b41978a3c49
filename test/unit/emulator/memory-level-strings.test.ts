import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import "../../../local/dynamodb/memory-level-strings.js";

// The module object dynalite requires (the same one the import above changed).
const { MemoryLevel } = createRequire(import.meta.url)("memory-level") as typeof import("memory-level");

describe("memory-level as dynalite loads it", () => {
  it("stores strings, keeps JSON values and orders hex keys as bytes", async () => {
    const db = new MemoryLevel<string, unknown>({ valueEncoding: "json" });
    // A Buffer store (the default) supports buffer and view too.
    expect(db.supports.encodings).toEqual({ utf8: true, json: true });
    await db.put("0a/ff", { S: "later" });
    await db.put("0a/10", { S: "first" });
    expect(await db.get("0a/10")).toEqual({ S: "first" });
    expect(await db.keys().all()).toEqual(["0a/10", "0a/ff"]);
    await db.close();
  });
});
