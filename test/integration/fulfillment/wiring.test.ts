import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyError } from "../../../fulfillment/src/errors.js";
import { awsOptionsFromEnvironment, createAwsDependencies } from "../../../fulfillment/src/wiring.js";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import { contactFlowEvent } from "../../support/fulfillment-harness.js";
import { KETTLE_ORDER, type LocalDynamo, startLocalDynamo } from "../../support/local-dynamodb.js";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

describe("awsOptionsFromEnvironment", () => {
  it("reads the variables infra/functions sets, with the contract's table names as defaults", () => {
    expect(
      awsOptionsFromEnvironment({
        AWS_REGION: "ap-northeast-1",
        ORDERS_TABLE: "ShopOrders",
        CONNECT_INSTANCE_ID: "instance-1",
        CALLBACK_FLOW_ID: "flow-1",
      }),
    ).toEqual({
      endpoint: undefined,
      region: "ap-northeast-1",
      tables: { orders: "ShopOrders", callbacks: "OrderlineCallbacks" },
      connect: { instanceId: "instance-1", callbackFlowId: "flow-1" },
    });
  });

  it("passes AWS_ENDPOINT_URL on, so a bundled handler can run against the emulator", () => {
    expect(
      awsOptionsFromEnvironment({ AWS_REGION: "us-east-1", AWS_ENDPOINT_URL: "http://127.0.0.1:4010" }),
    ).toMatchObject({ endpoint: "http://127.0.0.1:4010", tables: { orders: "Orders" } });
  });

  it("refuses to guess a region", () => {
    expect(() => awsOptionsFromEnvironment({})).toThrow("AWS_REGION is not set");
  });
});

describe("createAwsDependencies", () => {
  let db: LocalDynamo;
  beforeAll(async () => {
    db = await startLocalDynamo();
    await db.put({ ...KETTLE_ORDER });
  });
  afterAll(async () => db.stop());

  it("talks to the endpoint and tables it is given", async () => {
    const deps = createAwsDependencies({
      endpoint: db.endpoint,
      region: "us-east-1",
      tables: { orders: db.ordersTable, callbacks: db.callbacksTable },
      connect: { instanceId: "", callbackFlowId: "" },
      credentials,
    });
    expect(await deps.orders.get(KETTLE_ORDER.orderId)).toMatchObject({ customerName: "佐藤 花子" });
    expect(await deps.callbackLog.pendingSms(5)).toEqual([]);
  });

  it("gives up on an endpoint that never answers instead of hanging the caller", async () => {
    // Accepts the connection and never responds: only the request timeout can end the call.
    const sockets = new Set<import("node:net").Socket>();
    const silent: Server = createServer(() => undefined);
    silent.on("connection", (s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    try {
      const deps = createAwsDependencies({
        endpoint: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        region: "us-east-1",
        tables: { orders: "Orders", callbacks: "OrderlineCallbacks" },
        connect: { instanceId: "", callbackFlowId: "" },
        credentials,
      });
      const started = Date.now();
      await expect(deps.orders.get("1001")).rejects.toBeInstanceOf(DependencyError);
      // Two attempts of 3 s each, plus backoff: well under Lex's 30 s and a caller's patience.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 15_000);
});

describe("the emulator's in-process Lambdas", () => {
  let first: RunningEmulator;
  let second: RunningEmulator;
  const envBefore = { ...process.env };

  beforeAll(async () => {
    first = await startEmulator({ port: 0, inMemory: true, ordersTable: "FirstOrders" });
    second = await startEmulator({ port: 0, inMemory: true, seed: false });
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
  });

  it("are wired by arguments: starting an emulator writes nothing to process.env", () => {
    expect(process.env).toEqual(envBefore);
  });

  it("each use their own emulator, so two can run in one process", async () => {
    const lookup = contactFlowEvent({ action: "lookupCaller" }, { from: KETTLE_ORDER.customerPhone });
    expect(await (await first.ctx.lambdas.connect())(lookup)).toMatchObject({
      known: "true",
      customerName: "佐藤 花子",
    });
    expect(await (await second.ctx.lambdas.connect())(lookup)).toMatchObject({ known: "false" });
  });
});
