/**
 * The environment variables the CDK app sets on the fulfillment Lambdas (infra/functions) and the Lambda entry
 * files read once at cold start. Nothing else reads them: the emulator passes the same values as arguments.
 */
export const LAMBDA_ENV = {
  ordersTable: "ORDERS_TABLE",
  callbacksTable: "CALLBACKS_TABLE",
  connectInstanceId: "CONNECT_INSTANCE_ID",
  callbackFlowId: "CALLBACK_FLOW_ID",
  /** HMAC key (≥ 32 chars) sealing the Lex session attributes Orderline acts on; Secrets Manager in the stack. */
  sessionKey: "ORDERLINE_SESSION_KEY",
  /** JSON overrides of the shop settings (see fulfillment/src/config.ts). */
  shopConfig: "SHOP_CONFIG",
} as const;
