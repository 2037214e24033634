import type { DetectedEvent } from '@safework/classifier';

/**
 * Correlate: the pure stage between detection and recording where events that share a cause
 * fold together (one request, one outage). It passes events through unchanged for now; the
 * grouping rules are the next step of the pipeline's design (see docs/architecture.md).
 */
export class CorrelateStage {
  correlate(events: DetectedEvent[], _now: Date): DetectedEvent[] {
    return events;
  }
}
