import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StartTaskContactCommand } from "@aws-sdk/client-connect";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { PublishCommand } from "@aws-sdk/client-sns";
import { afterAll, describe, expect, it } from "vitest";
import { LOCAL_CALLBACK_FLOW_ID, LOCAL_CONNECT_INSTANCE_ID } from "../../../local/config.js";
import { startEmulator } from "../../../local/emulator.js";
import { FaultInjector, parseFaultSpec } from "../../../local/faults.js";
import type { CodeHook } from "../../../local/lex/lex-types.js";
import { clientsFor, sessionId } from "./helpers.js";

const bot = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1", localeId: "en_US" };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("code hook failures", () => {
  it.each<[string, CodeHook]>([
    ["throws", async () => Promise.reject(new Error("boom"))],
    ["times out", () => new Promise((r) => setTimeout(() => r({}), 2_000))],
    ["breaks the contract", async () => ({ sessionState: { dialogAction: { type: "Sideways" } } })],
    [
      "elicits a slot without naming it",
      async () => ({ sessionState: { dialogAction: { type: "ElicitSlot" } } }),
    ],
  ])("answers DependencyFailedException when the hook %s, and stays up", async (_label, hook) => {
    const emu = await startEmulator({
      port: 0,
      inMemory: true,
      seed: false,
      codeHook: hook,
      codeHookTimeoutMs: 200,
    });
    const { lex } = clientsFor(emu.url);
    try {
      const sid = sessionId("hook");
      await expect(
        lex.send(new RecognizeTextCommand({ ...bot, sessionId: sid, text: "cancel my order" })),
      ).rejects.toMatchObject({ name: "DependencyFailedException", $metadata: { httpStatusCode: 424 } });
      const health = await fetch(`${emu.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      lex.destroy();
      await emu.stop();
    }
  });
});

describe("persistence", () => {
  it("keeps orders across a restart with the same data dir, and seeds only an empty table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orderline-"));
    dirs.push(dir);
    const first = await startEmulator({ port: 0, dataDir: dir, codeHook: null });
    let c = clientsFor(first.url);
    await c.dynamo.send(
      new PutItemCommand({
        TableName: "Orders",
        Item: { orderId: { S: "1001" }, customerPhone: { S: "+819012345678" }, status: { S: "CANCELLED" } },
      }),
    );
    c.destroy();
    await first.stop();
    const second = await startEmulator({ port: 0, dataDir: dir, codeHook: null });
    c = clientsFor(second.url);
    try {
      const item = await c.dynamo.send(
        new GetItemCommand({ TableName: "Orders", Key: { orderId: { S: "1001" } } }),
      );
      expect(item.Item?.status?.S).toBe("CANCELLED");
      const other = await c.dynamo.send(
        new GetItemCommand({ TableName: "Orders", Key: { orderId: { S: "2001" } } }),
      );
      expect(other.Item?.itemName?.S).toBe("wireless headphones");
    } finally {
      c.destroy();
      await second.stop();
    }
  });
});

describe("faults", () => {
  it("parses fault specs and rejects bad ones", () => {
    expect(parseFaultSpec("dynamodb=0.2,sns=0.5")).toEqual({ dynamodb: 0.2, sns: 0.5 });
    expect(() => parseFaultSpec("s3=0.1")).toThrow(/Unknown fault target/);
    expect(() => parseFaultSpec("sns=2")).toThrow(/Invalid fault rate/);
  });

  it("fails the same requests for the same seed", () => {
    const run = (seed: number) => {
      const f = new FaultInjector({ dynamodb: 0.3 }, seed);
      return Array.from({ length: 50 }, () => (f.maybeFail("dynamodb") ? 1 : 0)).join("");
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    expect(run(7)).toContain("1");
  });

  it("injects the AWS error shapes each service sends", async () => {
    const emu = await startEmulator({
      port: 0,
      inMemory: true,
      codeHook: null,
      faults: { dynamodb: 1, sns: 1, connect: 1 },
      faultSeed: 3,
    });
    const c = clientsFor(emu.url);
    try {
      const ddb = await c.dynamo
        .send(new GetItemCommand({ TableName: "Orders", Key: { orderId: { S: "1001" } } }))
        .catch((e: Error) => e);
      expect(["ProvisionedThroughputExceededException", "InternalServerError"]).toContain(
        (ddb as Error).name,
      );
      const sns = await c.sns
        .send(new PublishCommand({ PhoneNumber: "+12025550123", Message: "x" }))
        .catch((e) => e);
      expect(["InternalErrorException", "ThrottledException", "InternalError", "Throttled"]).toContain(
        (sns as Error).name,
      );
      await expect(
        c.connect.send(
          new StartTaskContactCommand({
            InstanceId: LOCAL_CONNECT_INSTANCE_ID,
            ContactFlowId: LOCAL_CALLBACK_FLOW_ID,
            Name: "x",
          }),
        ),
      ).rejects.toMatchObject({ name: "ThrottlingException" });
      expect(await (await fetch(`${emu.url}/_local/sms`)).json()).toEqual([]);
      expect(emu.faults.injected.dynamodb).toBeGreaterThan(0);
    } finally {
      c.destroy();
      await emu.stop();
    }
  });
});
