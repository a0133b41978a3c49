import { ConnectClient, StartChatContactCommand } from "@aws-sdk/client-connect";
import {
  ConnectParticipantClient,
  CreateParticipantConnectionCommand,
  DisconnectParticipantCommand,
  GetTranscriptCommand,
  SendMessageCommand,
} from "@aws-sdk/client-connectparticipant";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";

const TYPING = "application/vnd.amazonaws.connect.event.typing";
const FRAME_TIMEOUT_MS = 10_000;

let emu: RunningEmulator;
let connect: { instanceId: string; inboundFlowId: string };
const sockets: ChatSocket[] = [];

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  connect = emu.health().connect as typeof connect;
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.close();
});
afterAll(async () => {
  await emu?.stop();
});

const clientConfig = () => ({
  endpoint: emu.url,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  requestHandler: new NodeHttpHandler(),
});

interface Frame {
  topic?: string;
  content?: unknown;
  contentType?: string;
  statusCode?: number;
  message?: string;
  connectionId?: string;
}

/** A transcript item as it arrives in an `aws/chat` frame. */
interface PushedItem {
  Id: string;
  Type: string;
  ContentType: string;
  Content?: string;
  ParticipantRole?: string;
  DisplayName?: string;
  AbsoluteTime: string;
  ContactId: string;
  InitialContactId: string;
}

/** A websocket client that speaks to the emulator the way amazon-connect-chatjs's websocket manager does. */
class ChatSocket {
  private readonly frames: Frame[] = [];
  private waiter?: () => void;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      this.waiter?.();
    });
  }

  static open(url: string): Promise<ChatSocket> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once("open", () => {
        const socket = new ChatSocket(ws);
        sockets.push(socket);
        resolve(socket);
      });
      ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once("error", reject);
    });
  }

  /** Sends a frame as JSON (a string goes as it is). */
  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Sends what chatjs sends first and returns the server's answer. */
  async subscribe(): Promise<Frame> {
    this.send({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } });
    return this.next();
  }

  /** The next frame, in order. */
  async next(): Promise<Frame> {
    const deadline = Date.now() + FRAME_TIMEOUT_MS;
    while (this.frames.length === 0) {
      if (Date.now() > deadline) throw new Error("no websocket frame arrived");
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
        setTimeout(resolve, 50);
      });
    }
    return this.frames.shift()!;
  }

  /** Pushed chat items until one matches `until` (inclusive). */
  async itemsUntil(until: (item: PushedItem) => boolean): Promise<PushedItem[]> {
    const items: PushedItem[] = [];
    for (;;) {
      const frame = await this.next();
      expect(frame).toMatchObject({ topic: "aws/chat", contentType: "application/json" });
      const item = JSON.parse(frame.content as string) as PushedItem;
      items.push(item);
      if (until(item)) return items;
    }
  }

  /** Frames received and not read yet. */
  get buffered(): number {
    return this.frames.length;
  }

  close(): void {
    this.ws.close();
  }
}

