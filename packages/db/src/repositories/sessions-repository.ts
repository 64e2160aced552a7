import { withDbErrors } from '../db-errors.js';
import type { PrismaDb } from '../prisma-client.js';
import type { StoredSession } from '../types.js';

/**
 * Browser sessions, keyed by the hash of the cookie's token. The database (not one process's memory) holds
 * them so that every api replica accepts a sign-in and a sign-out ends it on all of them at once.
 */
export type SessionsRepository = {
  create(session: Omit<StoredSession, 'createdAt'>): Promise<StoredSession>;
  /** The session, or null when unknown or expired at `now`. */
  findValid(id: string, now: Date): Promise<StoredSession | null>;
  /** Sign-out; deleting a session that is already gone is not an error. */
  delete(id: string): Promise<void>;
  /** Drops expired rows; returns how many. */
  deleteExpired(now: Date): Promise<number>;
};

export function createSessionsRepository(prisma: PrismaDb): SessionsRepository {
  return {
    async create(session) {
      return withDbErrors(() => prisma.session.create({ data: session }), 'Session');
    },
    async findValid(id, now) {
      const row = await withDbErrors(() => prisma.session.findUnique({ where: { id } }));
      return row && row.expiresAt > now ? row : null;
    },
    async delete(id) {
      await withDbErrors(() => prisma.session.deleteMany({ where: { id } }));
    },
    async deleteExpired(now) {
      const { count } = await withDbErrors(() =>
        prisma.session.deleteMany({ where: { expiresAt: { lte: now } } }),
      );
      return count;
    },
  };
}
