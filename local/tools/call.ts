import { createInterface } from "node:readline/promises";
import { connectToEmulator, ENDPOINT_ENV } from "./endpoint.js";

/**
 * `npm run call -- --from +819012345678 [--to N] [--locale ja_JP] [--endpoint http://127.0.0.1:4010]`:
 * a terminal phone against the running emulator (`npm start`; one starts in memory when none answers). Type
 * to speak; `#123#` or `/key 123#` presses keys; `/silence` waits out a prompt; `/hangup` ends the call.
 * A call still in the agent queue is hung up on exit (Enter, end of input or Ctrl+C), so queues never pile up.
 */
interface CallStep {
  callId: string;
  state: string;
  events: { type: string; text?: string; queue?: string; number?: string }[];
  message?: string;
}

const USAGE = `usage: npm run call -- --from +819012345678 [--to NUMBER] [--locale ja_JP|en_US] [--endpoint URL]
  --endpoint URL   the emulator (default: ${ENDPOINT_ENV}, else the one on PORT or 4010, else one in memory)`;

const OPTIONS = new Set(["from", "to", "locale", "endpoint"]);

/** Reads `--name value` pairs; an unknown option is an error (`--url` became `--endpoint`). */
export function parseCallArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h") return { help: "true" };
    const name = a.startsWith("--") ? a.slice(2) : "";
    if (!OPTIONS.has(name))
      throw new Error(`Unknown argument ${a}${a === "--url" ? " (use --endpoint)" : ""}`);
    out[name] = argv[++i] ?? "";
  }
  return out;
}

function show(step: CallStep): void {
  for (const e of step.events ?? []) {
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
  let args: Record<string, string>;
  try {
    args = parseCallArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.from) {
    console.error(USAGE);
    process.exit(2);
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  const { url, started: emulator } = await connectToEmulator(args.endpoint);
  const post = async (path: string, body: unknown): Promise<CallStep> => {
    const res = await fetch(url + path, { method: "POST", body: JSON.stringify(body) });
    return (await res.json()) as CallStep;
  };
  let step = await post("/_local/calls", { from: args.from, to: args.to, locale: args.locale });
  if (!step.callId) throw new Error(step.message ?? "could not start the call");
  const callId = step.callId;
  // The caller leaves: a call still waiting or queued is hung up, like putting the phone down.
  let hungUp = false;
  const hangUp = async (): Promise<void> => {
    if (hungUp || (step.state !== "waiting" && step.state !== "queued")) return;
    hungUp = true;
    step = await post(`/_local/calls/${callId}`, { hangup: true }).catch(() => step);
    console.log("📴 hung up");
  };
  const finish = async (): Promise<void> => {
    await hangUp();
    await emulator?.stop();
  };
  process.once("SIGINT", () => {
    void finish().then(() => process.exit(130));
  });

  console.log(
    `Calling from ${args.from} (call ${callId} at ${url}). Type to speak, #digits or /key digits, /silence, /hangup.`,
  );
  show(step);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "> " });
  // Lines are read as a stream so piped input (a script of caller turns) works as well as typing.
  if (step.state === "waiting") rl.prompt();
  for await (const line of rl) {
    if (step.state === "queued") break; // Enter while queued: leave the queue
    const action = parseCallerLine(line);
    if (!action) console.log("commands: /key 123#, #123#, /silence, /hangup");
    else {
      step = await post(`/_local/calls/${callId}`, action);
      show(step);
    }
    if (step.state === "queued") {
      console.log(
        `Waiting in the queue (the console at ${url}/ lists it). Press Enter or Ctrl+C to hang up.`,
      );
      if (!process.stdin.isTTY) break; // a script has said everything: hang up
      continue;
    }
    if (step.state !== "waiting") break;
    rl.prompt();
  }
  rl.close();
  await finish();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
