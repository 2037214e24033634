import { isFinalRejection, labelValue, messageOf, retryAfterMs, statusField, statusOf, statusOfError } from './github-errors';

const requestError = (status: number, headers: Record<string, string> = {}): Error => Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });

describe('GitHub error mapping', () => {
  it('reads the status of a request error, and nothing of a plain one', () => {
    expect(statusOfError(requestError(503))).toBe(503);
    expect(statusOfError(new Error('socket hang up'))).toBeUndefined();
    expect(statusOfError(null)).toBeUndefined();
    expect(statusField(requestError(404))).toEqual({ status: 404 });
    expect(statusField('boom')).toEqual({});
  });

  it('turns retry-after seconds into ms', () => {
    expect(retryAfterMs(requestError(429, { 'retry-after': '7' }))).toBe(7000);
    expect(retryAfterMs(requestError(429, { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(requestError(503))).toBeUndefined();
  });

  it.each([
    [422, 'create', true],
    [404, 'comment', true],
    [404, 'create', false],
    [503, 'comment', false],
    [undefined, 'create', false],
  ] as const)('status %s of a %s is final: %s', (status, kind, final) => {
    expect(isFinalRejection(status, kind)).toBe(final);
  });

  it('maps an issue state to the tracked status', () => {
    const issue = { number: 1, html_url: '', labels: [] };
    expect(statusOf({ ...issue, state: 'open' })).toBe('open');
    expect(statusOf({ ...issue, state: 'closed', state_reason: 'completed' })).toBe('closed_completed');
    expect(statusOf({ ...issue, state: 'closed', state_reason: null })).toBe('closed_completed');
    expect(statusOf({ ...issue, state: 'closed', state_reason: 'not_planned' })).toBe('closed_not_planned');
  });

  it('reads a label value by prefix, from names or label objects', () => {
    expect(labelValue({ number: 1, state: 'open', html_url: '', labels: ['bug', { name: 'type-redis_connection' }] }, 'type-')).toBe('redis_connection');
    expect(labelValue({ number: 1, state: 'open', html_url: '', labels: [{}] }, 'type-')).toBeUndefined();
    expect(messageOf('plain')).toBe('plain');
  });
});
