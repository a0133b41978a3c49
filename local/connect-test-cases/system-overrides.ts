import type { Message } from "@aws-sdk/client-lex-runtime-v2";
import type { SystemOverride } from "../../flows/src/testing-language.js";
import type { ConnectLambdaHandler, FlowEnvironment, QueueInfo } from "../connect/environment.js";
import type { RecognizeTextInput } from "../connect/lex-runtime.js";

/** Two resource references name the same thing: equal, or the same id (an ARN's last segment). */
export function sameResource(a: unknown, b: unknown): boolean {
  if (typeof a !== "string" || typeof b !== "string" || a === "" || b === "") return false;
  if (a === b) return true;
  const tail = (s: string) => s.split(/[/:]/).at(-1) ?? s;
  return tail(a) === tail(b);
}

/** `{LexV2Bot: {AliasArn}}` (or a bare `AliasArn`) names the bot alias with these ids. */
function namesBotAlias(params: Record<string, unknown>, botId: string, botAliasId: string): boolean {
  const nested = params.LexV2Bot as { AliasArn?: unknown } | undefined;
  const arn = nested?.AliasArn ?? params.AliasArn;
  return typeof arn === "string" && arn.endsWith(`/${botId}/${botAliasId}`);
}

function botAliasIds(arn: string): { botId: string; botAliasId: string } | undefined {
  const m = /bot-alias\/([A-Za-z0-9]+)\/([A-Za-z0-9]+)$/.exec(arn);
  return m ? { botId: m[1]!, botAliasId: m[2]! } : undefined;
}

/** A mocked failure surfaced as the flow sees it (the block takes its Error branch). */
export class MockedFlowError extends Error {
  constructor(readonly errorType: string) {
    super(`mocked ${errorType}`);
    this.name = errorType;
  }
}

export interface OverrideHooks {
  /** The flow action the contact is running now (its Type), to scope queue overrides to transfers. */
  currentActionType(): string | undefined;
  /** Simulated time a mock's DelaySeconds takes (counts toward the test timeout, never slept). */
  addVirtualDelay(seconds: number): void;
  /** Resolves a substituted resource ARN the base environment does not know (local only). */
  substituteQueue?(arn: string): QueueInfo | undefined;
  substituteHours?(arn: string): boolean | undefined;
}

/**
 * The flow environment of one test run: the base environment (real Lambdas and bot locally) with the
 * test's `OverrideSystemBehavior` actions applied. Overrides apply from the moment their action runs.
 */
export class OverridingEnvironment {
  readonly overrides: SystemOverride[] = [];

  constructor(
    private readonly base: FlowEnvironment,
    private readonly hooks: OverrideHooks,
  ) {}

  add(o: SystemOverride): void {
    // The latest override of the same resource wins.
    this.overrides.unshift(o);
  }

  /** Is the bot named by the current ConnectParticipantWithLexBot action mocked (it needs no real input)? */
  botMocked(aliasArn: string): boolean {
    const ids = botAliasIds(aliasArn);
    return (
      !!ids && !!this.find("ConnectParticipantWithLexBot", (p) => namesBotAlias(p, ids.botId, ids.botAliasId))
    );
  }

  private find(
    actionType: string,
    matches: (p: Record<string, unknown>) => boolean,
  ): SystemOverride | undefined {
    return this.overrides.find((o) => o.actionType === actionType && matches(o.actionParameters));
  }

