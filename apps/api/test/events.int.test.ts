import { createRedisConnection, type ExecutionEvent, publishExecutionEvent } from '@chronos/queue';
import { TEST_REDIS_URL } from '@chronos/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApi, type TestApi } from './helpers/api-harness.js';

type Message = Record<string, unknown>;

/** Opens a socket and collects its messages; resolves once the server has confirmed the subscription. */
async function connect(
  url: string,
): Promise<{ socket: WebSocket; messages: Message[]; next(): Promise<Message> }> {
  const socket = new WebSocket(url);
  const messages: Message[] = [];
  const waiting: Array<(message: Message) => void> = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Message;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const next = () =>
    new Promise<Message>((resolve) => {
      const queued = messages.shift();
      if (queued) resolve(queued);
      else waiting.push(resolve);
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, next };
}

function event(jobId: number, executionId: number, type: ExecutionEvent['type']): ExecutionEvent {
  return {
    type,
    jobId,
    executionId,
    status: type === 'execution.finished' ? 'succeeded' : 'running',
    trigger: 'schedule',
    scheduledFor: '2025-04-14T06:30:00.000Z',
    attempt: 1,
    at: '2025-04-14T06:30:01.000Z',
  };
}

describe('GET /api/events (WebSocket)', () => {
  let api: TestApi;
  let publisher: ReturnType<typeof createRedisConnection>;
  beforeAll(async () => {
    api = await startTestApi({ provider: 'sqlite' });
    publisher = createRedisConnection(TEST_REDIS_URL, 'client');
  });
  afterAll(async () => {
    publisher?.disconnect();
    await api?.close();
  });

  const wsUrl = (path: string) => `${api.url.replace('http', 'ws')}${path}`;

  /** Publishes until the hub has subscribed (its Redis subscription is set up asynchronously). */
  async function publishUntilSeen(client: { next(): Promise<Message> }, payload: ExecutionEvent) {
    const seen = client.next();
    let received: Message | undefined;
    void seen.then((message) => {
      received = message;
    });
    for (let attempt = 0; attempt < 50 && !received; attempt += 1) {
      await publishExecutionEvent(publisher, api.prefix, payload);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return seen;
  }

  it('streams execution events in snake_case after a connected message', async () => {
    const client = await connect(wsUrl('/api/events'));
    expect(await client.next()).toEqual({ type: 'connected', job_id: null });
    const message = await publishUntilSeen(client, event(7, 70, 'execution.started'));
    expect(message).toEqual({
      type: 'execution.started',
      job_id: 7,
      execution_id: 70,
      status: 'running',
      trigger: 'schedule',
      scheduled_for: '2025-04-14T06:30:00.000Z',
      attempt: 1,
      at: '2025-04-14T06:30:01.000Z',
      error: null,
    });
    client.socket.close();
  });

  it('narrows the stream to one job with ?job_id=', async () => {
    const client = await connect(wsUrl('/api/events?job_id=8'));
    expect(await client.next()).toEqual({ type: 'connected', job_id: 8 });
    // An event of another job first: if the filter leaked it, it would be the next message.
    await publishExecutionEvent(publisher, api.prefix, event(9, 90, 'execution.finished'));
    const message = await publishUntilSeen(client, event(8, 80, 'execution.finished'));
    expect(message).toMatchObject({ job_id: 8, execution_id: 80, type: 'execution.finished' });
    client.socket.close();
  });

  it.each([
    ['/api/events?job_id=abc', 422],
    ['/api/other', 404],
  ])('refuses the upgrade of %s with %i', async (path, status) => {
    const socket = new WebSocket(wsUrl(path));
    const refused = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(status);
    socket.terminate();
  });
});
