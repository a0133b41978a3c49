import { ConnectClient } from "@aws-sdk/client-connect";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LexRuntimeV2Client } from "@aws-sdk/client-lex-runtime-v2";
import { SNSClient } from "@aws-sdk/client-sns";
import { NodeHttpHandler } from "@smithy/node-http-handler";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };

/** Real SDK clients pointed at an emulator (Lex with its default HTTP/2 handler, and over HTTP/1.1). */
export function clientsFor(url: string) {
  const base = { endpoint: url, region: "us-east-1", credentials, maxAttempts: 1 };
  return {
    lex: new LexRuntimeV2Client(base),
    lexH1: new LexRuntimeV2Client({ ...base, requestHandler: new NodeHttpHandler() }),
    dynamo: new DynamoDBClient(base),
    sns: new SNSClient(base),
    connect: new ConnectClient(base),
    destroy() {
      for (const c of [this.lex, this.lexH1, this.dynamo, this.sns, this.connect]) c.destroy();
    },
  };
}

/** A session id no other test uses. */
export function sessionId(tag: string): string {
  return `${tag}-${crypto.randomUUID()}`;
}
