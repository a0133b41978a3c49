import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDynaliteIterators, loadEmulatorBundle } from "../../../local/emulator-bundle.js";

/** What the test reaches inside dynalite: the server factory and the LevelDB base class its stores share. */
interface Dynalite {
  dynalite: (options: Record<string, unknown>) => import("node:http").Server;
  AbstractLevel: { prototype: { attachResource(r: unknown): void; detachResource(r: unknown): void } };
}

/** Counts the iterators open on dynalite's LevelDB (abstract-level attaches each to its database until closed). */
function countOpenIterators(target: Dynalite): { open: () => number; restore: () => void } {
  const proto = target.AbstractLevel.prototype;
  const attach = proto.attachResource;
  const detach = proto.detachResource;
  const open = new Set<unknown>();
  proto.attachResource = function (this: unknown, r: unknown) {
    open.add(r);
    attach.call(this, r);
  };
  proto.detachResource = function (this: unknown, r: unknown) {
    open.delete(r);
    detach.call(this, r);
  };
  return {
    open: () => open.size,
    restore: () => {
      proto.attachResource = attach;
      proto.detachResource = detach;
    },
  };
}

/**
 * Five Queries that stop at `Limit` and two Scans that read to the end, on a table of three items; then waits
 * (closing is asynchronous) until the iterators they left open are `expected`, and returns that count.
 */
async function queriesAndScans(target: Dynalite, expected: number): Promise<number> {
  const server = target.dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const counter = countOpenIterators(target);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: "Items",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    for (const sk of ["a", "b", "c"]) {
      await client.send(new PutItemCommand({ TableName: "Items", Item: { pk: { S: "p" }, sk: { S: sk } } }));
    }
    const before = counter.open();
    for (let i = 0; i < 5; i++) {
      const out = await client.send(
        new QueryCommand({
          TableName: "Items",
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": { S: "p" } },
          Limit: 1,
        }),
      );
      expect(out.Items).toHaveLength(1);
    }
    for (let i = 0; i < 2; i++) await client.send(new ScanCommand({ TableName: "Items" }));
    // Closing is asynchronous and a loaded machine may take a while: wait for the count, up to 5 s.
    return await vi
      .waitFor(
        () => {
          if (counter.open() - before !== expected) throw new Error("not yet");
        },
        { timeout: 5_000, interval: 10 },
      )
      .then(
        () => expected,
        () => counter.open() - before,
      );
  } finally {
    counter.restore();
    client.destroy();
    await new Promise((r) => server.close(r));
  }
}

describe("dynalite's LevelDB iterators", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "orderline-dynalite-"));
    symlinkSync(resolve("node_modules"), join(root, "node_modules"), "dir");
    writeFileSync(join(root, "package.json"), "{}");
    mkdirSync(join(root, "src"));
    writeFileSync(
      join(root, "src", "entry.ts"),
      `export { default as dynalite } from "dynalite";\nexport { AbstractLevel } from "abstract-level";\n`,
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("stay open after each Query and Scan in dynalite as published (what the bundle patches)", async () => {
    const require = createRequire(import.meta.url);
    const published: Dynalite = {
      dynalite: require("dynalite") as Dynalite["dynalite"],
      AbstractLevel: (require("abstract-level") as Pick<Dynalite, "AbstractLevel">).AbstractLevel,
    };
    expect(await queriesAndScans(published, 7)).toBe(7);
  });

  it("are closed by the dynalite npm start runs (the emulator bundle)", async () => {
    const bundle = await loadEmulatorBundle<Dynalite>({
      root,
      entry: "src/entry.ts",
      cacheDir: join(root, "cache"),
    });
    expect(await queriesAndScans(bundle.exports, 0)).toBe(0);
  }, 60_000);

  it("fails the build when dynalite's iterator ends change", () => {
    expect(() => closeDynaliteIterators("stream.destroy()")).toThrow(
      "dynalite's db/index.js has 0 iterator.return() ends, not 2",
    );
  });
});
