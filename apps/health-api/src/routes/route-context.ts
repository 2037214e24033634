import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HealthApiConfig } from '../config';
import type { Snapshot } from '../snapshot';
import type { ClusterReader } from '@safework/shared-state';

/** What every route plugin is given: the current snapshot, the clock, the settings and the guard. */
export interface RouteContext {
  readonly snapshot: () => Snapshot;
  /** Every host's heartbeat (several hosts sharing Redis); undefined on one host. */
  readonly cluster?: ClusterReader;
  readonly clock: () => Date;
  readonly config: Pick<HealthApiConfig, 'MONITORING_INTERVAL' | 'ISSUE_LANGUAGE'> & { HEALTH_API_TOKEN?: string | undefined; HEALTH_API_RATE_LIMIT?: number };
  /** Bearer-token check for metrics and data routes; passes everything when no token is set. */
  readonly guard: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
}
