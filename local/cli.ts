import { CLI_USAGE, parseCliArgs } from "./config.js";
import { startEmulator } from "./emulator.js";
import { resetDemo } from "./seed/reset-demo.js";
import { toolCommands } from "./tools/endpoint.js";

/** `npm start` (argv: the flags after `--`): the whole bot on one local AWS endpoint, until SIGINT / SIGTERM. */
export async function runCli(argv: string[]): Promise<void> {
  // The name and value the locked @aws-sdk/core reads (it warns about Node 20 otherwise).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";
  let opts: ReturnType<typeof parseCliArgs>;
  try {
    opts = parseCliArgs(argv);
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
  let reset = "";
  if (opts.reset) {
    const { removed, restored } = await resetDemo(emulator.ctx);
    reset = ` Demo data reset: ${removed} orders removed, ${restored} demo orders restored.`;
  }
  const url = emulator.url;
  const tools = toolCommands(url);
  console.log(
    [
      `Orderline emulator ready at ${url} in ${Math.round(performance.now())} ms (bot ${botId}, alias ${botAliasId}; data ${where}).${reset}`,
      `  Web console  ${url}/`,
      `  Chat         ${tools.chat}`,
      `  Phone call   ${tools.call}`,
      `  Reset demo   npm start -- --reset, or curl -X POST ${url}/_local/reset`,
      `  AWS SDK      AWS_ENDPOINT_URL=${url} (any credentials, region us-east-1) · curl ${url}/health`,
    ].join("\n"),
  );
  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

/** Prints a start-up failure and exits non-zero. */
export function exitOnStartFailure(err: unknown): never {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "EADDRINUSE") console.error(`Port in use: ${e.message}. Pick another with --port N.`);
  else console.error(err);
  process.exit(1);
}
