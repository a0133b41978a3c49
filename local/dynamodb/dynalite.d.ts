declare module "dynalite" {
  import type { Server } from "node:http";

  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

/** dynalite's own item-key and condition code (CommonJS, no `exports` map), reused by local/dynamodb/transactions.ts. */
declare module "dynalite/db/index.js" {
  /** A validation or condition error as dynalite raises it: the HTTP status and the JSON body AWS would send. */
  export interface DynaliteError extends Error {
    statusCode: number;
    body: { __type: string; message?: string; Message?: string };
  }
  /** The canonical key string of an item (or a key) in the table described by `table` (DescribeTable's `Table`). */
  function createKey(item: Record<string, unknown>, table: unknown): string;
  function validateKey(key: Record<string, unknown>, table: unknown): DynaliteError | null | undefined;
  function validateItem(item: Record<string, unknown>, table: unknown): DynaliteError | null | undefined;
  /** Null when `data._condition` (set by `validateExpressions`) holds for `existingItem`, else the error. */
  function checkConditional(data: unknown, existingItem: unknown): DynaliteError | null | undefined;
  const _default: {
    createKey: typeof createKey;
    validateKey: typeof validateKey;
    validateItem: typeof validateItem;
    checkConditional: typeof checkConditional;
  };
  export default _default;
}

declare module "dynalite/validations/index.js" {
  export interface ActionValidation {
    types: Record<string, unknown>;
    custom?: (data: Record<string, unknown>, store: unknown) => string | undefined;
  }
  /** Drops unknown members and checks types; throws a dynalite error on a bad one. */
  function checkTypes(
    data: Record<string, unknown>,
    types: ActionValidation["types"],
  ): Record<string, unknown>;
  /** Checks required members and constraints, then `custom` (which parses the expressions); throws on failure. */
  function checkValidations(
    data: Record<string, unknown>,
    types: ActionValidation["types"],
    custom: ActionValidation["custom"],
    store: unknown,
  ): void;
  const _default: { checkTypes: typeof checkTypes; checkValidations: typeof checkValidations };
  export default _default;
}

// Each single-item action's rules (putItem.js, updateItem.js, deleteItem.js, getItem.js): one shape.
declare module "dynalite/validations/*Item.js" {
  const v: import("dynalite/validations/index.js").ActionValidation;
  export = v;
}
