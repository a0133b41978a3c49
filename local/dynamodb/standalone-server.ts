import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalRequest } from "../service.js";
import { DynaliteBackend, operationOf } from "./dynamodb-service.js";
import { DynamoTransactions } from "./transactions.js";

/** A DynamoDB endpoint of its own: in-memory dynalite with the emulator's transactions, on a free port. */
export interface StandaloneDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts the emulator's DynamoDB alone (no Lex, Connect or SNS), for tests that wire the fulfillment adapters to
 * a real endpoint: the same request path as the full emulator, TransactWriteItems included.
 */
export async function startStandaloneDynamoDb(): Promise<StandaloneDynamoDb> {
  const backend = new DynaliteBackend(null);
  await backend.start();
  const transactions = new DynamoTransactions(backend);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      const local: LocalRequest = {
        method: req.method ?? "POST",
        path: "/",
        query: new URLSearchParams(),
        headers,
        body: Buffer.concat(chunks),
      };
      transactions.handle(operationOf(local), local).then(
        (out) => {
          res.writeHead(out.status, out.headers);
          res.end(out.body);
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "application/x-amz-json-1.0" });
          res.end(JSON.stringify({ __type: "InternalServerError", message: String(error) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.stop();
    },
  };
}
