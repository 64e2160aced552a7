import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name and ISO time', () => {
    const { lines, destination } = capture();
    createLogger({ service: 'api', destination }).info({ jobId: 3 }, 'job created');
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({ name: 'api', jobId: 3, msg: 'job created' });
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('never writes credentials, cookies, tokens or license content', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'api', destination });
    logger.info(
      {
        req: { headers: { authorization: 'Bearer secret-1', cookie: 'gs-auth=secret-2' } },
        headers: { 'module-license': 'secret-3' },
        corehub: { token: 'secret-4', password: 'secret-5' },
        license: 'secret-6',
      },
      'request',
    );
    expect(lines.join('')).not.toMatch(/secret-\d/);
    expect(lines.join('')).toContain('[redacted]');
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'worker', level: 'warn', destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });

  it('keeps the stack of an error only on error and fatal lines (or at debug level)', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: 'worker', destination });
    const error = Object.assign(new Error('no corehub answered'), { code: 'COREHUB_DISCOVERY_FAILED' });
    logger.info({ err: error, host: '127.0.0.1' }, 'no corehub answered discovery');
    logger.warn(error, 'redis unavailable');
    logger.error({ err: error }, 'execution crashed');
    const [info, warn, failure] = lines.map((line) => JSON.parse(line));
    expect(info.err).toEqual({
      type: 'Error',
      message: 'no corehub answered',
      code: 'COREHUB_DISCOVERY_FAILED',
    });
    expect(info.host).toBe('127.0.0.1');
    expect(warn.err).not.toHaveProperty('stack');
    expect(failure.err.stack).toContain('no corehub answered');

    const debug = capture();
    createLogger({ service: 'worker', level: 'debug', destination: debug.destination }).info(
      { err: error },
      'x',
    );
    expect(JSON.parse(debug.lines[0] ?? '{}').err.stack).toContain('no corehub answered');
  });
});
