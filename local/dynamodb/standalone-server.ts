import { startLocalServer } from "../server.js";
import { DynaliteBackend, operationOf } from "./dynamodb-service.js";
import { DynamoTransactions } from "./transactions.js";

/** A DynamoDB endpoint of its own: in-memory dynalite with the emulator's transactions, on a free port. */
export interface StandaloneDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the emulator's DynamoDB alone (no Lex, Connect or SNS), for tests that wire the fulfillment adapters to
 * a real endpoint: the same request path and the same server as the full emulator, TransactWriteItems included.
 */
export async function startStandaloneDynamoDb(): Promise<StandaloneDynamoDb> {
  const backend = new DynaliteBackend(null);
  await backend.start();
  const transactions = new DynamoTransactions(backend);
  const server = await startLocalServer("127.0.0.1", 0, {
    dispatch: (req) => transactions.handle(operationOf(req), req),
    upgrade: () => false,
    onError: () => undefined,
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    async stop() {
      await server.close();
      await backend.stop();
    },
  };
}
