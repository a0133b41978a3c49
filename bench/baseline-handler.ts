import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";

/** The yardstick for cold init: only the DynamoDB client and one GetItem. */
const client = new DynamoDBClient({});

export async function handler(event: { orderId: string }) {
  const out = await client.send(
    new GetItemCommand({
      TableName: process.env.ORDERS_TABLE ?? "Orders",
      Key: { orderId: { S: event.orderId } },
    }),
  );
  return { found: String(Boolean(out.Item)) };
}
