import { z } from 'zod';
import type { ContainerSample } from '@safework/docker-logs';

/*
 * What the monitor writes to the state and the health API (and the container's health check)
 * reads: one schema per record, imported on both sides, so neither guesses the other's shape.
 */

/** The monitor's own states; `disabled` when `ERROR_MONITORING_ENABLED=false`. */
export const MONITOR_STATES = ['starting', 'running', 'stopping', 'stopped', 'disabled', 'failed'] as const;

/** What the heartbeat says about the monitor. Every field has a default: an idle monitor writes only its state. */
export const monitorStatusSchema = z.object({
  state: z.enum(MONITOR_STATES),
  dockerConnected: z.boolean().default(false),
  following: z.array(z.string()).default([]),
  outboxDepth: z.number().int().nonnegative().default(0),
  lastReporterError: z.string().nullable().default(null),
  dryRun: z.boolean().default(false),
  /** Why nothing is filed although a token is set (the repository is public), or null. */
  filingHeld: z.string().nullable().default(null),
  /** With `STATE_REDIS_URL`: this host's id and whether Redis answers; null on one host. */
  sharedState: z.object({ hostId: z.string(), connected: z.boolean() }).nullable().default(null),
  /** Maintenance windows open at the heartbeat: nothing they cover is filed. */
  maintenance: z.array(z.object({ reason: z.string().nullable(), until: z.string(), containers: z.array(z.string()).nullable() })).default([]),
  events: z.number().int().nonnegative().default(0),
  incidents: z.number().int().nonnegative().default(0),
  /** Seconds since each stream's last line was handled, by `container/stream`. */
  ingestLagSeconds: z.record(z.string(), z.number()).default({}),
  /** Failures by error code. */
  errors: z.record(z.string(), z.number()).default({}),
});
export type MonitorStatus = z.infer<typeof monitorStatusSchema>;
/** What a writer hands over (defaults may be left out). */
export type MonitorStatusInput = z.input<typeof monitorStatusSchema>;

/** One heartbeat: when it was written, and the status then. */
export interface Heartbeat {
  readonly at: string;
  readonly status: MonitorStatus;
}

const containerSnapshotSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string().optional(),
  state: z.string(),
  running: z.boolean(),
  health: z.enum(['healthy', 'unhealthy', 'starting', 'none']),
  restartCount: z.number(),
  oomKilled: z.boolean(),
  exitCode: z.number(),
  restartPolicy: z.string(),
  restartPolicyMaxRetries: z.number(),
  memoryLimit: z.number(),
  cpuLimit: z.number(),
  startedAt: z.string(),
  finishedAt: z.string(),
  labels: z.record(z.string(), z.string()),
});

/** docker-logs' `ContainerSample` as stored: checked against that type at compile time. */
export const containerSampleSchema = z.object({
  snapshot: containerSnapshotSchema,
  usage: z
    .object({
      memoryUsageBytes: z.number(),
      memoryLimitBytes: z.number(),
      // JSON has no undefined: a first sample's unknown CPU is stored as nothing.
      cpuPercent: z.number().optional(),
      onlineCpus: z.number(),
    })
    .optional(),
});
export type StoredContainerSample = z.infer<typeof containerSampleSchema>;
/**
 * A docker-logs sample as the store writes it. Typed so that a change there which this schema
 * would not read back breaks the build here, not the health API at run time.
 */
export function toStoredSample(sample: ContainerSample): z.input<typeof containerSampleSchema> {
  return sample;
}

/** The oldest a heartbeat may be before the monitor counts as down: three intervals, at least 30 s (a slow disk must not flap it). */
export function heartbeatLimitSeconds(intervalSeconds: number): number {
  return Math.max(30, 3 * intervalSeconds);
}

/** Whether a heartbeat says the monitor is alive and working, and why not. */
export interface HeartbeatVerdict {
  readonly ok: boolean;
  /** Seconds since it was written; null without a readable one. */
  readonly ageSeconds: number | null;
  readonly detail: string;
}

/**
 * The one judgement of a heartbeat, for the container's health check and `/health` alike:
 * alive when written within `heartbeatLimitSeconds` and in neither a stopped nor failed state.
 */
export function heartbeatVerdict(beat: Heartbeat | undefined, now: number, intervalSeconds: number): HeartbeatVerdict {
  if (beat === undefined) return { ok: false, ageSeconds: null, detail: 'the monitor has not written a heartbeat' };
  const age = (now - Date.parse(beat.at)) / 1000;
  if (!Number.isFinite(age)) return { ok: false, ageSeconds: null, detail: `unreadable heartbeat time "${beat.at}"` };
  const ageSeconds = Math.round(age);
  const limit = heartbeatLimitSeconds(intervalSeconds);
  if (age > limit) return { ok: false, ageSeconds, detail: `last heartbeat ${ageSeconds} s ago (limit ${limit} s)` };
  const state = beat.status.state;
  if (state === 'failed' || state === 'stopped') return { ok: false, ageSeconds, detail: `the monitor reports itself ${state}` };
  return { ok: true, ageSeconds, detail: `heartbeat ${ageSeconds} s ago, state ${state}` };
}

/**
 * A complete sample from the fields a test or example cares about (the rest as Docker reports
 * a plain running container).
 */
export function containerSampleOf(
  snapshot: Partial<ContainerSample['snapshot']> & { readonly name: string },
  usage?: { readonly memoryUsageBytes: number; readonly memoryLimitBytes: number; readonly cpuPercent?: number },
): ContainerSample {
  return {
    snapshot: {
      id: `id-${snapshot.name}`,
      image: snapshot.name,
      state: 'running',
      running: true,
      health: 'none',
      restartCount: 0,
      oomKilled: false,
      exitCode: 0,
      restartPolicy: 'on-failure',
      restartPolicyMaxRetries: 3,
      memoryLimit: 0,
      cpuLimit: 0,
      startedAt: '2024-05-02T09:00:00.000000000Z',
      finishedAt: '0001-01-01T00:00:00Z',
      labels: {},
      ...snapshot,
    },
    ...(usage === undefined ? {} : { usage: { cpuPercent: undefined, onlineCpus: 2, ...usage } }),
  };
}
