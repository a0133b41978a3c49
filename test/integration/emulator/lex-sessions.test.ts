import { GetSessionCommand, RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../local/emulator.js";
import { clientsFor, sessionId } from "./helpers.js";

let emu: RunningEmulator;
let clients: ReturnType<typeof clientsFor>;
const bot = { botId: "ORDERLINE1", botAliasId: "LIVEALIAS1", localeId: "en_US" };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, inMemory: true });
  clients = clientsFor(emu.url);
});
afterAll(async () => {
  clients?.destroy();
  await emu?.stop();
});

const say = (session: string, text: string, sessionAttributes?: Record<string, string>) =>
  clients.lex.send(
    new RecognizeTextCommand({
      ...bot,
      sessionId: session,
      text,
      ...(sessionAttributes ? { sessionState: { sessionAttributes } } : {}),
    }),
  );

async function liveSessions(): Promise<{ sessions: number; packedBytes: number }> {
  const res = await fetch(`${emu.url}/_local/lex/sessions`);
  expect(res.status).toBe(200);
  return (await res.json()) as { sessions: number; packedBytes: number };
}

describe("Lex sessions in the emulator", () => {
  it("GetSession returns exactly what the last turn left, from the packed session", async () => {
    const session = sessionId("packed");
    const turn = await say(session, "I want to cancel my order", { callerPhone: "+12025550123" });
    const got = await clients.lex.send(new GetSessionCommand({ ...bot, sessionId: session }));
    expect(got.sessionState).toEqual(turn.sessionState);
    expect(got.interpretations).toEqual(turn.interpretations);
    expect(got.messages).toEqual(turn.messages);
    const held = await liveSessions();
    expect(held.sessions).toBeGreaterThanOrEqual(1);
    expect(held.packedBytes).toBeGreaterThan(0);
  });

  it("DELETE /_local/lex/sessions expires every session at once, as the idle TTL would", async () => {
    const session = sessionId("expire");
    await say(session, "I want to cancel my order", { callerPhone: "+12025550123" });
    const res = await fetch(`${emu.url}/_local/lex/sessions`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    expect(await liveSessions()).toEqual({ sessions: 0, packedBytes: 0 });
    await expect(clients.lex.send(new GetSessionCommand({ ...bot, sessionId: session }))).rejects.toThrow(
      `Session ${session} not found`,
    );
    // The next turn starts a new session: nothing of the expired one's attributes is left.
    const fresh = await say(session, "where is my order");
    expect(fresh.sessionState?.sessionAttributes?.callerPhone).toBeUndefined();
  });

  it("answers other methods with 405", async () => {
    const res = await fetch(`${emu.url}/_local/lex/sessions`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, DELETE");
  });
});
