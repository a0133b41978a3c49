import {
  type AttributeValue,
  type ConditionCheck,
  type Delete,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  type DeleteItemCommandOutput,
  type DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  type GetItemCommandOutput,
  type Put,
  PutItemCommand,
  type PutItemCommandInput,
  type PutItemCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  type TransactWriteItemsCommandOutput,
  type Update,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from "@aws-sdk/client-dynamodb";
import { marshall, type NativeAttributeValue, unmarshall } from "@aws-sdk/util-dynamodb";
import { DependencyError } from "../errors.js";

/** Whether DynamoDB refused a write's ConditionExpression (a decision for the caller, not a failure). */
export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === "ConditionalCheckFailedException";
}

/** Attribute values as plain JavaScript (strings, numbers, lists, maps, sets), as the adapters write them. */
export type NativeItem = Record<string, NativeAttributeValue>;
/** An item as read back: plain JavaScript, to be read defensively. */
export type ReadItem = Record<string, unknown>;

type OptionalKeys<T> = { [P in keyof T]-?: Partial<Pick<T, P>> extends Pick<T, P> ? P : never }[keyof T];
/** `T` with its attribute-value fields `K` as plain JavaScript (the shape the document client took). */
type Native<T, K extends keyof T> = Omit<T, K> & { [P in Exclude<K, OptionalKeys<T>>]: NativeItem } & {
  [P in Extract<K, OptionalKeys<T>>]?: NativeItem;
};

// The legacy parameters (Expected, AttributeUpdates, KeyConditions, QueryFilter) are left out: not used, and their
// attribute values would not be marshalled here.
export type GetInput = Native<GetItemCommandInput, "Key">;
export type PutInput = Native<Omit<PutItemCommandInput, "Expected">, "Item" | "ExpressionAttributeValues">;
export type UpdateInput = Native<
  Omit<UpdateItemCommandInput, "Expected" | "AttributeUpdates">,
  "Key" | "ExpressionAttributeValues"
>;
export type DeleteInput = Native<
  Omit<DeleteItemCommandInput, "Expected">,
  "Key" | "ExpressionAttributeValues"
>;
export type QueryInput = Native<
  Omit<QueryCommandInput, "KeyConditions" | "QueryFilter">,
  "ExpressionAttributeValues" | "ExclusiveStartKey"
>;

/** What a read or write returns, with its items as plain JavaScript. */
export type GetOutput = Omit<GetItemCommandOutput, "Item"> & { Item?: ReadItem };
export type PutOutput = Omit<PutItemCommandOutput, "Attributes"> & { Attributes?: ReadItem };
export type UpdateOutput = Omit<UpdateItemCommandOutput, "Attributes"> & { Attributes?: ReadItem };
export type DeleteOutput = Omit<DeleteItemCommandOutput, "Attributes"> & { Attributes?: ReadItem };
export type QueryOutput = Omit<QueryCommandOutput, "Items" | "LastEvaluatedKey"> & {
  Items?: ReadItem[];
  LastEvaluatedKey?: ReadItem;
};

/** One action of a TransactWriteItems, with plain JavaScript keys, items and values. */
export interface TransactItem {
  ConditionCheck?: Native<ConditionCheck, "Key" | "ExpressionAttributeValues">;
  Put?: Native<Put, "Item" | "ExpressionAttributeValues">;
  Delete?: Native<Delete, "Key" | "ExpressionAttributeValues">;
  Update?: Native<Update, "Key" | "ExpressionAttributeValues">;
}

// As the adapters' document client was configured: attributes set to undefined are left out of the item.
const MARSHALL = { removeUndefinedValues: true } as const;

/** Plain JavaScript to attribute values (undefined stays undefined, so the field stays out of the request). */
function toWire(value: NativeItem): Record<string, AttributeValue>;
function toWire(value: NativeItem | undefined): Record<string, AttributeValue> | undefined;
function toWire(value: NativeItem | undefined): Record<string, AttributeValue> | undefined {
  return value === undefined ? undefined : marshall(value, MARSHALL);
}

function fromWire(value: Record<string, AttributeValue> | undefined): ReadItem | undefined {
  return value === undefined ? undefined : unmarshall(value);
}

/** One transaction action with its key, item and values as attribute values. */
function transactAction({ ConditionCheck: check, Put: put, Delete: del, Update: update }: TransactItem) {
  return {
    ConditionCheck: check && {
      ...check,
      Key: toWire(check.Key),
      ExpressionAttributeValues: toWire(check.ExpressionAttributeValues),
    },
    Put: put && {
      ...put,
      Item: toWire(put.Item),
      ExpressionAttributeValues: toWire(put.ExpressionAttributeValues),
    },
    Delete: del && {
      ...del,
      Key: toWire(del.Key),
      ExpressionAttributeValues: toWire(del.ExpressionAttributeValues),
    },
    Update: update && {
      ...update,
      Key: toWire(update.Key),
      ExpressionAttributeValues: toWire(update.ExpressionAttributeValues),
    },
  };
}

