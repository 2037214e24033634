/** Severities from least to most urgent; the order is the product's definition. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Numeric rank of a severity (low = 0). */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at or above `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** The severity one level up, capped at `ceiling`. */
export function raiseSeverity(severity: Severity, ceiling: Severity): Severity {
  const next = Math.min(severityRank(severity) + 1, severityRank(ceiling));
  return next > severityRank(severity) ? (SEVERITIES[next] as Severity) : severity;
}

/** Parses a severity name, case-insensitively; undefined when it is not one. */
export function parseSeverity(value: string): Severity | undefined {
  const lower = value.toLowerCase();
  return (SEVERITIES as readonly string[]).includes(lower) ? (lower as Severity) : undefined;
}
