import { describe, expect, it } from 'vitest';
import { findTaskIssues } from './task-rules.js';

describe('findTaskIssues', () => {
  const ok = { pipelineId: 'p1', entityIds: ['e1'], groupIds: ['g1'] };

  it('names the body fields, in the API words', () => {
    expect(findTaskIssues('entity_start', { ...ok, pipelineId: ' ', entityIds: [] })).toEqual([
      { path: 'body.pipeline_id', message: 'entity_start requires a pipeline id in pipeline_id' },
      { path: 'body.entity_ids', message: 'entity_start requires at least one entity id in entity_ids' },
    ]);
    expect(findTaskIssues('group_stop', { ...ok, groupIds: ['g1', ' '] })).toEqual([
      { path: 'body.group_ids.1', message: 'group_ids[1] is blank; give a group id' },
    ]);
    expect(findTaskIssues('group_stop', { ...ok, groupIds: [] })).toEqual([
      { path: 'body.group_ids', message: 'group_stop requires at least one group id in group_ids' },
    ]);
  });

  it('names an unknown task type under body.task_type', () => {
    expect(findTaskIssues('validate', ok)).toEqual([
      {
        path: 'body.task_type',
        message: expect.stringContaining('unknown task type "validate"; use one of entity_start'),
      },
    ]);
  });
});
