import { createHash, randomUUID } from "node:crypto";
import dynaliteDb, { type DynaliteError } from "dynalite/db/index.js";
import deleteItemRules from "dynalite/validations/deleteItem.js";
import getItemRules from "dynalite/validations/getItem.js";
import validations, { type ActionValidation } from "dynalite/validations/index.js";
import putItemRules from "dynalite/validations/putItem.js";
import updateItemRules from "dynalite/validations/updateItem.js";
import { json, type LocalRequest, type LocalResponse } from "../service.js";
import { ItemLocks } from "./item-locks.js";

/**
 * DynamoDB transactions for the emulator (dynalite has none), after the API reference:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html and
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactGetItems.html.
 *
 * A TransactWriteItems holds every item it names (ItemLocks; single-item requests on them wait), reads each
 * item's current image, checks every action's condition against it with dynalite's own condition code, and only
 * when all hold writes them one by one through dynalite's PutItem / UpdateItem / DeleteItem. A write that still
 * fails (e.g. a type error found only while updating) puts the images read back and cancels the transaction.
 * So nothing of a cancelled transaction is ever visible, to a GetItem, a Query or a Scan. Not modelled: the 4 MB
 * aggregate size, conflicts with in-flight BatchWriteItem requests (they do not wait for the locks), and
 * TransactionConflictException (a conflicting request waits instead of failing).
 */
export class DynamoTransactions {
  private readonly locks = new ItemLocks();
  private readonly tables = new Map<string, Promise<TableDescription | null>>();
  private readonly tokens = new Map<string, { fingerprint: string; at: number }>();

