import { UpstreamError } from '@chronos/errors';

/** Stable codes of TaskFailedError (never renamed: executions store them). */
export const TASK_FAILURE_CODES = {
  /** Entities were still syncing or migrating when the settle bound ran out. Retryable. */
  notSettled: 'ENTITIES_NOT_SETTLED',
  /** The job lacks what its task type requires (e.g. no entity ids). Not retryable. */
  invalidInput: 'TASK_INPUT_INVALID',
} as const;

export type TaskFailureCode = (typeof TASK_FAILURE_CODES)[keyof typeof TASK_FAILURE_CODES];

/**
 * A task could not do its work for a reason of its own (not a CoreHub error, which propagates unchanged).
 * It is an UpstreamError so the worker's one classifier reads `retryable` from it like from CoreHub errors.
 */
export class TaskFailedError extends UpstreamError {
  constructor(
    message: string,
    options: { code: TaskFailureCode; retryable: boolean; meta?: Record<string, unknown> },
  ) {
    super(message, {
      code: options.code,
      retryable: options.retryable,
      detail: message,
      meta: options.meta ?? {},
    });
  }
}
