import type { OutboxOp } from './ports';

/** A new outbox operation, due now. */
export function queuedOp(fingerprint: string, kind: OutboxOp['kind'], now: Date, extra: Partial<OutboxOp> = {}): Omit<OutboxOp, 'id'> {
  const iso = now.toISOString();
  return { fingerprint, kind, createdAt: iso, attempts: 0, notBefore: iso, attempted: false, ...extra };
}
