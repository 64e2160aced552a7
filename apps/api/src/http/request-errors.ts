import { AppError, type AppErrorOptions } from '@chronos/errors';

/**
 * Errors that only exist at the HTTP edge (they describe the request, not the domain). They still carry no
 * status: `error-handler.ts` stays the one place that maps errors to HTTP.
 */

/** A write route received a body that is not JSON. */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  constructor(contentType: string, options: AppErrorOptions = {}) {
    super(`unsupported content type ${contentType}`, {
      detail: `Content-Type "${contentType}" is not accepted; send the body as application/json`,
      ...options,
    });
  }
}

/** A plain HTTP request reached an endpoint that only speaks WebSocket. */
export class UpgradeRequiredError extends AppError {
  readonly code = 'UPGRADE_REQUIRED';
  constructor(path: string) {
    super(`plain http request to websocket endpoint ${path}`, {
      detail: `${path} is a WebSocket endpoint: connect with a WebSocket client (Upgrade: websocket)`,
    });
  }
}

/** A request whose headers do not say what the endpoint needs (the webhook receivers' `EXT_MODULE`…). */
export class BadRequestHeaderError extends AppError {
  readonly code = 'BAD_REQUEST_HEADER';
  constructor(detail: string) {
    super(detail, { detail });
  }
}
