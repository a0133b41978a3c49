import {
  LexRuntimeV2Client,
  RecognizeTextCommand,
  type RecognizeTextCommandOutput,
} from "@aws-sdk/client-lex-runtime-v2";
import { NodeHttpHandler } from "@smithy/node-http-handler";

export interface RecognizeTextInput {
  botId: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
  text: string;
  sessionAttributes?: Record<string, string>;
  requestAttributes: Record<string, string>;
}

/** The part of the Lex V2 runtime the bot block uses (a fake in unit tests, the SDK otherwise). */
export interface LexRuntime {
  recognizeText(
    input: RecognizeTextInput,
  ): Promise<Pick<RecognizeTextCommandOutput, "messages" | "sessionState" | "interpretations">>;
}

/** The real `@aws-sdk/client-lex-runtime-v2` against an endpoint (the emulator's own, for loopback). */
export function createSdkLexRuntime(endpoint: () => string, region: string): LexRuntime {
  let client: LexRuntimeV2Client | undefined;
  return {
    async recognizeText(input) {
      // The endpoint is known only once the emulator listens; HTTP/1.1 is enough on loopback.
      client ??= new LexRuntimeV2Client({
        endpoint: endpoint(),
        region,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
        requestHandler: new NodeHttpHandler(),
        maxAttempts: 1,
      });
      return client.send(
        new RecognizeTextCommand({
          botId: input.botId,
          botAliasId: input.botAliasId,
          localeId: input.localeId,
          sessionId: input.sessionId,
          text: input.text,
          requestAttributes: input.requestAttributes,
          sessionState: input.sessionAttributes ? { sessionAttributes: input.sessionAttributes } : undefined,
        }),
      );
    },
  };
}
