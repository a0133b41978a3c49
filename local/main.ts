import { CLI_USAGE, parseCliArgs } from "./config.js";
import { startEmulator } from "./emulator.js";

/** `npm start`: the whole bot on one local AWS endpoint. */
async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  let opts: ReturnType<typeof parseCliArgs>;
  try {
    opts = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${CLI_USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log(CLI_USAGE);
    return;
  }
  const emulator = await startEmulator(opts);
  const { botId, botAliasId } = emulator.ctx.bot;
  const where = opts.inMemory ? "in memory" : emulator.ctx.dataDir;
  console.log(
    `Orderline emulator ready at ${emulator.url} in ${emulator.startupMs} ms (bot ${botId}, alias ${botAliasId}; data ${where}). ` +
      `Web console: open ${emulator.url}/ · Try: npm run chat -- --locale ja_JP --caller +819012345678 · curl ${emulator.url}/health · AWS_ENDPOINT_URL=${emulator.url}`,
  );
  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") console.error(`Port in use: ${e.message}. Pick another with --port N.`);
  else console.error(err);
  process.exit(1);
});
