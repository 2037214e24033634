import { heartbeatVerdict } from './healthcheck-command';

describe('heartbeatVerdict', () => {
  const now = Date.parse('2024-05-02T10:00:00Z');
  it('is healthy for a fresh heartbeat', () => {
    expect(heartbeatVerdict({ at: '2024-05-02T09:59:50Z', status: { state: 'running' } }, now, 30)).toEqual({ ok: true, detail: 'heartbeat 10 s ago, state running' });
  });
  it('is unhealthy without a heartbeat, when stale or failed', () => {
    expect(heartbeatVerdict(undefined, now, 30).ok).toBe(false);
    expect(heartbeatVerdict({ at: '2024-05-02T09:58:29Z', status: { state: 'running' } }, now, 30)).toEqual({ ok: false, detail: 'last heartbeat 91 s ago (limit 90 s)' });
    expect(heartbeatVerdict({ at: '2024-05-02T09:59:59Z', status: { state: 'failed' } }, now, 30).ok).toBe(false);
    expect(heartbeatVerdict({ at: 'yesterday', status: {} }, now, 30).ok).toBe(false);
  });
  it('never allows less than 30 s, so a one-second interval does not flap', () => {
    expect(heartbeatVerdict({ at: '2024-05-02T09:59:35Z', status: { state: 'disabled' } }, now, 1).ok).toBe(true);
  });
});
