import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConnectCallbackScheduler } from "./adapters/connect-callback-scheduler.js";
import { DynamoCallbackLog } from "./adapters/dynamo-callback-log.js";
import { DynamoOrderStore } from "./adapters/dynamo-order-store.js";
import { SnsSmsSender } from "./adapters/sns-sms-sender.js";
import { callbacksTableName, ordersTableName } from "./adapters/table-schema.js";
import type { Dependencies } from "./ports.js";

// A caller waits on every turn: fail fast and let the dialog offer an agent instead of hanging.
const clientConfig = { maxAttempts: 2, requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 } };

/** Real AWS adapters from the environment (`AWS_ENDPOINT_URL` points them at the local emulator). */
export function createAwsDependencies(env: NodeJS.ProcessEnv = process.env): Dependencies {
  const dynamo = new DynamoDBClient(clientConfig);
  return {
    orders: new DynamoOrderStore(dynamo, ordersTableName(env)),
    callbackLog: new DynamoCallbackLog(dynamo, callbacksTableName(env)),
    sms: new SnsSmsSender(
      lazy(async () => new (await import("@aws-sdk/client-sns")).SNSClient(clientConfig)),
    ),
    callbacks: new ConnectCallbackScheduler(
      lazy(async () => new (await import("@aws-sdk/client-connect")).ConnectClient(clientConfig)),
      env.CONNECT_INSTANCE_ID ?? "",
      env.CALLBACK_FLOW_ID ?? "",
    ),
    now: () => new Date(),
  };
}

function lazy<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create();
    return value;
  };
}
