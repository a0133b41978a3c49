import { createInterface } from "node:readline/promises";
import { DEFAULT_PORT } from "../config.js";
import { type RunningEmulator, startEmulator } from "../emulator.js";

/**
 * `npm run call -- --from +819012345678 [--to N] [--locale ja_JP] [--url http://127.0.0.1:4010]`:
 * a terminal phone against a running emulator (`npm start`; one starts in memory when none answers). Type to speak; `#123#` or `/key 123#` presses
 * keys; `/silence` waits out a prompt; `/hangup` ends the call.
 */
interface CallStep {
  callId: string;
  state: string;
  events: { type: string; text?: string; queue?: string; number?: string }[];
  message?: string;
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) out[a.slice(2)] = argv[++i] ?? "";
  }
  return out;
}

function show(step: CallStep): void {
  for (const e of step.events) {
    if (e.type === "prompt") console.log(`🔊 ${e.text}`);
    else if (e.type === "transfer")
      console.log(`↪ transferred to queue "${e.queue}" (an agent would pick up)`);
    else if (e.type === "callback") console.log(`☎ callback queued to ${e.number}`);
    else if (e.type === "disconnect") console.log("📴 call ended");
  }
  if (step.message) console.log(`! ${step.message}`);
}

/** Maps a typed line to a caller action. */
export function parseCallerLine(line: string): Record<string, unknown> | undefined {
  const t = line.trim();
  if (t === "/silence" || t === "") return { silence: true };
  if (t === "/hangup") return { hangup: true };
  const key = /^\/key\s+([0-9*#]+)$/.exec(t) ?? /^#([0-9*#]+)$/.exec(t);
  if (key) return { dtmf: key[1] };
  if (t.startsWith("/")) return undefined;
  return { say: t };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let url = args.url ?? process.env.ORDERLINE_URL ?? `http://127.0.0.1:${process.env.PORT ?? DEFAULT_PORT}`;
  if (!args.from) {
    console.error(
      "usage: npm run call -- --from +819012345678 [--to NUMBER] [--locale ja_JP|en_US] [--url URL]",
    );
    process.exit(2);
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  let emulator: RunningEmulator | undefined;
  const answering = await fetch(`${url}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (!answering) {
    console.log(`No emulator at ${url}; starting one in memory…`);
    emulator = await startEmulator({ port: 0, inMemory: true });
    url = emulator.url;
  }
  const post = async (path: string, body: unknown): Promise<CallStep> => {
    const res = await fetch(url + path, { method: "POST", body: JSON.stringify(body) });
    return (await res.json()) as CallStep;
  };
  let step = await post("/_local/calls", { from: args.from, to: args.to, locale: args.locale });
  if (!step.callId) throw new Error(step.message ?? "could not start the call");
  console.log(
    `Calling from ${args.from} (call ${step.callId}). Type to speak, #digits or /key digits, /silence, /hangup.`,
  );
  show(step);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "> " });
  // Lines are read as a stream so piped input (a script of caller turns) works as well as typing.
  if (step.state === "waiting") rl.prompt();
  for await (const line of rl) {
    const action = parseCallerLine(line);
    if (!action) console.log("commands: /key 123#, #123#, /silence, /hangup");
    else {
      step = await post(`/_local/calls/${step.callId}`, action);
      show(step);
    }
    if (step.state !== "waiting") break;
    rl.prompt();
  }
  if (step.state === "queued") console.log(`Waiting in the queue; see ${url}/_local/contacts`);
  rl.close();
  await emulator?.stop();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
