import { spawn } from "node:child_process";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { LexRuntimeV2Client, RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import { startEmulator } from "../local/emulator.js";

const SEQUENTIAL_TURNS = 300;
const CONCURRENT_SESSIONS = 200;

/** Emulator figures: turn latency next to a raw GetItem, 200 concurrent sessions, RSS, time to healthy. */
export async function runEmulatorBench(): Promise<void> {
  process.env.AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING ??= "1";
  process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
  const coldStartMs = await timeToHealthy();
  const emu = await startEmulator({ port: 0, inMemory: true });
  const base = {
    endpoint: emu.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const lex = new LexRuntimeV2Client(base);
  const dynamo = new DynamoDBClient(base);
  try {
    const turn = (sessionId: string, text: string) =>
      lex.send(
        new RecognizeTextCommand({
          botId: emu.ctx.bot.botId,
          botAliasId: emu.ctx.bot.botAliasId,
          localeId: "en_US",
          sessionId,
          text,
          sessionState: { sessionAttributes: { callerPhone: "+12025550123" } },
        }),
      );
    const getItem = () =>
      dynamo.send(new GetItemCommand({ TableName: emu.ctx.tables.orders, Key: { orderId: { S: "2001" } } }));
    // Warm up both paths (connections, JIT) before measuring.
    for (let i = 0; i < 30; i++) {
      await turn(`warm-${i}`, "where is my order");
      await getItem();
    }
    const getItemMs: number[] = [];
    const turnMs: number[] = [];
    for (let i = 0; i < SEQUENTIAL_TURNS; i++) {
      getItemMs.push(await timed(getItem));
      turnMs.push(await timed(() => turn(`seq-${i}`, "where is my order")));
    }
    const concurrentMs: number[] = [];
    let errors = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT_SESSIONS }, async (_, i) => {
        for (const text of ["I want to cancel my order", "no"]) {
          try {
            concurrentMs.push(await timed(() => turn(`conc-${i}`, text)));
          } catch {
            errors++;
          }
        }
      }),
    );
    const wallMs = performance.now() - t0;
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    const g = pct(getItemMs);
    const r = pct(turnMs);
    const c = pct(concurrentMs);
    console.log("Emulator");
    console.log(
      `  time to healthy (npm start, cold process)   ${coldStartMs.toFixed(0)} ms; in-process start ${emu.startupMs} ms`,
    );
    console.log(
      `  raw GetItem            p50 ${g.p50.toFixed(2)} ms  p99 ${g.p99.toFixed(2)} ms  (n=${getItemMs.length})`,
    );
    console.log(
      `  RecognizeText turn     p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  (n=${turnMs.length}; code hook + DynamoDB query)`,
    );
    console.log(
      `  turn/GetItem p50 ratio ${(r.p50 / g.p50).toFixed(1)}x (target ≤ 10x)   turn p99 ${r.p99 <= 100 ? "≤" : ">"} 100 ms target`,
    );
    console.log(
      `  ${CONCURRENT_SESSIONS} concurrent sessions × 2 turns: p50 ${c.p50.toFixed(1)} ms  p99 ${c.p99.toFixed(1)} ms  errors ${errors}  wall ${wallMs.toFixed(0)} ms`,
    );
    console.log(`  RSS (emulator + bench clients, one process) ${rssMb.toFixed(0)} MB`);
  } finally {
    lex.destroy();
    dynamo.destroy();
    await emu.stop();
  }
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function pct(values: number[]): { p50: number; p99: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Spawns `tsx local/main.ts` and waits for its ready line, then polls /health (cold process, tsx included). */
function timeToHealthy(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "local/main.ts", "--in-memory", "--port", "0"],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, PORT: "" },
      },
    );
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("emulator did not become healthy in 30 s"));
    }, 30_000);
    child.stdout.on("data", async (chunk: Buffer) => {
      const url = /ready at (http:\/\/[^\s]+)/.exec(chunk.toString())?.[1];
      if (!url) return;
      const res = await fetch(`${url}/health`);
      const ms = performance.now() - t0;
      clearTimeout(timer);
      child.kill("SIGTERM");
      res.ok ? resolve(ms) : reject(new Error(`health ${res.status}`));
    });
    child.on("error", reject);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await runEmulatorBench();
