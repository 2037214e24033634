import { CatchUpPolicy } from './catch-up-policy';

const stopped = (startedAt: string, finishedAt: string) => ({ Running: false, StartedAt: startedAt, FinishedAt: finishedAt });
const saved = { stdout: { time: '2024-05-02T10:00:00Z', boundary: ['x'] } };

describe('CatchUpPolicy', () => {
  const policy = new CatchUpPolicy({ resumeAfter: '2024-05-02T10:00:00.500000000Z', maxLines: 100 });

  it.each([
    ['a running container is followed', { Running: true }, undefined, false, { kind: 'follow' }],
    ['a stopped one with a checkpoint is read to its end', stopped('2024-05-02T09:00:00Z', '2024-05-02T09:30:00Z'), saved, false, { kind: 'once', cap: undefined }],
    ['a stopped one seen starting is read to its end', stopped('2024-05-02T09:00:00Z', '2024-05-02T09:30:00Z'), undefined, true, { kind: 'once', cap: undefined }],
    ['one that started after the last heartbeat is read, up to the bound', stopped('2024-05-02T10:00:00.600000000Z', '2024-05-02T10:00:01Z'), undefined, false, { kind: 'once', cap: 100 }],
    ['one that finished after it is read, up to the bound', stopped('2024-05-02T09:00:00Z', '2024-05-02T10:00:00.500000001Z'), undefined, false, { kind: 'once', cap: 100 }],
    ['one that ended before it is history', stopped('2024-05-02T09:00:00Z', '2024-05-02T10:00:00.499999999Z'), undefined, false, { kind: 'skip' }],
  ] as const)('%s', (_what, state, checkpoint, live, plan) => {
    expect(policy.plan(state, checkpoint, live)).toEqual(plan);
  });

  it('leaves stopped containers without a checkpoint alone on a first start, until the connection is lost once', () => {
    const first = new CatchUpPolicy({ maxLines: 10 });
    const state = stopped('2024-05-02T10:00:05Z', '2024-05-02T10:00:06Z');
    expect(first.plan(state, undefined, false)).toEqual({ kind: 'skip' });
    first.lostAt('2024-05-02T10:00:04Z');
    expect(first.plan(state, undefined, false)).toEqual({ kind: 'once', cap: 10 });
  });
});