  environment(): FlowEnvironment {
    const base = this.base;
    return {
      ...base,
      lambda: async (arn) => {
        const o = this.find("InvokeLambdaFunction", (p) => sameResource(p.LambdaFunctionARN, arn));
        if (!o) return base.lambda(arn);
        if (o.strategy.type === "SubstituteResource") return base.lambda(o.strategy.substituteArn);
        return this.mockLambda(o.strategy.response);
      },
      hoursOpen: (hoursRef, contact) => {
        const o = this.find("CheckHoursOfOperation", (p) => sameResource(p.HoursOfOperationId, hoursRef));
        if (!o) return base.hoursOpen(hoursRef, contact);
        if (o.strategy.type === "SubstituteResource") {
          const arn = o.strategy.substituteArn;
          return this.hooks.substituteHours?.(arn) ?? base.hoursOpen(arn, contact);
        }
        const r = o.strategy.response;
        // The hours block turns a failed lookup into its NoMatchingError branch.
        if (r.type === "Error") throw new MockedFlowError(r.value);
        return r.result.Value === "InHours";
      },
      queue: (ref) => {
        const type = this.hooks.currentActionType();
        if (type !== "TransferContactToQueue" && type !== "DequeueAndTransferToQueue") return base.queue(ref);
        const o = this.find(type, (p) => sameResource(p.QueueId, ref));
        if (!o) return base.queue(ref);
        if (o.strategy.type === "SubstituteResource") {
          const arn = o.strategy.substituteArn;
          return base.queue(arn) ?? this.hooks.substituteQueue?.(arn);
        }
        if (o.strategy.response.type === "Error" && o.strategy.response.value === "NoMatchingError")
          return undefined;
        return base.queue(ref);
      },
      queueAtCapacity: (queue) => {
        const type = this.hooks.currentActionType() ?? "TransferContactToQueue";
        const o = this.find(
          type,
          (p) => sameResource(p.QueueId, queue.arn) || sameResource(p.QueueId, queue.id),
        );
        if (o?.strategy.type === "MockResponse" && o.strategy.response.type === "Error")
          return o.strategy.response.value === "QueueAtCapacity";
        return base.queueAtCapacity(queue);
      },
      lex: {
        recognizeText: async (input: RecognizeTextInput) => {
          const o = this.find("ConnectParticipantWithLexBot", (p) =>
            namesBotAlias(p, input.botId, input.botAliasId),
          );
          if (!o) return base.lex.recognizeText(input);
          if (o.strategy.type === "SubstituteResource") {
            const ids = botAliasIds(o.strategy.substituteArn);
            if (!ids) throw new MockedFlowError("NoMatchingError");
            return base.lex.recognizeText({ ...input, ...ids });
          }
          const r = o.strategy.response;
          if (r.type === "Error") {
            this.hooks.addVirtualDelay(r.delaySeconds);
            throw new MockedFlowError(r.value);
          }
          this.hooks.addVirtualDelay(Number(r.result.DelaySeconds ?? 0) || 0);
          return mockedLexResponse(loadedData(r.result.LoadedData));
        },
      },
    };
  }

  private mockLambda(
    response: Extract<SystemOverride["strategy"], { type: "MockResponse" }>["response"],
  ): ConnectLambdaHandler {
    return async (_event, context) => {
      const delay =
        response.type === "Error" ? response.delaySeconds : Number(response.result.DelaySeconds ?? 0) || 0;
      this.hooks.addVirtualDelay(delay);
      const remaining = (
        context as { getRemainingTimeInMillis?: () => number } | undefined
      )?.getRemainingTimeInMillis?.();
      // A delay past the block's time limit times out, as the real function would.
      if (remaining !== undefined && delay * 1000 >= remaining)
        throw new MockedFlowError("TimeLimitExceeded");
      if (response.type === "Error") throw new MockedFlowError(response.value);
      return loadedData(response.result.LoadedData);
    };
  }
}

/** `LoadedData` is documented as serialized JSON; an object is accepted too. */
function loadedData(v: unknown): Record<string, unknown> {
  if (v === undefined) return {};
  if (typeof v === "string") return JSON.parse(v) as Record<string, unknown>;
  return v as Record<string, unknown>;
}

/**
 * A mocked bot turn. The LoadedData shape for Lex is undocumented; Orderline reads
 * `{IntentName, Slots?, SessionAttributes?, Messages?, IntentConfidence?}` and closes the dialog with it.
 */
function mockedLexResponse(data: Record<string, unknown>) {
  const slots = (data.Slots ?? {}) as Record<string, string>;
  const messages: Message[] = ((data.Messages ?? []) as string[]).map((content) => ({
    contentType: "PlainText",
    content,
  }));
  const score = data.IntentConfidence === undefined ? undefined : Number(data.IntentConfidence);
  return {
    messages,
    sessionState: {
      dialogAction: { type: "Close" as const },
      intent: {
        name: String(data.IntentName ?? "FallbackIntent"),
        state: "Fulfilled" as const,
        slots: Object.fromEntries(
          Object.entries(slots).map(([k, v]) => [k, { value: { interpretedValue: v, originalValue: v } }]),
        ),
      },
      sessionAttributes: (data.SessionAttributes ?? {}) as Record<string, string>,
    },
    interpretations: score === undefined ? undefined : [{ nluConfidence: { score } }],
  };
}
