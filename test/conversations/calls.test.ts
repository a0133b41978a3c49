import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";
import { shopTimeZone } from "../../local/seed/demo-orders.js";
import { type CallTarget, loadCallSuites, runCall } from "./call-runner.js";

const suites = loadCallSuites(join(import.meta.dirname, "calls"));
let emu: RunningEmulator;
let target: CallTarget;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  dynamo = new DynamoDBClient({
    endpoint: emu.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  target = {
    url: emu.url,
    orders: { doc: DynamoDBDocumentClient.from(dynamo), tableName: emu.ctx.tables.orders },
    timeZoneOf: shopTimeZone,
  };
});

afterAll(async () => {
  dynamo?.destroy();
  await emu?.stop();
});

for (const suite of suites) {
  describe(`calls/${suite.file}`, () => {
    for (const call of suite.calls) {
      it(call.name, async () => {
        const result = await runCall(call, target);
        expect(result.failures, `${result.failures.join("\n")}\n${result.transcript.join("\n")}`).toEqual([]);
      });
    }
  });
}
