import { LexApiError, validationMessage } from "../lex/lex-errors.js";

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
export class LexModelsError extends LexApiError<ModelsErrorType> {
  constructor(type: ModelsErrorType, message: string, options?: { cause?: unknown }) {
    super(type, MODELS_ERROR_STATUS[type], message, options);
  }
}

/** A Models `ValidationException` for one field. */
export function invalid(field: string, constraint: string): LexModelsError {
  return new LexModelsError("ValidationException", validationMessage(field, constraint));
}

export function notFound(what: string): LexModelsError {
  return new LexModelsError("ResourceNotFoundException", `Could not find ${what}`);
}
