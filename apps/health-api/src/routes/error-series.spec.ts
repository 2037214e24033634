import { errorSeries } from './error-series';

const row = (hour: string, type: string, count: number) => ({ hour, container: 'safework-app', type, severity: 'high', count });

describe('errorSeries', () => {
  const now = Date.parse('2024-05-02T10:30:00Z');

  it('has every hour of the window, empty ones too, and sums by type', () => {
    const series = errorSeries([row('2024-05-02T08', 'redis_connection', 2), row('2024-05-02T10', 'redis_connection', 1), row('2024-05-02T10', 'authentication', 4)], now, 3, '1h');
    expect(series).toEqual([
      { at: '2024-05-02T08', byType: { redis_connection: 2 } },
      { at: '2024-05-02T09', byType: {} },
      { at: '2024-05-02T10', byType: { redis_connection: 1, authentication: 4 } },
    ]);
  });

  it('leaves out hours before the window and sums days', () => {
    const series = errorSeries([row('2024-04-01T00', 'redis_connection', 9), row('2024-05-01T23', 'redis_connection', 2), row('2024-05-02T01', 'redis_connection', 3)], now, 48, '1d');
    expect(series).toEqual([
      { at: '2024-04-30', byType: {} },
      { at: '2024-05-01', byType: { redis_connection: 2 } },
      { at: '2024-05-02', byType: { redis_connection: 3 } },
    ]);
  });
});
