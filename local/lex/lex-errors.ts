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

/** An error the runtime answers with Lex's own wire shape. */
export class LexRuntimeError extends Error {
  constructor(
    readonly type: LexErrorType,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = type;
  }

  toResponse(): LocalResponse {
    return {
      status: LEX_ERROR_STATUS[this.type],
      headers: { "content-type": "application/json", "x-amzn-errortype": this.type },
      body: JSON.stringify({ message: this.message }),
    };
  }
}

/** `1 validation error detected: …` in the words AWS uses. */
export function validationError(field: string, constraint: string): LexRuntimeError {
  return new LexRuntimeError(
    "ValidationException",
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}
