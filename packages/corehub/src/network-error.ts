/**
 * Turns a socket/TLS failure (from undici or ws) into a CoreHubNetworkError with a message an operator can
 * act on. TLS verification failures are not retryable: the certificate will not change by itself.
 */
import { CoreHubNetworkError, type CoreHubRequestSummary } from './corehub-error.js';

/** OpenSSL/Node codes that mean "the hub's certificate is not trusted" (fixable only by configuration). */
const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Finds the first `code` in an error, its `cause` chain or an AggregateError's members. */
export function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === 'string') return record.code;
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = findErrorCode(inner, depth + 1);
      if (code) return code;
    }
  }
  return findErrorCode(record.cause, depth + 1);
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Builds the network error for a failed request or handshake to `target` (a URL). */
export function toNetworkError(
  error: unknown,
  target: string,
  extra: { durationMs?: number; request?: CoreHubRequestSummary } = {},
): CoreHubNetworkError {
  const code = findErrorCode(error);
  if (code && TLS_VERIFY_CODES.has(code)) {
    return new CoreHubNetworkError(
      `TLS verification of ${target} failed: ${describe(error)} (${code}); trust the hub's CA (tls.ca) or set SSL_SKIP_VERIFY=true`,
      { code: 'COREHUB_TLS_UNTRUSTED', retryable: false, cause: error, ...extra },
    );
  }
  // Nothing listens there: the likeliest causes are a stopped hub or a wrong address, so say which to check.
  const reason =
    code === 'ECONNREFUSED'
      ? 'it refused the connection (ECONNREFUSED); check that CoreHub is running there and that CORE_HUB_URL points at it'
      : `${describe(error)}${code ? ` (${code})` : ''}`;
  return new CoreHubNetworkError(`cannot reach CoreHub at ${target}: ${reason}`, {
    code: 'COREHUB_UNREACHABLE',
    retryable: true,
    cause: error,
    ...extra,
  });
}
