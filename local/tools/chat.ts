import { createInterface } from "node:readline";
import {
  GetSessionCommand,
  LexRuntimeV2Client,
  RecognizeTextCommand,
  type RecognizeTextCommandOutput,
} from "@aws-sdk/client-lex-runtime-v2";
import { connectToEmulator, ENDPOINT_ENV } from "./endpoint.js";

const USAGE = `Usage: npm run chat -- [--locale ja_JP|en_US] [--caller +819012345678] [--endpoint URL] [--channel voice|chat|text]
  --endpoint URL   the emulator (default: ${ENDPOINT_ENV}, else the one on PORT or 4010, else one in memory)
Commands: /reset  /attrs k=v [k=v…]  /locale xx_XX  /dtmf 1234#  /quit`;

interface ChatArgs {
  locale: string;
  caller?: string;
  endpoint?: string;
  channel: "voice" | "chat" | "text";
}

/** A REPL like the Lex console's test window, through the real Lex runtime client. */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  const args = parseArgs(process.argv.slice(2));
  const found = await connectToEmulator(args.endpoint);
  const emulator = found.started;
  const endpoint = found.url;
  const { botId, botAliasId } = found.health.bot;
  const lex = new LexRuntimeV2Client({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  let locale = args.locale;
  let sessionId = newSessionId();
  let pendingAttrs: Record<string, string> = args.caller ? { callerPhone: args.caller } : {};
  console.log(
    `Bot ${botId}/${botAliasId} at ${endpoint}, locale ${locale}${args.caller ? `, caller ${args.caller}` : ""}.`,
  );
  console.log(USAGE.split("\n").at(-1));
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  rl.setPrompt("you> ");
  const prompt = () => {
    if (process.stdin.isTTY) rl.prompt();
  };
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (!process.stdin.isTTY) console.log(`you> ${line}`);
    if (!line) {
      prompt();
      continue;
    }
    if (line === "/quit" || line === "/exit") break;
    if (line === "/reset") {
      sessionId = newSessionId();
      pendingAttrs = args.caller ? { callerPhone: args.caller } : {};
      console.log("(new session)");
      prompt();
      continue;
    }
    if (line.startsWith("/locale")) {
      locale = line.split(/\s+/)[1] ?? locale;
      sessionId = newSessionId();
      console.log(`(locale ${locale}, new session)`);
      prompt();
      continue;
    }
    if (line.startsWith("/attrs")) {
      for (const kv of line.split(/\s+/).slice(1)) {
        const [k, ...v] = kv.split("=");
        if (k) pendingAttrs[k] = v.join("=");
      }
      console.log(`(session attributes on the next turn: ${JSON.stringify(pendingAttrs)})`);
      prompt();
      continue;
    }
    const dtmf = line.startsWith("/dtmf ");
    const text = dtmf ? line.slice(6).trim() : line;
    const requestAttributes: Record<string, string> = {};
    if (args.channel === "voice") requestAttributes["x-amz-lex:channels:platform"] = "Connect";
    if (args.channel === "chat") requestAttributes["x-amz-lex:channels:platform"] = "Connect Chat";
    if (dtmf) requestAttributes["x-amz-lex:dtmf-transcript"] = text;
    try {
      const attrs = Object.keys(pendingAttrs).length ? pendingAttrs : undefined;
      const out = await lex.send(
        new RecognizeTextCommand({
          botId,
          botAliasId,
          localeId: locale,
          sessionId,
          text,
          requestAttributes,
          ...(attrs
            ? {
                sessionState: await withAttributes(
                  lex,
                  { botId, botAliasId, localeId: locale, sessionId },
                  attrs,
                ),
              }
            : {}),
        }),
      );
      pendingAttrs = {};
      printTurn(out);
    } catch (err) {
      const e = err as Error;
      console.log(`  !! ${e.name}: ${e.message}`);
    }
    prompt();
  }
  rl.close();
  lex.destroy();
  await emulator?.stop();
  process.exit(0);
}

/** The session's current state with extra attributes: the dialog stays where it is. */
async function withAttributes(
  lex: LexRuntimeV2Client,
  ids: { botId: string; botAliasId: string; localeId: string; sessionId: string },
  attrs: Record<string, string>,
) {
  try {
    const s = await lex.send(new GetSessionCommand(ids));
    return { ...s.sessionState, sessionAttributes: { ...s.sessionState?.sessionAttributes, ...attrs } };
  } catch {
    return { sessionAttributes: attrs };
  }
}

function printTurn(out: RecognizeTextCommandOutput): void {
  for (const m of out.messages ?? []) console.log(`bot> ${m.content ?? ""}`);
  const intent = out.sessionState?.intent;
  const action = out.sessionState?.dialogAction;
  const slots = Object.entries(intent?.slots ?? {})
    .map(([k, v]) => `${k}=${v?.value?.interpretedValue ?? "∅"}`)
    .join(" ");
  const score = out.interpretations?.[0]?.nluConfidence?.score;
  console.log(
    `     [${intent?.name ?? "-"} · ${intent?.state ?? "-"} · ${action?.type ?? "-"}${action?.slotToElicit ? `(${action.slotToElicit})` : ""}` +
      `${intent?.confirmationState && intent.confirmationState !== "None" ? ` · ${intent.confirmationState}` : ""}` +
      ` · confidence ${score ?? "-"}]${slots ? `\n     slots: ${slots}` : ""}`,
  );
}

function newSessionId(): string {
  return `chat-${crypto.randomUUID()}`;
}

function parseArgs(argv: string[]): ChatArgs {
  const args: ChatArgs = {
    locale: "ja_JP",
    channel: "text",
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i] ?? "";
    if (a === "--locale") args.locale = v();
    else if (a === "--caller") args.caller = v();
    else if (a === "--endpoint") args.endpoint = v();
    else if (a === "--channel") args.channel = v() as ChatArgs["channel"];
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`Unknown argument ${a}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (args.caller && args.channel === "text") args.channel = "voice";
  return args;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
