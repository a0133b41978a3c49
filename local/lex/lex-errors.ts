import type { LocalResponse } from "../service.js";

/** Lex runtime error types and the HTTP status each travels with. */
export const LEX_ERROR_STATUS = {
  AccessDeniedException: 403,
  ValidationException: 400,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  DependencyFailedException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
  BadGatewayException: 502,
} as const;
export type LexErrorType = keyof typeof LEX_ERROR_STATUS;

/** An error a Lex V2 API (runtime or models) answers in AWS's REST-JSON shape: status, `x-amzn-ErrorType`, `{ message }`. */
export class LexApiError<T extends string> extends Error {
  constructor(
    readonly type: T,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = type;
  }

  toResponse(): LocalResponse {
    return {
      status: this.status,
      headers: { "content-type": "application/json", "x-amzn-errortype": this.type },
      body: JSON.stringify({ message: this.message }),
    };
  }
}

/** An error the runtime answers with Lex's own wire shape. */
export class LexRuntimeError extends LexApiError<LexErrorType> {
  constructor(type: LexErrorType, message: string, options?: { cause?: unknown }) {
    super(type, LEX_ERROR_STATUS[type], message, options);
  }
}

/** `1 validation error detected: …` in the words AWS uses. */
export function validationMessage(field: string, constraint: string): string {
  return `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`;
}

/** A runtime `ValidationException` for one field. */
export function validationError(field: string, constraint: string): LexRuntimeError {
  return new LexRuntimeError("ValidationException", validationMessage(field, constraint));
}