  constructor(
    private readonly backend: DynamoBackend,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Answers one DynamoDB request: transactions here, single-item requests after the locks, the rest as is. */
  async handle(operation: string, req: LocalRequest): Promise<LocalResponse> {
    switch (operation) {
      case "TransactWriteItems":
        return this.transactWrite(req);
      case "TransactGetItems":
        return this.transactGet(req);
      case "GetItem":
      case "PutItem":
      case "UpdateItem":
      case "DeleteItem":
        return this.singleItem(operation, req);
      case "CreateTable":
      case "DeleteTable":
      case "UpdateTable":
        this.tables.clear();
        return this.backend.handle(req);
      default:
        return this.backend.handle(req);
    }
  }

  /** A single-item request waits while a transaction holds its item (and holds it while dynalite runs it). */
  private async singleItem(operation: string, req: LocalRequest): Promise<LocalResponse> {
    const data = parseBody(req);
    const tableName = data?.TableName;
    const source = operation === "PutItem" ? data?.Item : data?.Key;
    const table = typeof tableName === "string" ? await this.describe(tableName) : null;
    const key = table && isObject(source) ? lockKeyOf(tableName as string, source, table) : undefined;
    // Malformed or for an unknown table: dynalite answers it with the right error.
    if (!key) return this.backend.handle(req);
    const release = await this.locks.acquire([key]);
    try {
      return await this.backend.handle(req);
    } finally {
      release();
    }
  }

  private async transactWrite(req: LocalRequest): Promise<LocalResponse> {
    const input = parseBody(req);
    if (!input) return serializationError();
    const parsed = await this.parseActions(input.TransactItems, WRITE_ACTIONS);
    if ("response" in parsed) return parsed.response;
    const { actions } = parsed;
    const token = typeof input.ClientRequestToken === "string" ? input.ClientRequestToken : undefined;
    if (token !== undefined && (token.length < 1 || token.length > 36)) {
      return validationError(
        "1 validation error detected: Value at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36",
      );
    }
    const fingerprint = token ? fingerprintOf(input) : "";
    const release = await this.locks.acquire([
      ...actions.map((a) => a.lockKey),
      ...(token ? [`token\u0000${token}`] : []),
    ]);
    try {
      if (token) {
        this.forgetExpiredTokens();
        const seen = this.tokens.get(token);
        // Same token within 10 minutes: success without applying again; other parameters: refused.
        if (seen && seen.fingerprint !== fingerprint) {
          return awsError(
            "IdempotentParameterMismatchException",
            "The request uses the same client token as a previous, but non-identical request.",
            "Message",
          );
        }
        if (seen) return written(input, actions);
      }
      const before = await Promise.all(
        actions.map((a) =>
          this.backend
            .call<{ Item?: AttributeMap }>("GetItem", {
              TableName: a.tableName,
              Key: a.key,
              ConsistentRead: true,
            })
            .then((out) => out.Item),
        ),
      );
      const reasons = actions.map((a, i) => conditionReason(a, before[i]));
      if (reasons.some((r) => r.Code !== "None")) return cancelled(reasons);
      const applied: number[] = [];
      for (const [i, a] of actions.entries()) {
        if (a.kind !== "Put" && a.kind !== "Update" && a.kind !== "Delete") continue;
        try {
          await this.backend.call(WRITE_OPERATION[a.kind], writeInput(a));
          applied.push(i);
        } catch (error) {
          await this.restore(actions, before, applied);
          return cancelled(
            actions.map((_, j) =>
              j === i ? { Code: reasonCode(error), Message: messageOf(error) } : { Code: "None" },
            ),
          );
        }
      }
      if (token) this.tokens.set(token, { fingerprint, at: this.clock() });
      return written(input, actions);
    } finally {
      release();
    }
  }

  private async transactGet(req: LocalRequest): Promise<LocalResponse> {
    const input = parseBody(req);
    if (!input) return serializationError();
    const parsed = await this.parseActions(input.TransactItems, ["Get"]);
    if ("response" in parsed) return parsed.response;
    const release = await this.locks.acquire(parsed.actions.map((a) => a.lockKey));
    try {
      const items = await Promise.all(
        parsed.actions.map((a) =>
          this.backend.call<{ Item?: AttributeMap }>("GetItem", {
            TableName: a.tableName,
            Key: a.key,
            ConsistentRead: true,
            ProjectionExpression: a.input.ProjectionExpression,
            ExpressionAttributeNames: a.input.ExpressionAttributeNames,
          }),
        ),
      );
      return reply(200, { Responses: items.map((out) => (out.Item ? { Item: out.Item } : {})) });
    } finally {
      release();
    }
  }

  /** Checks the action list as DynamoDB does before touching any item; the first problem is the answer. */
  private async parseActions(
    list: unknown,
    kinds: readonly ActionKind[],
  ): Promise<{ actions: Action[] } | { response: LocalResponse }> {
    if (!Array.isArray(list)) {
      return {
        response: validationError(
          "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
        ),
      };
    }
    if (list.length < 1 || list.length > MAX_ACTIONS) {
      const bound = list.length < 1 ? "greater than or equal to 1" : `less than or equal to ${MAX_ACTIONS}`;
      return {
        response: validationError(
          `1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length ${bound}`,
        ),
      };
    }
    const actions: Action[] = [];
    for (const entry of list) {
      const present = kinds.filter((k) => isObject(entry) && entry[k] != null);
      if (present.length !== 1) {
        const names = kinds.map((k) => (k === "ConditionCheck" ? "Check" : k)).join(", ");
        return { response: validationError(`TransactItems can only contain one of ${names}`) };
      }
      const kind = present[0]!;
      const action = (entry as AttributeMap)[kind] as AttributeMap;
      const tableName = action.TableName;
      const table = typeof tableName === "string" ? await this.describe(tableName) : null;
      if (!table) {
        return { response: awsError("ResourceNotFoundException", "Requested resource not found", "message") };
      }
      try {
        actions.push(checkAction(kind, action, tableName as string, table));
      } catch (error) {
        if (isDynaliteError(error)) return { response: reply(error.statusCode, error.body) };
        throw error;
      }
    }
    if (new Set(actions.map((a) => a.lockKey)).size !== actions.length) {
      return {
        response: validationError("Transaction request cannot include multiple operations on one item"),
      };
    }
    return { actions };
  }

  /** Puts back the images read before the transaction, newest write first (a missing item is deleted again). */
  private async restore(actions: Action[], before: (AttributeMap | undefined)[], applied: number[]) {
    for (const i of [...applied].reverse()) {
      const a = actions[i]!;
      const image = before[i];
      await (image
        ? this.backend.call("PutItem", { TableName: a.tableName, Item: image })
        : this.backend.call("DeleteItem", { TableName: a.tableName, Key: a.key }));
    }
  }

  /** Tokens are kept in the order they were written (a Map's order), so the expired ones are all at the front. */
  private forgetExpiredTokens(): void {
    const oldest = this.clock() - TOKEN_TTL_MS;
    for (const [token, seen] of this.tokens) {
      if (seen.at >= oldest) break;
      this.tokens.delete(token);
    }
  }

  /** DescribeTable's `Table`, cached per name (dropped whenever a table is created, deleted or updated). */
  private describe(tableName: string): Promise<TableDescription | null> {
    let table = this.tables.get(tableName);
    if (!table) {
      table = this.backend
        .call<{ Table?: TableDescription }>("DescribeTable", { TableName: tableName })
        .then((out) => out.Table ?? null)
        .catch(() => null);
      this.tables.set(tableName, table);
      // A table that is not there yet may be created behind our back (the emulator's own setup): ask again.
      void table.then((t) => {
        if (!t && this.tables.get(tableName) === table) this.tables.delete(tableName);
      });
    }
    return table;
  }
}

/** What DynamoTransactions needs of dynalite: the raw request path and an in-process call. */
export interface DynamoBackend {
  handle(req: LocalRequest): Promise<LocalResponse>;
  call<T = Record<string, unknown>>(operation: string, input: unknown): Promise<T>;
}

type AttributeMap = Record<string, unknown>;
type TableDescription = Record<string, unknown>;
type ActionKind = "Put" | "Update" | "Delete" | "ConditionCheck" | "Get";

interface Action {
  kind: ActionKind;
  /** The action as sent. */
  input: AttributeMap;
  /** The action as dynalite parsed it (its condition ready to evaluate). */
  parsed: AttributeMap;
  tableName: string;
  key: AttributeMap;
  lockKey: string;
}

interface CancellationReason {
  Code: string;
  Message?: string;
  Item?: AttributeMap;
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html: up to 100 actions.
const MAX_ACTIONS = 100;
// A client request token is valid for 10 minutes after the first request that used it completed.
const TOKEN_TTL_MS = 10 * 60_000;
const WRITE_ACTIONS: readonly ActionKind[] = ["ConditionCheck", "Put", "Delete", "Update"];
const WRITE_OPERATION: Record<"Put" | "Update" | "Delete", string> = {
  Put: "PutItem",
  Update: "UpdateItem",
  Delete: "DeleteItem",
};
// The single-item request each action is validated as (a ConditionCheck has a DeleteItem's members).
const RULES: Record<ActionKind, ActionValidation> = {
  Put: putItemRules,
  Update: updateItemRules,
  Delete: deleteItemRules,
  ConditionCheck: deleteItemRules,
  Get: getItemRules,
};
// dynalite's PutItem validation reads the size limit from its store's options; DynamoDB's is 400 KB.
const VALIDATION_STORE = { options: { maxItemSize: 400 * 1024 } };

/** Validates one action like the single-item request it stands for; throws dynalite's error. */
function checkAction(
  kind: ActionKind,
  input: AttributeMap,
  tableName: string,
  table: TableDescription,
): Action {
  const rules = RULES[kind];
  const copy = JSON.parse(JSON.stringify(input)) as AttributeMap;
  delete copy.ReturnValuesOnConditionCheckFailure;
  const parsed = validations.checkTypes(copy, rules.types);
  validations.checkValidations(parsed, rules.types, rules.custom, VALIDATION_STORE);
  const onFailure = input.ReturnValuesOnConditionCheckFailure;
  if (onFailure != null && onFailure !== "ALL_OLD" && onFailure !== "NONE") {
    throw dynaliteValidation(
      `1 validation error detected: Value '${String(onFailure)}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
    );
  }
  if (kind === "ConditionCheck" && parsed.ConditionExpression == null) {
    throw dynaliteValidation(
      "The parameter 'ConditionExpression' is required but was not present in the request",
    );
  }
  if (kind === "Update" && parsed.UpdateExpression == null) {
    throw dynaliteValidation(
      "The parameter 'UpdateExpression' is required but was not present in the request",
    );
  }
  const keyError =
    kind === "Put"
      ? dynaliteDb.validateItem(parsed.Item as AttributeMap, table)
      : dynaliteDb.validateKey(parsed.Key as AttributeMap, table);
  if (keyError) throw keyError;
  const key =
    kind === "Put" ? keyAttributes(parsed.Item as AttributeMap, table) : (parsed.Key as AttributeMap);
  return { kind, input, parsed, tableName, key, lockKey: lockKeyOf(tableName, key, table) as string };
}

/** `None`, or `ConditionalCheckFailed` with the item as it is when ReturnValuesOnConditionCheckFailure is ALL_OLD. */
function conditionReason(action: Action, existing: AttributeMap | undefined): CancellationReason {
  if (!dynaliteDb.checkConditional(action.parsed, existing)) return { Code: "None" };
  const withItem = action.input.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && existing;
  return {
    Code: "ConditionalCheckFailed",
    Message: "The conditional request failed",
    ...(withItem ? { Item: existing } : {}),
  };
}

/** The single-item request of a Put, Update or Delete action (its condition kept: it still holds). */
function writeInput(action: Action): AttributeMap {
  const { ReturnValuesOnConditionCheckFailure: _, ...input } = action.input;
  return input;
}

/** The key attributes of a full item, by the table's key schema. */
function keyAttributes(item: AttributeMap, table: TableDescription): AttributeMap {
  const schema = (table.KeySchema ?? []) as { AttributeName: string }[];
  return Object.fromEntries(schema.map((k) => [k.AttributeName, item[k.AttributeName]]));
}

/** One item's lock name: the table and dynalite's own canonical key (so `1` and `1.0` are one item). */
function lockKeyOf(tableName: string, keyOrItem: AttributeMap, table: TableDescription): string | undefined {
  try {
    return `${tableName}\u0000${dynaliteDb.createKey(keyOrItem, table)}`;
  } catch {
    return undefined;
  }
}

function written(input: AttributeMap, actions: Action[]): LocalResponse {
  const mode = input.ReturnConsumedCapacity;
  if (mode !== "TOTAL" && mode !== "INDEXES") return reply(200, {});
  // A transactional write costs two write units per item (up to 1 KB): prepare and commit.
  const perTable = new Map<string, number>();
  for (const a of actions) perTable.set(a.tableName, (perTable.get(a.tableName) ?? 0) + 2);
  return reply(200, {
    ConsumedCapacity: [...perTable].map(([TableName, units]) => ({
      TableName,
      CapacityUnits: units,
      WriteCapacityUnits: units,
    })),
  });
}

/** TransactionCanceledException as DynamoDB sends it: one reason per action, in the request's order. */
function cancelled(reasons: CancellationReason[]): LocalResponse {
  return reply(400, {
    __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
    CancellationReasons: reasons,
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
  });
}

/** A cancellation reason code for a write that failed after every condition held. */
function reasonCode(error: unknown): string {
  const name = (error as Error)?.name;
  if (name === "ConditionalCheckFailedException") return "ConditionalCheckFailed";
  if (name === "ValidationException") return "ValidationError";
  return "InternalError";
}

function messageOf(error: unknown): string {
  return String((error as Error)?.message ?? error).replace(/^\w+: \w+: /, "");
}

function fingerprintOf(input: AttributeMap): string {
  const { TransactItems, ReturnConsumedCapacity, ReturnItemCollectionMetrics } = input;
  return createHash("sha256")
    .update(
      JSON.stringify([TransactItems, ReturnConsumedCapacity ?? null, ReturnItemCollectionMetrics ?? null]),
    )
    .digest("hex");
}

function parseBody(req: LocalRequest): AttributeMap | undefined {
  try {
    const data = JSON.parse(req.body.toString("utf8")) as unknown;
    return isObject(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is AttributeMap {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isDynaliteError(error: unknown): error is DynaliteError {
  return error instanceof Error && typeof (error as DynaliteError).statusCode === "number";
}

function dynaliteValidation(message: string): DynaliteError {
  return Object.assign(new Error(message), {
    statusCode: 400,
    body: { __type: "com.amazon.coral.validate#ValidationException", message },
  });
}

function reply(status: number, body: unknown): LocalResponse {
  return json(status, body, {
    "content-type": "application/x-amz-json-1.0",
    "x-amzn-requestid": randomUUID(),
  });
}

function validationError(message: string): LocalResponse {
  return reply(400, { __type: "com.amazon.coral.validate#ValidationException", message });
}

function serializationError(): LocalResponse {
  return reply(400, { __type: "com.amazon.coral.service#SerializationException" });
}

function awsError(type: string, message: string, field: "message" | "Message"): LocalResponse {
  return reply(400, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, [field]: message });
}
