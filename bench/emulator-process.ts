import { type ChildProcessByStdio, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { EMULATOR_BUNDLE_CACHE } from "../local/emulator-bundle.js";

/** An emulator in its own process, started like `npm start`: the bench's clients never share its CPU time. */
export interface EmulatorProcess {
  readonly url: string;
  readonly pid: number;
  /** Spawn to the first `GET /health` 200, in ms. */
  readonly healthyMs: number;
  /** Resident set size of the emulator process, in MiB (from /proc). */
  rssMiB(): number;
  /**
   * CPU time (user + system) the emulator process has used so far, in ms (from /proc, 10 ms ticks). Per turn it
   * is the emulator's cost of a turn, which other processes on a shared machine do not change the way they
   * change wall time.
   */
  cpuMs(): number;
  /** Lines the process printed to stdout since start (with `--verbose`: one per request). */
  readonly output: string[];
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Repository to run (another checkout for a before/after comparison). @default the current directory */
  cwd?: string;
  /** Extra `npm start` flags. */
  args?: string[];
  timeoutMs?: number;
}

// USER_HZ: 100 on every Linux architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100;

/** Node arguments of `npm start` (one process; local/start.mjs loads tsx only when it has to). */
export const START_COMMAND = ["local/start.mjs"];

/** `npm start` of a checkout from before local/start.mjs (a `--compare` with an older tree). */
const START_COMMAND_BEFORE_LAUNCHER = ["--import", "tsx", "local/main.ts"];

/**
 * Removes the emulator bundle `npm start` runs from (local/emulator-bundle.ts), so the next start builds it, as
 * the first start after a clone or an `npm ci` does. The NLU model cache stays.
 */
export function removeStartBundle(cwd = "."): void {
  rmSync(join(cwd, EMULATOR_BUNDLE_CACHE), { recursive: true, force: true });
}

/** Spawns `node local/start.mjs --in-memory --port 0` and waits until `/health` answers 200. */
export async function spawnEmulator(options: SpawnOptions = {}): Promise<EmulatorProcess> {
  const command = existsSync(join(options.cwd ?? ".", START_COMMAND[0]!))
    ? START_COMMAND
    : START_COMMAND_BEFORE_LAUNCHER;
  const t0 = performance.now();
  const child = spawn(process.execPath, [...command, "--in-memory", "--port", "0", ...(options.args ?? [])], {
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PORT: "", AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1" },
  });
  const output: string[] = [];
  const stderr: string[] = [];
  child.stderr.on("data", (c: Buffer) => stderr.push(c.toString()));
  const url = await readyUrl(child, output, stderr, options.timeoutMs ?? 60_000);
  for (;;) {
    const res = await fetch(`${url}/health`).catch(() => undefined);
    if (res?.ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const healthyMs = performance.now() - t0;
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    healthyMs,
    output,
    rssMiB: () => {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
      return Number(kb) / 1024;
    },
    cpuMs: () => {
      // Fields 14 and 15 of /proc/PID/stat (after the parenthesised command name): utime, stime in ticks.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) * (1000 / CLOCK_TICKS_PER_SECOND);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function readyUrl(
  child: ChildProcessByStdio<null, Readable, Readable>,
  output: string[],
  stderr: string[],
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let found = false;
    let pending = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`emulator not ready in ${timeoutMs} ms: ${stderr.join("").slice(-500)}`));
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        output.push(line);
        const url = found ? undefined : /ready at (http:\/\/[^\s]+)/.exec(line)?.[1];
        if (url) {
          found = true;
          clearTimeout(timer);
          resolve(url);
        }
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`emulator exited (${code}): ${stderr.join("").slice(-800)}`));
    });
  });
}
