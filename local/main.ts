import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type * as Cli from "./cli.js";
import {
  FROM_SOURCE_FLAG,
  isLauncherCurrent,
  type LoadedEmulatorBundle,
  loadEmulatorBundle,
  updateLauncher,
} from "./emulator-bundle.js";

const ROOT = join(import.meta.dirname, "..");

/** This file and what it imports, compiled for local/start.mjs (`npm start`), which then loads no tsx. */
const LAUNCHER = { root: ROOT, entry: "local/main.ts" };

/**
 * `npm start` (through local/start.mjs). Runs local/cli.ts from a bundle of the emulator cached by a hash of its
 * sources (rebuilt when one changes), or straight from source with `--from-source` or when the bundle cannot be
 * built. When it runs from source, it first compiles this file for the next start (updateLauncher).
 */
export async function main(argv: string[]): Promise<void> {
  const fromSource = argv.includes(FROM_SOURCE_FLAG);
  // Compiled while the bundle loads (esbuild works in its own process) and done before the emulator is ready, so
  // even a run stopped as soon as it is ready leaves the next start a current launcher. A launcher that fails to
  // compile only leaves the next start to tsx again.
  const launcher = fromSource ? undefined : updateLauncher(LAUNCHER).catch(() => false);
  let bundle: LoadedEmulatorBundle<typeof Cli> | undefined;
  if (!fromSource) {
    try {
      bundle = await loadEmulatorBundle<typeof Cli>({ root: ROOT, entry: "local/cli.ts" });
    } catch (err) {
      console.warn(
        `[orderline] running from source: the emulator bundle failed (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  const cli = bundle?.exports ?? (await importFromSource());
  await launcher;
  try {
    await cli.runCli(argv);
  } catch (err) {
    cli.exitOnStartFailure(err);
  }
  bundle?.saveCodeCache();
}

/** The compiled launcher was compiled from the sources as they are now: local/start.mjs asks before it runs it. */
export function isCurrent(): boolean {
  return isLauncherCurrent(LAUNCHER);
}

/** local/cli.ts through tsx, which the compiled launcher (whose bundle just failed) has not loaded yet. */
async function importFromSource(): Promise<typeof Cli> {
  // What `node --import tsx` imports: the same module, so nothing more, when tsx is loaded already.
  // @ts-expect-error tsx's main export is its loader, which declares no types
  await import("tsx");
  return (await import(pathToFileURL(join(import.meta.dirname, "cli.ts")).href)) as typeof Cli;
}

// `node --import tsx local/main.ts` (how npm start ran before local/start.mjs) still starts the emulator.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void main(process.argv.slice(2));
}
