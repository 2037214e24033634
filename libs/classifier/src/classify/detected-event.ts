import type { DependencyEvidence } from '../dependency/dependency-evidence';
import type { Severity } from '../severity';
import type { ErrorType, RequestInfo, UserInfo } from '../types';

/** One classified error event: what the CLI prints and the monitor records. */
export interface DetectedEvent {
  readonly type: ErrorType;
  readonly severity: Severity;
  readonly fingerprint: string;
  /** Container the lines came from. */
  readonly container: string;
  /**
   * The service the container belongs to, when that is not the container itself (a replica):
   * the fingerprint is keyed by it, so replicas of one service share their problems.
   */
  readonly service?: string;
  /** 0-based index of the first input line of the event. */
  readonly firstLine: number;
  /** 0-based index of the last input line of the event. */
  readonly lastLine: number;
  /** The message: the final exception line for a traceback, else the line without its prefix. */
  readonly message: string;
  readonly time?: string;
  readonly traceback?: string;
  readonly request?: RequestInfo;
  readonly user?: UserInfo;
  /** Present (false) when the rule says frequency must not raise this event's severity. */
  readonly escalate?: false;
  /** For a dependency failure: which dependency, how it failed, the host when named. */
  readonly dependency?: DependencyEvidence;
  /** Earlier fingerprints of the same problem (an issue filed under one keeps counting). */
  readonly aliases?: readonly string[];
  /** Id of the rule that decided the type (or `severity-marker`). */
  readonly ruleId: string;
  /** Every line of the event, in order. */
  readonly lines: readonly string[];
}
