import type { Response } from 'express';

/** A signal that aborts when the client goes away before the response is written (long waits stop early). */
export function abortWhenClientLeaves(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