/**
 * The DynamoDB calls the adapters make, over the plain client's commands: they take and return plain JavaScript
 * items and values, marshalled here (`@aws-sdk/util-dynamodb`) exactly as the document client
 * (`@aws-sdk/lib-dynamodb`) marshalled them. Unlike the document client's commands, these work with the
 * client's `cacheMiddleware` (the middleware stack resolved once per command class, not on every call).
 * Exceptions are left as DynamoDB sent them (a cancellation's reasons carry wire-format items: `reasonItem`).
 */
export class DynamoDocuments {
  constructor(private readonly client: DynamoDBClient) {}

  async get(input: GetInput): Promise<GetOutput> {
    const out = await this.client.send(new GetItemCommand({ ...input, Key: toWire(input.Key) }));
    return { ...out, Item: fromWire(out.Item) };
  }

  async put(input: PutInput): Promise<PutOutput> {
    const out = await this.client.send(
      new PutItemCommand({
        ...input,
        Item: toWire(input.Item),
        ExpressionAttributeValues: toWire(input.ExpressionAttributeValues),
      }),
    );
    return { ...out, Attributes: fromWire(out.Attributes) };
  }

  async update(input: UpdateInput): Promise<UpdateOutput> {
    const out = await this.client.send(
      new UpdateItemCommand({
        ...input,
        Key: toWire(input.Key),
        ExpressionAttributeValues: toWire(input.ExpressionAttributeValues),
      }),
    );
    return { ...out, Attributes: fromWire(out.Attributes) };
  }

  async delete(input: DeleteInput): Promise<DeleteOutput> {
    const out = await this.client.send(
      new DeleteItemCommand({
        ...input,
        Key: toWire(input.Key),
        ExpressionAttributeValues: toWire(input.ExpressionAttributeValues),
      }),
    );
    return { ...out, Attributes: fromWire(out.Attributes) };
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const out = await this.client.send(
      new QueryCommand({
        ...input,
        ExpressionAttributeValues: toWire(input.ExpressionAttributeValues),
        ExclusiveStartKey: toWire(input.ExclusiveStartKey),
      }),
    );
    return {
      ...out,
      Items: out.Items?.map((item) => unmarshall(item)),
      LastEvaluatedKey: fromWire(out.LastEvaluatedKey),
    };
  }

  async transactWrite(
    input: Omit<TransactWriteItemsCommandInput, "TransactItems"> & { TransactItems: TransactItem[] },
  ): Promise<TransactWriteItemsCommandOutput> {
    return this.client.send(
      new TransactWriteItemsCommand({ ...input, TransactItems: input.TransactItems.map(transactAction) }),
    );
  }
}

/** One action's answer in a cancelled transaction: `None`, or why it failed (the item as it is, if asked for). */
export interface CancellationReason {
  Code?: string;
  Item?: Record<string, AttributeValue>;
}

/**
 * The reasons of a transaction DynamoDB cancelled only because conditions were not met (one per action, in
 * order), else undefined: any other cause (a conflict, throttling, a validation error) is a failure.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
 */
export function conditionCancellation(error: unknown): CancellationReason[] | undefined {
  if ((error as Error)?.name !== "TransactionCanceledException") return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  if (!Array.isArray(reasons)) return undefined;
  const onlyConditions = reasons.every((r) => r.Code === "None" || r.Code === "ConditionalCheckFailed");
  return onlyConditions && reasons.some((r) => r.Code === "ConditionalCheckFailed") ? reasons : undefined;
}

/** Whether a transaction action's condition failed. */
export function conditionFailed(reason: CancellationReason | undefined): boolean {
  return reason?.Code === "ConditionalCheckFailed";
}

/** A cancellation reason's item: exception fields stay in DynamoDB's wire format. */
export function reasonItem(reason: CancellationReason | undefined): Record<string, unknown> {
  return reason?.Item ? unmarshall(reason.Item) : {};
}

/** One DynamoDB table, the common plumbing of Orderline's adapters. */
export abstract class DynamoTable {
  protected readonly doc: DynamoDocuments;

  constructor(
    client: DynamoDBClient,
    protected readonly tableName: string,
  ) {
    this.doc = new DynamoDocuments(client);
  }

  /**
   * Runs one request: an AWS failure becomes `DependencyError`; a refused condition (or a transaction cancelled
   * by refused conditions) is rethrown as it is.
   */
  protected async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isConditionFailure(error) || conditionCancellation(error)) throw error;
      throw new DependencyError("dynamodb", error);
    }
  }
}
