import type { FieldIssue } from '@chronos/errors';
import type { z } from 'zod';
import type { TaskContext, TaskInput, TaskResult } from './task-context.js';
import { TASK_FAILURE_CODES, TaskFailedError } from './task-failed-error.js';
import { describeTaskInputIssue, type TaskInputIssue } from './task-input.js';

/**
 * What a task acts on: the API documents it and the UI can show only the relevant id fields. `corehub`: no
 * pipeline (AI runs, the brain, Visualize).
 */
export type TaskTarget = 'pipeline' | 'entities' | 'groups' | 'corehub';

/** A task type as written in its file under `src/task-types/`. */
export type TaskSpec = {
  /** The API's `task_type` value; never renamed once jobs use it. */
  type: string;
  /** One sentence for API docs: what it does against CoreHub. */
  description: string;
  target: TaskTarget;
  /** zod schema of the job fields the task reads (documentation and a guard before `execute`). */
  params: z.ZodType;
  /** What a job of this type must have beyond generic validation (domain field names). */
  requires: (job: TaskInput) => TaskInputIssue[];
  /** Does the work; resolves with a summary, throws on failure. */
  execute: (ctx: TaskContext) => Promise<TaskResult>;
};

/** A registered task type. `execute` re-checks `requires` first, so a bad job fails before any call. */
export type TaskDefinition = Readonly<TaskSpec>;

/**
 * Wraps a task spec: the returned `execute` refuses (TaskFailedError, not retryable) a job that breaks the
 * type's requirements or its params schema, so a job saved before a rule existed cannot reach CoreHub.
 */
export function defineTask(spec: TaskSpec): TaskDefinition {
  const execute = async (ctx: TaskContext): Promise<TaskResult> => {
    const issues: FieldIssue[] = spec.requires(ctx.job).map((issue) => ({
      path: 'index' in issue ? `${issue.field}.${issue.index}` : issue.field,
      message: describeTaskInputIssue(issue),
    }));
    const parsed = spec.params.safeParse(ctx.job);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: issue.path.join('.'), message: issue.message });
      }
    }
    if (issues.length > 0) {
      throw new TaskFailedError(
        `${spec.type} cannot run: ${issues.map((issue) => issue.message).join('; ')}`,
        {
          code: TASK_FAILURE_CODES.invalidInput,
          retryable: false,
          meta: { issues },
        },
      );
    }
    return spec.execute(ctx);
  };
  return Object.freeze({ ...spec, execute });
}
