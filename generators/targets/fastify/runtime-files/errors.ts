/** packages/runtime/src/errors.ts of the generated repository (see ../runtime-sources.ts). */
export const ERRORS_SOURCE = `/** A failure the service answers with a JSON error and this HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** A synchronous dependency failed (down, timed out, circuit open, bulkhead full): 503. */
export class DependencyError extends HttpError {
  constructor(
    readonly dependency: string,
    readonly cause: string,
    message: string,
  ) {
    super(503, "dependency_unavailable", message);
    this.name = "DependencyError";
  }
}

/** The synthetic failure drawn from an operation's errorRate (SYNTHETIC_WORK=1). */
export class SyntheticError extends HttpError {
  constructor(operation: string) {
    super(500, "synthetic_error", "synthetic failure of " + operation + " (its errorRate)");
    this.name = "SyntheticError";
  }
}
`;
