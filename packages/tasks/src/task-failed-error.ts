import { UpstreamError } from '@chronos/errors';

/** Stable codes of TaskFailedError (never renamed: executions store them). */
export const TASK_FAILURE_CODES = {
  /** Entities were still syncing or migrating when the settle bound ran out. Retryable. */
  notSettled: 'ENTITIES_NOT_SETTLED',
  /** The job lacks what its task type requires (e.g. no entity ids). Not retryable. */
  invalidInput: 'TASK_INPUT_INVALID',
  /** A run CoreHub carried out (AI run, comparison, brain reindex, query) ended in failure. Not retryable. */
  runFailed: 'COREHUB_RUN_FAILED',
  /** A run CoreHub started was still going when its polling bound ran out. Not retryable: a retry would start another. */
  runTimedOut: 'COREHUB_RUN_TIMED_OUT',
  /** An entity validation found differences and reconciliation is off (or could not fix them all). */
  differencesFound: 'VALIDATION_DIFFERENCES_FOUND',
  /** CoreHub answered 2xx with a body Chronos cannot read (e.g. a started run without its id). */
  unreadableReply: 'COREHUB_REPLY_UNREADABLE',
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
