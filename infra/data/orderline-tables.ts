import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { aws_dynamodb as dynamodb, RemovalPolicy } from "aws-cdk-lib";
import { Construct } from "constructs";
import {
  callbacksTableSchema,
  ordersTableSchema,
  RECORD_TTL_ATTRIBUTE,
} from "../../fulfillment/src/contracts/tables.js";

export interface OrderlineTablesProps {
  /**
   * Refuse `DeleteTable` until turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Keep the tables (and their data) when the stack is deleted.
   * @default true
   */
  readonly retainData?: boolean;
}

function attributeType(type: string | undefined): dynamodb.AttributeType {
  if (type === "S") return dynamodb.AttributeType.STRING;
  if (type === "N") return dynamodb.AttributeType.NUMBER;
  if (type === "B") return dynamodb.AttributeType.BINARY;
  throw new Error(`Unsupported attribute type ${type}`);
}

/** Key attribute of a CreateTable key schema, with its type from the attribute definitions. */
function keyAttribute(
  schema: CreateTableCommandInput,
  keys: { AttributeName?: string; KeyType?: string }[] | undefined,
  keyType: "HASH" | "RANGE",
): dynamodb.Attribute | undefined {
  const name = keys?.find((k) => k.KeyType === keyType)?.AttributeName;
  if (!name) return undefined;
  const def = schema.AttributeDefinitions?.find((a) => a.AttributeName === name);
  return { name, type: attributeType(def?.AttributeType) };
}

/** DynamoDB table props mirroring the fulfillment's CreateTable contract (one schema, no second copy). */
export function tablePropsFromSchema(schema: CreateTableCommandInput): {
  partitionKey: dynamodb.Attribute;
  sortKey?: dynamodb.Attribute;
  indexes: dynamodb.GlobalSecondaryIndexProps[];
} {
  const partitionKey = keyAttribute(schema, schema.KeySchema, "HASH");
  if (!partitionKey) throw new Error(`Table ${schema.TableName} has no partition key`);
  const indexes = (schema.GlobalSecondaryIndexes ?? []).map((gsi) => {
    const pk = keyAttribute(schema, gsi.KeySchema, "HASH");
    if (!gsi.IndexName || !pk) throw new Error(`Index on ${schema.TableName} needs a name and partition key`);
    const sk = keyAttribute(schema, gsi.KeySchema, "RANGE");
    if (gsi.Projection?.ProjectionType !== "ALL")
      throw new Error(`Index ${gsi.IndexName}: only ALL is mirrored`);
    return {
      indexName: gsi.IndexName,
      partitionKey: pk,
      ...(sk ? { sortKey: sk } : {}),
      projectionType: dynamodb.ProjectionType.ALL,
    };
  });
  return { partitionKey, sortKey: keyAttribute(schema, schema.KeySchema, "RANGE"), indexes };
}

/** The orders table (shops load their orders into it) and Orderline's callbacks table. */
export class OrderlineTables extends Construct {
  readonly orders: dynamodb.Table;
  readonly callbacks: dynamodb.Table;
  /** GSI names on the orders table, for least-privilege grants. */
  readonly ordersIndexNames: string[];

  constructor(scope: Construct, id: string, props: OrderlineTablesProps = {}) {
    super(scope, id);
    const common = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: (props.retainData ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    };
    // Physical names are left to CloudFormation so two stacks can share an account; the Lambdas get them by env.
    const orders = tablePropsFromSchema(ordersTableSchema());
    this.orders = new dynamodb.Table(this, "Orders", {
      ...common,
      partitionKey: orders.partitionKey,
      sortKey: orders.sortKey,
    });
    for (const index of orders.indexes) this.orders.addGlobalSecondaryIndex(index);
    this.ordersIndexNames = orders.indexes.map((i) => i.indexName);

    const callbacks = tablePropsFromSchema(callbacksTableSchema());
    this.callbacks = new dynamodb.Table(this, "Callbacks", {
      ...common,
      partitionKey: callbacks.partitionKey,
      sortKey: callbacks.sortKey,
      // Callback, outbox and counter records hold numbers and texts: DynamoDB deletes them when they expire.
      timeToLiveAttribute: RECORD_TTL_ATTRIBUTE,
    });
  }
}
