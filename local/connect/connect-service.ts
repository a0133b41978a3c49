import type { EmulatorContext } from "../context.js";
import type { LocalService } from "../service.js";
import { handleCallsApi, matchesCallsApi } from "./calls-api.js";
import { ChatSessions, handleChatApi, matchesChatApi } from "./chat-api.js";
import { ChatWebsocketServer } from "./chat-websocket.js";
import type { ConnectLambdaHandler } from "./environment.js";
import { createSdkLexRuntime, type LexRuntime } from "./lex-runtime.js";
import { LocalConnect } from "./local-connect.js";

/** Where chat websockets connect (the URL `CreateParticipantConnection` hands out). */
export const CHAT_WEBSOCKET_PATH = "/connect/chat/websocket";

export interface ConnectServiceOptions {
  /** @default the emulator's own Lex runtime through `@aws-sdk/client-lex-runtime-v2` */
  lex?: LexRuntime;
  /** @default `createConnectHandler` of fulfillment/src/connect-handler.ts, wired to the emulator */
  connectHandler?: ConnectLambdaHandler;
  /** @default true (`ORDERLINE_HOURS=closed` closes them) */
  hoursOpen?: boolean;
  /** @default 8000 */
  lambdaRetryBudgetMs?: number;
}

/** The local Connect service: flows, simulated calls, the agent view, chat (chat-api.ts) and its websocket. */
export function createConnectService(
  ctx: EmulatorContext,
  options: ConnectServiceOptions = {},
): LocalService {
  const connect = new LocalConnect({
    instanceId: ctx.connect.instanceId,
    region: ctx.region,
    botId: ctx.bot.botId,
    botAliasId: ctx.bot.botAliasId,
    lex: options.lex ?? createSdkLexRuntime(() => ctx.endpoint, ctx.region),
    connectHandler: async () =>
      options.connectHandler ?? ((await ctx.lambdas.connect()) as unknown as ConnectLambdaHandler),
    hoursOpen: options.hoursOpen ?? process.env.ORDERLINE_HOURS !== "closed",
    lambdaRetryBudgetMs: options.lambdaRetryBudgetMs,
    fidelity: ctx.fidelity,
  });
  const chats = new ChatSessions();
  // chatjs accepts only wss:// or ws://127.0.0.1: URLs, which the emulator's default endpoint is.
  const websocketUrl = () => `${ctx.endpoint.replace(/^http/, "ws")}${CHAT_WEBSOCKET_PATH}`;
  const websocket = new ChatWebsocketServer(chats, CHAT_WEBSOCKET_PATH);
  return {
    name: "connect",
    match: (req) => matchesCallsApi(req) || matchesChatApi(req),
    handle: (req) =>
      matchesChatApi(req) ? handleChatApi(connect, chats, websocketUrl, req) : handleCallsApi(connect, req),
    upgrade: (req, socket, head) => websocket.upgrade(req, socket, head),
    health: () => ({ connect: { instanceId: ctx.connect.instanceId, inboundFlowId: connect.inboundFlowId } }),
    stop: async () => {
      await websocket.close();
      await connect.stop();
    },
  };
}
