// Named errors with an HTTP status and a stable id. Routes and the socket layer
// turn them into responses; anything else is a bug and becomes a generic 500
// page without details.
export class AppError extends Error {
  readonly status: number;
  readonly id: string;
  readonly fields?: Record<string, string>;
  constructor(id: string, status: number, message: string, fields?: Record<string, string>) {
    super(message);
    this.id = id;
    this.status = status;
    this.fields = fields;
  }
}

export class ValidationError extends AppError {
  constructor(fields: Record<string, string>, message = "Dữ liệu chưa hợp lệ, vui lòng kiểm tra lại.") {
    super("validation_failed", 400, message, fields);
  }
}
export class AuthenticationError extends AppError {
  constructor(message = "Vui lòng đăng nhập.") {
    super("authentication_required", 401, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "Bạn không có quyền thực hiện thao tác này.") {
    super("forbidden", 403, message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = "Không tìm thấy nội dung yêu cầu.") {
    super("not_found", 404, message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, fields?: Record<string, string>) {
    super("conflict", 409, message, fields);
  }
}
export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super("too_many_requests", 429, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
