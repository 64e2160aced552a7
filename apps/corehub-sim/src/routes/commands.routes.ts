import {
  COREHUB_ROUTES,
  MAINTENANCE_COMMANDS,
  type MaintenanceCommand,
  SYNC_COMMANDS,
  type SyncCommand,
  SyncCommandQuerySchema,
} from '@chronos/corehub/contract';
import { type Response, Router } from 'express';
import { sendHubError } from '../reply.js';
import type { CommandOutcome, SimState } from '../sim-state.js';

function firstValues(query: Record<string, unknown>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') result[key] = first;
  }
  return result;
}

function sendOutcome(res: Response, outcome: CommandOutcome): void {
  if ('message' in outcome) sendHubError(res, outcome.status, outcome.message);
  else res.status(outcome.status).type('text/plain').send(outcome.text);
}

/** `POST /pipelines/{p}/commands/sync/{command}` and `…/maintenance/{enter|exit}` (DESIGN.md §5). */
export function createCommandRoutes(state: SimState): Router {
  const router = Router();

  router.post(COREHUB_ROUTES.syncCommand, (req, res) => {
    const command = req.params.command as SyncCommand;
    if (!SYNC_COMMANDS.includes(command)) return sendHubError(res, 404, `Unknown sync command ${command}`);
    const query = SyncCommandQuerySchema.safeParse(firstValues(req.query as Record<string, unknown>));
    if (!query.success) {
      const problem = query.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      return sendHubError(res, 400, `Invalid command parameters: ${problem}`);
    }
    sendOutcome(res, state.applySyncCommand(req.params.pipelineId, command, query.data));
  });

  router.post(COREHUB_ROUTES.maintenanceCommand, (req, res) => {
    const command = req.params.command as MaintenanceCommand;
    if (!MAINTENANCE_COMMANDS.includes(command)) {
      return sendHubError(res, 404, `Unknown maintenance command ${command}`);
    }
    sendOutcome(res, state.applyMaintenanceCommand(req.params.pipelineId, command));
  });

  return router;
}