/** A customer's chat: StartChatContact, then CreateParticipantConnection for the websocket URL and a token. */
async function startChat(locale: string) {
  const started = await new ConnectClient(clientConfig()).send(
    new StartChatContactCommand({
      InstanceId: connect.instanceId,
      ContactFlowId: connect.inboundFlowId,
      ParticipantDetails: { DisplayName: "Jane Smith" },
      Attributes: { locale },
    }),
  );
  const participant = new ConnectParticipantClient(clientConfig());
  const conn = await participant.send(
    new CreateParticipantConnectionCommand({
      ParticipantToken: started.ParticipantToken,
      Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"],
    }),
  );
  const connectionToken = conn.ConnectionCredentials!.ConnectionToken!;
  return {
    contactId: started.ContactId!,
    websocketUrl: conn.Websocket!.Url!,
    send: (text: string) =>
      participant.send(
        new SendMessageCommand({
          ConnectionToken: connectionToken,
          ContentType: "text/plain",
          Content: text,
        }),
      ),
    transcriptIds: async () => {
      const page = await participant.send(
        new GetTranscriptCommand({
          ConnectionToken: connectionToken,
          SortOrder: "ASCENDING",
          MaxResults: 100,
        }),
      );
      return (page.Transcript ?? []).map((i) => i.Id);
    },
    disconnect: () =>
      participant.send(new DisconnectParticipantCommand({ ConnectionToken: connectionToken })),
    settled: async () => {
      for (let i = 0; i < 300; i++) {
        const rec = (await (await fetch(`${emu.url}/_local/calls/${started.ContactId}`)).json()) as {
          state: string;
        };
        if (rec.state !== "running") return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error("chat flow did not settle");
    },
  };
}

const isBotMessage = (i: PushedItem) => i.Type === "MESSAGE" && i.ParticipantRole === "SYSTEM";

describe("chat websocket (Connect's participant websocket, as amazon-connect-chatjs uses it)", () => {
  it("hands out a ws://127.0.0.1 URL that chatjs accepts and acknowledges the aws/chat subscription", async () => {
    const chat = await startChat("en_US");
    // chatjs's websocket manager refuses anything but wss:// and ws://127.0.0.1: URLs.
    expect(chat.websocketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/connect\/chat\/websocket\?token=/);
    const socket = await ChatSocket.open(chat.websocketUrl);
    expect(await socket.subscribe()).toEqual({
      topic: "aws/subscribe",
      content: { status: "success", topics: ["aws/chat"] },
    });
  });

  it("answers chatjs's heartbeat and its deep heartbeat with statusCode 200", async () => {
    const socket = await ChatSocket.open((await startChat("en_US")).websocketUrl);
    socket.send({ topic: "aws/heartbeat" });
    expect(await socket.next()).toEqual({ topic: "aws/heartbeat" });
    socket.send({ topic: "aws/ping" });
    expect(await socket.next()).toMatchObject({ topic: "aws/ping", statusCode: 200 });
  });

  it.each([
    { locale: "en_US", text: "I want to cancel my order", reply: /order number/i },
    { locale: "ja_JP", text: "注文をキャンセルしたい", reply: /ご注文番号/ },
  ])(
    "pushes the echo, the bot typing, then the bot's reply after SendMessage ($locale)",
    async ({ locale, text, reply }) => {
      const chat = await startChat(locale);
      const socket = await ChatSocket.open(chat.websocketUrl);
      await socket.subscribe();
      const sent = await chat.send(text);

      const items = await socket.itemsUntil(isBotMessage);
      const [echo, typing, answer] = [
        items.find((i) => i.ParticipantRole === "CUSTOMER" && i.Type === "MESSAGE"),
        items.findIndex((i) => i.ContentType === TYPING),
        items.at(-1)!,
      ];
      expect(echo).toMatchObject({
        Id: sent.Id,
        Content: text,
        ContentType: "text/plain",
        DisplayName: "Jane Smith",
      });
      expect(typing).toBeGreaterThan(items.indexOf(echo!));
      expect(items[typing]).toMatchObject({ Type: "EVENT", ParticipantRole: "SYSTEM", DisplayName: "BOT" });
      expect(answer.Content).toMatch(reply);
      for (const item of items) {
        expect(item).toMatchObject({ ContactId: chat.contactId, InitialContactId: chat.contactId });
        expect(Number.isNaN(Date.parse(item.AbsoluteTime))).toBe(false);
      }
      // What the socket pushes is the transcript, bar the typing events Connect does not keep.
      const ids = await chat.transcriptIds();
      expect(ids).toEqual(expect.arrayContaining([echo!.Id, answer.Id]));
      expect(ids).not.toContain(items[typing]!.Id);
    },
  );

  it("delivers nothing to a socket before it subscribes", async () => {
    const chat = await startChat("en_US");
    const socket = await ChatSocket.open(chat.websocketUrl);
    await chat.send("where is my order");
    await chat.settled();
    expect(await socket.subscribe()).toMatchObject({
      topic: "aws/subscribe",
      content: { status: "success" },
    });
    expect(socket.buffered).toBe(0);
    await chat.send("2001");
    expect((await socket.itemsUntil(isBotMessage)).at(-1)!.Content).toMatch(/last four digits/i);
  });

  it("pushes to every subscribed socket of the chat and to no other chat's", async () => {
    const [chat, other] = [await startChat("en_US"), await startChat("en_US")];
    const [first, second, stranger] = [
      await ChatSocket.open(chat.websocketUrl),
      await ChatSocket.open(chat.websocketUrl),
      await ChatSocket.open(other.websocketUrl),
    ];
    for (const s of [first, second, stranger]) await s.subscribe();
    await chat.send("I want to cancel my order");
    const [a, b] = [await first.itemsUntil(isBotMessage), await second.itemsUntil(isBotMessage)];
    expect(b.map((i) => i.Id)).toEqual(a.map((i) => i.Id));
    expect(stranger.buffered).toBe(0);
  });

  it("pushes participant left and chat ended when the customer disconnects, then refuses the token", async () => {
    const chat = await startChat("en_US");
    const socket = await ChatSocket.open(chat.websocketUrl);
    await socket.subscribe();
    await chat.disconnect();
    const items = await socket.itemsUntil((i) => i.ContentType.endsWith("chat.ended"));
    expect(items.map((i) => [i.ContentType.split(".").slice(-2).join("."), i.ParticipantRole])).toEqual(
      expect.arrayContaining([
        ["participant.left", "CUSTOMER"],
        ["chat.ended", "SYSTEM"],
      ]),
    );
    await expect(ChatSocket.open(chat.websocketUrl)).rejects.toThrow("HTTP 403");
  });

  it.each([
    { name: "an unknown token", url: (u: string) => u.replace(/token=.*/, "token=ws-not-a-token") },
    { name: "no token", url: (u: string) => u.replace(/\?.*/, "") },
  ])("refuses $name with 403 before the handshake", async ({ url }) => {
    const chat = await startChat("en_US");
    await expect(ChatSocket.open(url(chat.websocketUrl))).rejects.toThrow("HTTP 403");
  });

  it.each([
    { name: "a topic it does not route", frame: { topic: "aws/unknown" }, error: "Forbidden" },
    { name: "a frame that is not JSON", frame: "{not json", error: /Invalid frame/ },
  ])("answers $name with API Gateway's error shape and keeps the socket", async ({ frame, error }) => {
    const socket = await ChatSocket.open((await startChat("en_US")).websocketUrl);
    socket.send(frame);
    const answer = await socket.next();
    expect(answer.message).toMatch(error);
    expect(answer.connectionId).toMatch(/^[A-Za-z0-9+/]{12}=$/);
    expect(await socket.subscribe()).toMatchObject({ content: { status: "success" } });
  });

  it("fails a subscription to topics other than aws/chat", async () => {
    const socket = await ChatSocket.open((await startChat("en_US")).websocketUrl);
    socket.send({ topic: "aws/subscribe", content: { topics: ["aws/agent"] } });
    expect(await socket.next()).toEqual({
      topic: "aws/subscribe",
      content: { status: "failure", topics: ["aws/agent"] },
    });
  });
});
