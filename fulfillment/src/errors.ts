/** Base of Orderline's typed errors; `code` is stable and safe to log. */
export class OrderlineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** DynamoDB (or another dependency) failed or throttled: apologise and offer an agent. */
export class DependencyError extends OrderlineError {
  constructor(
    readonly dependency: "dynamodb" | "sns" | "connect",
    cause: unknown,
  ) {
    super(`${dependency.toUpperCase()}_FAILED`, `${dependency} request failed`, { cause });
  }
}
