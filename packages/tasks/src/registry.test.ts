import { NotFoundError } from '@chronos/errors';
import { describe, expect, it } from 'vitest';
import { createFakeHub, createTestContext } from '../test/helpers/fake-hub.js';
import { findTask, getTask, listTaskTypes, validateTaskInput } from './registry.js';
import { TaskFailedError } from './task-failed-error.js';
import { describeTaskInputIssue, type TaskInputIssue } from './task-input.js';

const ALL_TYPES = [
  'entity_start',
  'entity_stop',
  'entity_snapshot',
  'entity_redo',
  'pipeline_start',
  'pipeline_stop',
  'pipeline_snapshot',
  'pipeline_redo',
  'group_start',
  'group_stop',
  'group_snapshot',
  'group_redo',
  'pipeline_enter_maintenance',
  'pipeline_exit_maintenance',
  'query_studio',
  'ai_agent_run',
  'entity_validate',
  'brain_reindex',
  'visualize_refresh',
];

describe('task registry', () => {
  it("lists the 19 task types in the reference's order, each described", () => {
    expect(listTaskTypes().map((task) => task.type)).toEqual(ALL_TYPES);
    for (const task of listTaskTypes()) {
      expect(task.description.length).toBeGreaterThan(20);
      expect(['pipeline', 'entities', 'groups', 'corehub']).toContain(task.target);
    }
  });

  it('finds a type or says which exist', () => {
    expect(getTask('entity_redo').type).toBe('entity_redo');
    expect(findTask('nope')).toBeNull();
    expect(() => getTask('sql_run')).toThrow(NotFoundError);
    expect(() => getTask('sql_run')).toThrow(expect.objectContaining({ code: 'TASK_TYPE_NOT_FOUND' }));
  });
});

describe('validateTaskInput', () => {
  const ok = {
    pipelineId: 'p1',
    entityIds: ['e1'],
    groupIds: ['g1'],
    taskParams: { agentId: 'a1', querySql: 'select 1', agentAlias: 'ops', vizId: 'v1' },
  };
  const NO_PIPELINE = ['ai_agent_run', 'brain_reindex', 'visualize_refresh'];

  it('accepts a complete job of every type', () => {
    for (const type of ALL_TYPES) expect(validateTaskInput(type, ok)).toEqual([]);
  });

  it('asks entity_* for at least one entity id', () => {
    for (const type of ALL_TYPES.filter((name) => name.startsWith('entity_'))) {
      const issues = validateTaskInput(type, { ...ok, entityIds: [] });
      expect(issues).toEqual([{ rule: 'required', field: 'entityIds', taskType: type }]);
      expect(issues.map((issue) => describeTaskInputIssue(issue))).toEqual([
        `${type} requires at least one entity id in entityIds`,
      ]);
    }
  });

  it('asks group_* for at least one group id', () => {
    for (const type of ALL_TYPES.filter((name) => name.startsWith('group_'))) {
      const issues = validateTaskInput(type, { ...ok, groupIds: [] });
      expect(issues).toEqual([{ rule: 'required', field: 'groupIds', taskType: type }]);
      expect(issues.map((issue) => describeTaskInputIssue(issue))).toEqual([
        `${type} requires at least one group id in groupIds`,
      ]);
    }
  });

  it('asks every type but the pipeline-less ones for a non-blank pipeline id', () => {
    for (const type of NO_PIPELINE) expect(validateTaskInput(type, { ...ok, pipelineId: '' })).toEqual([]);
    for (const type of ALL_TYPES.filter((name) => !NO_PIPELINE.includes(name))) {
      const issues = validateTaskInput(type, { ...ok, pipelineId: '  ' });
      expect(issues).toContainEqual({ rule: 'required', field: 'pipelineId', taskType: type });
      expect(issues.map((issue) => describeTaskInputIssue(issue))).toContain(
        `${type} requires a pipeline id in pipelineId`,
      );
    }
  });

  it("asks the automation types for their params, in the reference's words", () => {
    const bare = { ...ok, taskParams: {} };
    const words = (type: string) =>
      validateTaskInput(type, bare).map((issue) => describeTaskInputIssue(issue));
    expect(words('query_studio')).toEqual([
      'query_studio requires a non-empty agentId',
      'query_studio requires a non-empty querySql or savedQueryId',
    ]);
    expect(words('ai_agent_run')).toEqual(['ai_agent_run requires a non-empty agentAlias']);
    expect(words('visualize_refresh')).toEqual(['visualize_refresh requires a non-empty vizId']);
    expect(words('brain_reindex')).toEqual([]);
    expect(
      validateTaskInput('query_studio', { ...ok, taskParams: { agentId: 'a', savedQueryId: 'q' } }),
    ).toEqual([]);
  });

  it('points at a blank id inside a list', () => {
    const issues = validateTaskInput('group_stop', { ...ok, groupIds: ['g1', ' '] });
    expect(issues).toEqual([{ rule: 'blank', field: 'groupIds', index: 1, taskType: 'group_stop' }]);
    expect(describeTaskInputIssue(issues[0] as TaskInputIssue)).toBe('groupIds[1] is blank; give a group id');
  });

  it('does not ask pipeline_* for entity or group ids', () => {
    expect(validateTaskInput('pipeline_redo', { pipelineId: 'p1', entityIds: [], groupIds: [] })).toEqual([]);
  });

  it('names an unknown type under taskType', () => {
    const issues = validateTaskInput('validate', ok);
    expect(issues).toEqual([
      { rule: 'unknownTaskType', field: 'taskType', taskType: 'validate', known: ALL_TYPES },
    ]);
    expect(describeTaskInputIssue(issues[0] as TaskInputIssue)).toMatch(
      /^unknown task type "validate"; use one of entity_start/,
    );
  });

  it('words an issue with the field name the caller knows', () => {
    const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    const issue: TaskInputIssue = { rule: 'blank', field: 'entityIds', index: 0, taskType: 'entity_stop' };
    expect(describeTaskInputIssue(issue, snake)).toBe('entity_ids[0] is blank; give a entity id');
    const [missing] = validateTaskInput('query_studio', { ...ok, taskParams: { agentId: 'a1' } });
    expect(describeTaskInputIssue(missing as TaskInputIssue, snake)).toBe(
      'query_studio requires a non-empty query_sql or saved_query_id',
    );
  });
});

describe('defineTask guard', () => {
  it('refuses to run a job that breaks its requirements, before any CoreHub call', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { entityIds: [] } });
    const error = await getTask('entity_start')
      .execute(ctx)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({
      code: 'TASK_INPUT_INVALID',
      retryable: false,
      message: expect.stringContaining('entity_start requires at least one entity id in entityIds'),
      meta: {
        issues: expect.arrayContaining([
          { path: 'entityIds', message: 'entity_start requires at least one entity id in entityIds' },
        ]),
      },
    });
    expect(calls).toEqual([]);
  });

  it('refuses a snapshot write method CoreHub does not know', async () => {
    const { hub, calls } = createFakeHub();
    const { ctx } = createTestContext({ hub, job: { snapshotWriteMethod: 'MERGE' as 'UPSERT' } });
    await expect(getTask('pipeline_start').execute(ctx)).rejects.toThrow(/pipeline_start cannot run/);
    expect(calls).toEqual([]);
  });
});
