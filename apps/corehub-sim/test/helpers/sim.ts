import { type HubToModuleMessage, HubToModuleMessageSchema } from '@chronos/corehub/contract';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/index.js';

export const LICENSE = 'SIM-TEST-LICENSE';
export const PIPELINE = '8aeb9fb6';

const running: Simulator[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(running.splice(0).map((sim) => sim.stop()));
});

export async function startSim(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await createSimulator({
    license: LICENSE,
    behaviour: { stopDelayMs: 0, migrationMs: 60_000 },
    ...options,
  });
  running.push(sim);
  return sim;
}

export type Reply = { status: number; text: string; body: unknown; headers: Headers };

/** One HTTP call to the simulator (real socket, Node's fetch). */
export async function call(
  sim: Simulator,
  method: string,
  path: string,
  options: { token?: string; cookie?: string; body?: unknown } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text/plain replies (commands) stay text
  }
  return { status: response.status, text, body, headers: response.headers };
}

export const MODULE_HEADERS = {
  'Module-License': LICENSE,
  'Module-Tag': 'scheduler-module',
  'Module-Port': '1717',
  'Module-Scheme': 'http',
};

/** Opens a module socket; resolves with it and the frames it receives (first one awaited). */
export function openModule(
  sim: Simulator,
  headers: Record<string, string> = MODULE_HEADERS,
): Promise<{ ws: WebSocket; frames: HubToModuleMessage[]; next: () => Promise<HubToModuleMessage> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${sim.url.replace(/^http/, 'ws')}/ext-module`, { headers });
    sockets.push(ws);
    const frames: HubToModuleMessage[] = [];
    const waiters: Array<(frame: HubToModuleMessage) => void> = [];
    const next = () =>
      new Promise<HubToModuleMessage>((done) => {
        waiters.push(done);
      });
    ws.on('message', (data) => {
      const frame = HubToModuleMessageSchema.parse(JSON.parse(data.toString()));
      frames.push(frame);
      waiters.shift()?.(frame);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`handshake answered ${res.statusCode}`)));
    ws.on('error', reject);
    ws.once('open', () => {
      next().then(() => resolve({ ws, frames, next }), reject);
    });
  });
}

/** A valid module token, obtained through the real handshake. */
export async function obtainModuleToken(sim: Simulator): Promise<string> {
  const { frames } = await openModule(sim);
  const [first] = frames;
  if (first?.type !== 'token') throw new Error('no token frame');
  return first.token;
}
