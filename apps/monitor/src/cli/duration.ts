const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A duration as people type it: `90s`, `30m`, `2h`, `7d`, `1w`, or a sum such as `1h30m`.
 * Undefined for anything else (a bare number is ambiguous, so it is refused).
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[smhdw])+$/.test(trimmed)) return undefined;
  let ms = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g)) ms += Number(n) * (UNITS[unit ?? ''] ?? 0);
  return ms > 0 ? Math.round(ms) : undefined;
}
