/**
 * Where AWS behaviour is undocumented or depends on the deployment, the emulator can play each way; these
 * switches choose. Every one is listed, with the doc page it follows, in local/FIDELITY.md.
 */

/** How Connect's "Get customer input" (Lex) block treats an intent the bot closed as `Failed`. */
export type FailedCloseBranch = "intent" | "error";

export interface FidelityOptions {
  /**
   * IANA zone in which the emulated Lex resolves AMAZON.Date / AMAZON.Time: Lex uses the AWS Region's zone,
   * not the caller's or the shop's. @default the zone of the emulated Region (us-east-1 → America/New_York)
   */
  lexTimeZone?: string;
  /**
   * The emulator's clock starts at this instant and runs on from there (Lex, Connect and the in-process
   * Lambdas all read it). @default the real clock
   */
  startAt?: Date;
  /**
   * Connect sends a `Failed` close to the intent's branch (`intent`) or to the Error branch (`error`);
   * undocumented. @default "intent"
   */
  failedCloseBranch?: FailedCloseBranch;
  /**
   * Lex session attributes survive from one bot block to the next. Reported not to by default in Connect (a
   * maintainer of aws-lex-web-ui); the flow passes what the bot needs. @default false
   */
  keepSessionAttributesAcrossBotBlocks?: boolean;
  /**
   * Eight keyed digits (YYYYMMDD) fill AMAZON.Date. Not documented for Lex; the code hook reads keyed dates
   * itself. @default false
   */
  keypadDates?: boolean;
  /**
   * Keys 1 / 2 answer a Lex confirmation prompt yes / no inside the emulated Lex. Not documented for Lex; the
   * code hook reads keyed answers itself (the confirmation's elicitation code hook). @default false
   */
  keypadConfirmation?: boolean;
}

/** The resolved switches the services read. */
export interface Fidelity {
  lexTimeZone: string;
  now: () => Date;
  failedCloseBranch: FailedCloseBranch;
  keepSessionAttributesAcrossBotBlocks: boolean;
  keypadDates: boolean;
  keypadConfirmation: boolean;
  /** The options as given, for `GET /health`. */
  describe(): Record<string, string | boolean>;
}

/** The time zone Lex resolves relative dates in, per Region where Lex V2 runs. */
export const REGION_TIME_ZONES: Readonly<Record<string, string>> = {
  "us-east-1": "America/New_York",
  "us-west-2": "America/Los_Angeles",
  "ca-central-1": "America/Toronto",
  "eu-west-1": "Europe/Dublin",
  "eu-west-2": "Europe/London",
  "eu-central-1": "Europe/Berlin",
  "af-south-1": "Africa/Johannesburg",
  "ap-northeast-1": "Asia/Tokyo",
  "ap-northeast-2": "Asia/Seoul",
  "ap-southeast-1": "Asia/Singapore",
  "ap-southeast-2": "Australia/Sydney",
};

/** The zone of an AWS Region (UTC for one not listed). */
export function regionTimeZone(region: string): string {
  return REGION_TIME_ZONES[region] ?? "UTC";
}

/** A clock that starts at `startAt` (when given) and runs at real speed from the moment it is made. */
export function clockFrom(startAt: Date | undefined): () => Date {
  if (!startAt) return () => new Date();
  if (Number.isNaN(startAt.getTime())) throw new Error("The emulator's start instant is not a date");
  const offset = startAt.getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/** Resolves the switches for an emulator in `region`. */
export function resolveFidelity(region: string, options: FidelityOptions = {}): Fidelity {
  const lexTimeZone = options.lexTimeZone ?? regionTimeZone(region);
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: lexTimeZone });
  } catch {
    throw new Error(`Not an IANA time zone: ${lexTimeZone}`);
  }
  const resolved = {
    lexTimeZone,
    now: clockFrom(options.startAt),
    failedCloseBranch: options.failedCloseBranch ?? "intent",
    keepSessionAttributesAcrossBotBlocks: options.keepSessionAttributesAcrossBotBlocks ?? false,
    keypadDates: options.keypadDates ?? false,
    keypadConfirmation: options.keypadConfirmation ?? false,
  };
  return {
    ...resolved,
    describe: () => ({
      lexTimeZone,
      ...(options.startAt ? { startAt: options.startAt.toISOString() } : {}),
      failedCloseBranch: resolved.failedCloseBranch,
      keepSessionAttributesAcrossBotBlocks: resolved.keepSessionAttributesAcrossBotBlocks,
      keypadDates: resolved.keypadDates,
      keypadConfirmation: resolved.keypadConfirmation,
    }),
  };
}

/** Reads `--now ISO` (with an offset, or UTC). */
export function parseStartAt(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new Error(`--now needs an ISO instant, e.g. 2026-11-27T08:00:00+09:00: ${value}`);
  return d;
}

/** Reads `--failed-close intent|error`. */
export function parseFailedCloseBranch(value: string): FailedCloseBranch {
  if (value !== "intent" && value !== "error") throw new Error(`--failed-close is intent or error: ${value}`);
  return value;
}
