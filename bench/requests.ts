import { spawnEmulator } from "./emulator-process.js";
import { benchCallers, defaultClients, type FlowName, MIX, script, seedCallers } from "./workload.js";

const DYNAMODB_LINE = /"service":"dynamodb"/;

interface CallView {
  callId: string;
  state: string;
  events: { type: string; text?: string }[];
}

/** The parts of the emulator's call record (`GET /_local/calls/<id>`) this bench checks. */
interface CallRecord {
  lexTurns: { intent?: string; intentState?: string; dialogAction?: string }[];
}

/**
 * DynamoDB requests per voice call, counted by the emulator itself (`--verbose` logs one line per request it
 * serves, the in-process Lambdas' included): the simulated call runs the real inbound flow, greeting lookup
 * (Connect Lambda), language offer and Lex turns, exactly as a caller would. A call whose last Lex turn does
 * not close its intent as fulfilled fails the bench: a count of a conversation that went wrong means nothing.
 */
export async function runRequestCountBench(cwd?: string): Promise<Map<FlowName, number>> {
  const emu = await spawnEmulator({ cwd, args: ["--verbose"] });
  const { dynamo, lex } = defaultClients(emu.url);
  const counts = new Map<FlowName, number>();
  try {
    const callers = benchCallers(4_000_000, MIX.length);
    await seedCallers(dynamo, "Orders", callers);
    for (const [i, flow] of MIX.entries()) {
      const caller = callers[i]!;
      await settle(emu.output);
      const before = dynamoLines(emu.output);
      let call = await post<CallView>(`${emu.url}/_local/calls`, { from: caller.phone, locale: "en_US" });
      // The inbound flow first offers the other language on the keypad; no key keeps English (speech said over
      // a keypad prompt is not heard), then the greeting is the bot's question.
      call = await post<CallView>(`${emu.url}/_local/calls/${call.callId}`, { silence: true });
      for (const text of script(flow, caller)) {
        call = await post<CallView>(`${emu.url}/_local/calls/${call.callId}`, { say: text });
      }
      const record = (await (await fetch(`${emu.url}/_local/calls/${call.callId}`)).json()) as CallRecord;
      const last = record.lexTurns.at(-1);
      if (last?.dialogAction !== "Close" || last.intentState !== "Fulfilled") {
        throw new Error(`requests bench: the ${flow} call ended ${last?.intent} ${last?.intentState}`);
      }
      await post(`${emu.url}/_local/calls/${call.callId}`, { hangup: true });
      await settle(emu.output);
      counts.set(flow, dynamoLines(emu.output) - before);
    }
  } finally {
    lex.destroy();
    dynamo.destroy();
    await emu.stop();
  }
  return counts;
}

function dynamoLines(output: string[]): number {
  return output.filter((l) => DYNAMODB_LINE.test(l)).length;
}

/** Waits until the child's stdout has been read up to now (log lines arrive after the HTTP answers). */
async function settle(output: string[]): Promise<void> {
  let last = -1;
  while (output.length !== last) {
    last = output.length;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function post<T = unknown>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
