import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EMULATOR_BUNDLE_CACHE } from "../emulator-bundle.js";
import { isCurrent as launcherCompiled } from "../main.js";

/**
 * npm's `prepare` script (run by `npm install` and `npm ci` in this repository): starts the emulator once, like
 * `npm start`, in memory on a free port, so the bundle `npm start` runs from, V8's code cache of it and the compiled
 * launcher (local/start.mjs then loads no tsx) are built at install time instead of on the first start (about
 * 1.7 s instead of 0.5 s). Never fails the install: a start that does not come up only leaves the build to the
 * first `npm start`.
 */
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CACHE = join(REPO, EMULATOR_BUNDLE_CACHE);
const TIMEOUT_MS = 60_000;

/**
 * Both bundles the manifest names have their code cache (`.v8`, written just after the emulator is ready), and the
 * launcher is compiled (before it is ready).
 */
function prepared(): boolean {
  return codeCacheWritten() && launcherCompiled();
}

function codeCacheWritten(): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(CACHE, "manifest.json"), "utf8")) as {
      app: { file: string };
      packages: { file: string };
    };
    return [manifest.app.file, manifest.packages.file].every((f) =>
      existsSync(join(CACHE, f.replace(/\.cjs$/, ".v8"))),
    );
  } catch {
    return false;
  }
}

const child = spawn(process.execPath, ["local/start.mjs", "--in-memory", "--port", "0"], {
  cwd: REPO,
  stdio: ["ignore", "pipe", "ignore"],
  env: { ...process.env, PORT: "" },
});
const started = Date.now();
// The manifest is only current once the emulator is ready (a stale bundle is rebuilt first).
let ready = false;
child.stdout.on("data", (chunk: Buffer) => {
  ready ||= chunk.toString().includes("ready at");
});
const timer = setInterval(() => {
  const done = ready && prepared();
  if (!done && Date.now() - started < TIMEOUT_MS && child.exitCode === null) return;
  clearInterval(timer);
  child.kill("SIGTERM");
  console.log(
    done
      ? `orderline: emulator bundle ready for npm start (${Date.now() - started} ms)`
      : "orderline: the emulator bundle was not prepared; the first npm start builds it",
  );
}, 50);
