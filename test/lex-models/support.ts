import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LexModelsV2Client } from "@aws-sdk/client-lex-models-v2";
import { LexRuntimeV2Client } from "@aws-sdk/client-lex-runtime-v2";
import { type RunningEmulator, type StartEmulatorOptions, startEmulator } from "../../local/emulator.js";
import { trainNlu } from "../../local/lex/nlu/index.js";
import { createLexModelsService } from "../../local/lex-models/lex-models-service.js";
import type { ServiceFactory } from "../../local/services.js";

export const BOT_ID = "ORDERLINE1";
export const ALIAS_ID = "LIVEALIAS1";
const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** An emulator whose Models API reads a private copy of locales/ (tests edit it) and the given data dir. */
export async function startModelsEmulator(
  opts: { dataDir?: string; extra?: StartEmulatorOptions; webService?: ServiceFactory } = {},
): Promise<{
  emu: RunningEmulator;
  localesDir: string;
  models: LexModelsV2Client;
  runtime: LexRuntimeV2Client;
  cleanup: () => Promise<void>;
}> {
  const work = mkdtempSync(join(tmpdir(), "orderline-models-"));
  const localesDir = join(work, "locales");
  cpSync(join(import.meta.dirname, "..", "..", "locales"), localesDir, { recursive: true });
  const emu = await startEmulator({
    port: 0,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : { inMemory: true }),
    trainNlu,
    ...opts.extra,
    services: [
      (ctx) => createLexModelsService(ctx, { localesDir }),
      ...(opts.webService ? [opts.webService] : []),
    ],
  });
  const config = { endpoint: emu.url, region: "us-east-1", credentials };
  const models = new LexModelsV2Client(config);
  const runtime = new LexRuntimeV2Client(config);
  return {
    emu,
    localesDir,
    models,
    runtime,
    cleanup: async () => {
      models.destroy();
      runtime.destroy();
      await emu.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
