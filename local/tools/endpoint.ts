import { DEFAULT_HOST, DEFAULT_PORT } from "../config.js";
import { type RunningEmulator, startEmulator } from "../emulator.js";

/** The one option and the one environment variable `npm run chat` and `npm run call` read the endpoint from. */
export const ENDPOINT_OPTION = "--endpoint";
export const ENDPOINT_ENV = "ORDERLINE_ENDPOINT";

/** The ids a tool needs from `GET /health`. */
export interface EmulatorHealth {
  bot: { botId: string; botAliasId: string };
}

/** Where a tool found its emulator. */
export interface ToolEndpoint {
  url: string;
  health: EmulatorHealth;
  /** Set when no emulator answered and the tool started its own (in memory); stop it on exit. */
  started?: RunningEmulator;
}

/**
 * The emulator URLs a tool tries, in order: `--endpoint` / `ORDERLINE_ENDPOINT` when given (then only it),
 * else `PORT`'s emulator, else the default port's.
 */
export function endpointCandidates(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { explicit: boolean; urls: string[] } {
  const given = explicit ?? env[ENDPOINT_ENV];
  if (given) return { explicit: true, urls: [given.replace(/\/+$/, "")] };
  const urls = [env.PORT, String(DEFAULT_PORT)]
    .filter((p): p is string => Boolean(p))
    .map((port) => `http://${DEFAULT_HOST}:${port}`);
  return { explicit: false, urls: [...new Set(urls)] };
}

/** `GET /health`, or undefined when nothing (or not an Orderline emulator) answers within a second. */
export async function fetchHealth(url: string): Promise<EmulatorHealth | undefined> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as Partial<EmulatorHealth>;
    return body.bot?.botId ? (body as EmulatorHealth) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finds the running emulator the console shows (so what a tool changes shows there too); starts one in memory
 * only when none answers and no endpoint was named. A named endpoint that does not answer is an error.
 */
export async function connectToEmulator(
  explicit: string | undefined,
  log: (line: string) => void = console.log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ToolEndpoint> {
  const { explicit: named, urls } = endpointCandidates(explicit, env);
  for (const url of urls) {
    const health = await fetchHealth(url);
    if (health) return { url, health };
  }
  if (named) {
    throw new Error(
      `No Orderline emulator answers at ${urls[0]} (${ENDPOINT_OPTION} / ${ENDPOINT_ENV}). Start one with: npm start`,
    );
  }
  log(
    `No emulator at ${urls.join(" or ")}; starting one in memory for this session (run \`npm start\` first to share one with the web console).`,
  );
  const started = await startEmulator({ port: 0, inMemory: true });
  return { url: started.url, health: started.health() as unknown as EmulatorHealth, started };
}

/** The exact commands that reach the emulator at `url` (no `--endpoint` on the default address). */
export function toolCommands(url: string): { chat: string; call: string } {
  const flag = url === `http://${DEFAULT_HOST}:${DEFAULT_PORT}` ? "" : ` ${ENDPOINT_OPTION} ${url}`;
  return {
    chat: `npm run chat --${flag} --locale ja_JP --caller +819012345678`,
    call: `npm run call --${flag} --from +819012345678`,
  };
}
