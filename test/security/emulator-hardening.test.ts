import http from "node:http";
import net from "node:net";
import { ConnectClient, StartChatContactCommand } from "@aws-sdk/client-connect";
import { PutSessionCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";
import { clientsFor } from "../integration/emulator/helpers.js";

let emu: RunningEmulator;
let clients: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true, seed: false, trainNlu: undefined });
  clients = clientsFor(emu.url);
});
afterAll(async () => {
  clients.destroy();
  await emu.stop();
});

function request(path: string, headers: Record<string, string>, method = "GET", body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(`${emu.url}${path}`, { method, headers }, (res) => {
      let data = "";
      res.on("data", (c) => {
        data += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("/_local and the console are for this machine only", () => {
  it.each([
    [{ host: "evil.example:4010" }, 403],
    [{ host: `127.0.0.1:${0}`, origin: "https://evil.example" }, 403],
    [{ "sec-fetch-site": "cross-site" }, 403],
    [{}, 200],
  ])("GET /_local/sms with %j answers %i", async (headers, status) => {
    const h = { ...headers } as Record<string, string>;
    if (h.host?.startsWith("127.0.0.1")) h.host = `127.0.0.1:${emu.port}`;
    expect((await request("/_local/sms", h)).status).toBe(status);
  });

  it("refuses a DNS-rebinding page reading the console and starting calls", async () => {
    expect((await request("/", { host: "rebind.example" })).status).toBe(403);
    const started = await request(
      "/_local/calls",
      { host: "rebind.example", "content-type": "application/json" },
      "POST",
      "{}",
    );
    expect(started.status).toBe(403);
  });

  it("masks callback numbers in /_local/callbacks", async () => {
    emu.ctx.callbacks.add({
      phoneNumber: "+12025550123",
      scheduledAt: null,
      orderId: null,
      locale: null,
      contactId: "c-1",
      source: "task",
      attributes: { callbackNumber: "+12025550123" },
      at: new Date().toISOString(),
    });
    const body = (await request("/_local/callbacks", {})).body;
    expect(body).not.toContain("+12025550123");
    expect(body).toContain("0123");
  });
});

describe("bad input gives a 4xx, never a 500", () => {
  it("answers a bad % in /_local/calls/{id} with 400", async () => {
    expect((await request("/_local/calls/%E0%A4%A", {})).status).toBe(400);
  });

  it("answers a non-string chat attribute with 400", async () => {
    const connect = new ConnectClient({
      endpoint: emu.url,
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    const health = emu.health() as { connect?: { inboundFlowId?: string } };
    await expect(
      connect.send(
        new StartChatContactCommand({
          InstanceId: emu.ctx.connect.instanceId,
          ContactFlowId: health.connect?.inboundFlowId ?? "inbound",
          ParticipantDetails: { DisplayName: "x" },
          Attributes: { locale: 5 as unknown as string },
        }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    connect.destroy();
  });

  it("caps Lex session attributes at 12 KB", async () => {
    await expect(
      clients.lexH1.send(
        new PutSessionCommand({
          botId: emu.ctx.bot.botId,
          botAliasId: emu.ctx.bot.botAliasId,
          localeId: "en_US",
          sessionId: "big-attrs",
          sessionState: { sessionAttributes: { blob: "x".repeat(13_000) } },
        }),
      ),
    ).rejects.toMatchObject({ name: "ValidationException" });
  });

  it("closes a keep-alive connection after a 413 instead of hanging", async () => {
    const socket = net.connect(emu.port, "127.0.0.1");
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const size = 17 * 1024 * 1024;
    let reply = "";
    const closed = new Promise<void>((resolve) => {
      socket.on("data", (d) => {
        reply += d.toString("latin1");
      });
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    socket.write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: ${size}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    for (let sent = 0; sent < size && !socket.destroyed; sent += chunk.length) {
      if (!socket.write(chunk)) await new Promise((r) => setTimeout(r, 5));
    }
    const timeout = new Promise<"hang">((r) => setTimeout(() => r("hang"), 5000));
    expect(await Promise.race([closed.then(() => "closed" as const), timeout])).toBe("closed");
    expect(reply).toContain("413");
    socket.destroy();
  }, 20_000);
});
