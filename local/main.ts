import { join } from "node:path";
import type * as Cli from "./cli.js";
import { FROM_SOURCE_FLAG, type LoadedEmulatorBundle, loadEmulatorBundle } from "./emulator-bundle.js";

/**
 * `npm start`. Runs local/cli.ts from a bundle of the emulator cached by a hash of its sources (rebuilt when one
 * changes), or straight from source with `--from-source` or when the bundle cannot be built.
 */
async function main(argv: string[]): Promise<void> {
  let bundle: LoadedEmulatorBundle<typeof Cli> | undefined;
  if (!argv.includes(FROM_SOURCE_FLAG)) {
    try {
      bundle = await loadEmulatorBundle<typeof Cli>({
        root: join(import.meta.dirname, ".."),
        entry: "local/cli.ts",
      });
    } catch (err) {
      console.warn(
        `[orderline] running from source: the emulator bundle failed (${err instanceof Error ? err.message : String(err)})`,
      );
    }
  }
  const cli = bundle?.exports ?? (await import("./cli.js"));
  try {
    await cli.runCli(argv);
  } catch (err) {
    cli.exitOnStartFailure(err);
  }
  bundle?.saveCodeCache();
}

void main(process.argv.slice(2));
