/**
 * Errors that carry a stable snake_case code (never renamed) and an HTTP status. The message is for logs;
 * what users read comes from the surface's own wording for the code.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFound extends AppError {
  constructor(code: string, message = code) {
    super(code, 404, message);
  }
}

export class BadRequest extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, 400, message, details);
  }
}
