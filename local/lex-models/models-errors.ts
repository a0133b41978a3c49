import type { LocalResponse } from "../service.js";

/** Lex V2 Models API error types and the HTTP status each travels with (API `CommonErrors`). */
export const MODELS_ERROR_STATUS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  PreconditionFailedException: 412,
  ThrottlingException: 429,
  InternalServerException: 500,
} as const;
export type ModelsErrorType = keyof typeof MODELS_ERROR_STATUS;

/** An error the Models API answers in AWS's wire shape: status, `x-amzn-ErrorType`, `{ message }`. */
export class LexModelsError extends Error {
  constructor(
    readonly type: ModelsErrorType,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = type;
  }

  toResponse(): LocalResponse {
    return {
      status: MODELS_ERROR_STATUS[this.type],
      headers: { "content-type": "application/json", "x-amzn-errortype": this.type },
      body: JSON.stringify({ message: this.message }),
    };
  }
}

/** `1 validation error detected: …` in the words AWS uses. */
export function invalid(field: string, constraint: string): LexModelsError {
  return new LexModelsError(
    "ValidationException",
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function notFound(what: string): LexModelsError {
  return new LexModelsError("ResourceNotFoundException", `Could not find ${what}`);
}
