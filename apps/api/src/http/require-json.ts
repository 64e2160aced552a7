import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from './request-errors.js';

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  if (headers['transfer-encoding'] !== undefined) return true;
  return length !== undefined && length !== '0';
}

/**
 * Write routes take JSON only. A body of another type would reach the handler as `undefined` and be reported
 * as missing fields, which misleads the caller: answer 415 instead.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!hasBody(req.headers) || req.is(['application/json', 'application/*+json'])) {
    next();
    return;
  }
  next(new UnsupportedMediaTypeError(req.headers['content-type'] ?? 'none'));
};
