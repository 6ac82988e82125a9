/**
 * Errors are a module: services throw these (or DomainError), only the HTTP edge maps a code to a
 * status. The wire shape is the contract's: {"errors":[{"title","detail"}]}.
 */
export interface ErrorItem {
  title: string;
  detail: string;
}

const statusByCode = {
  bad_request: 400,
  unauthorised: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
} as const;

export type ApiErrorCode = keyof typeof statusByCode;
export type ApiErrorStatus = (typeof statusByCode)[ApiErrorCode];

export class ApiError extends Error {
  readonly status: ApiErrorStatus;
  constructor(
    readonly code: ApiErrorCode,
    readonly errors: ErrorItem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => `${e.title}: ${e.detail}`).join('; '));
    this.status = statusByCode[code];
  }

  static badRequest(detail: string, title = 'Bad request') {
    return new ApiError('bad_request', [{ title, detail }]);
  }

  static notFound(detail = 'Nothing was found with that id. Check the id, and that the record belongs to your organisation.') {
    return new ApiError('not_found', [{ title: 'Resource not found', detail }]);
  }

  static unprocessable(errors: ErrorItem[]) {
    return new ApiError('unprocessable', errors);
  }
}

/**
 * A business-rule failure raised by a service: one or more attribute errors, each with the
 * attribute as title. The API turns it into a 422; the web pages show the same messages.
 */
export class DomainError extends Error {
  constructor(readonly errors: ErrorItem[]) {
    super(errors.map((e) => `${e.title}: ${e.detail}`).join('; '));
  }
}

/** The record does not exist or is not visible to the caller: the same answer either way. */
export class NotFoundError extends Error {
  constructor(readonly what = 'record') {
    super(`${what} not found`);
  }
}

/** Collects attribute errors in the order they first occur, merging messages per attribute. */
export class ErrorCollector {
  private readonly byTitle = new Map<string, string[]>();

  add(title: string, detail: string): void {
    const list = this.byTitle.get(title) ?? [];
    if (!list.includes(detail)) list.push(detail);
    this.byTitle.set(title, list);
  }

  get any(): boolean {
    return this.byTitle.size > 0;
  }

  has(title: string): boolean {
    return this.byTitle.has(title);
  }

  toItems(): ErrorItem[] {
    return [...this.byTitle].map(([title, details]) => ({ title, detail: details.join(', ') }));
  }

  throwIfAny(): void {
    if (this.any) throw new DomainError(this.toItems());
  }
}
