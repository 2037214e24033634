export { REPORTER_ERROR_CODES, ReporterError, type ReporterErrorCode } from './errors';
export { scrub, scrubDeep, type IpMasking, type ScrubOptions } from './scrub/scrubber';
export { ScrubCache } from './scrub/scrub-cache';
export { codeBlock, elideMiddle, inlineCode, safeText } from './compose/markdown';
export { RECOMMENDATIONS, recommendationsFor, type IssueLanguage } from './compose/recommendations';
export type { IssueEvent, Occurrences, OutageRecovery } from './compose/issue-event';
export {
  AUTO_LABEL,
  MAX_BODY_CHARS,
  composeDigest,
  composeEscalation,
  composeIssue,
  composeRecovery,
  composeRegression,
  composeTitle,
  issueLabels,
  marker,
  parseMarker,
  type ComposeOptions,
  type ComposedIssue,
} from './compose/issue-composer';
export type { Clock, ClusterTally, CreateLease, GitHubIssue, HostFigures, IssueCoordinator, IssuesApi, OccurrenceLedger, OutboxKind, OutboxOp, ReporterStore, SharedIssue, TrackedIssue } from './report/ports';
export { InMemoryOccurrenceLedger } from './report/in-memory-occurrence-ledger';
export { InMemorySharedQueue } from './report/in-memory-shared-outbox';
export { sharedCommentMarker, type SharedComment, type SharedEntry, type SharedOutbox } from './report/shared-outbox';
export { InMemorySilenceStore } from './report/in-memory-silence-store';
export { SilenceBook, hourlyRate, liftReason, type NewSilence, type Silence, type SilenceStore } from './report/silences';
export { MUTED_LABEL } from './report/outbox-drainer';
export { ClusterDigests, type ClusterDigestsOptions } from './report/cluster-digests';
export { InMemoryIssueCoordinator } from './report/in-memory-issue-coordinator';
export { InMemoryReporterStore } from './report/in-memory-reporter-store';
export { IssueReporter, isOpenOutage, type IssueReporterOptions } from './report/issue-reporter';
export { IssueTracker, atLeast, type IssueTrackerOptions, type ObserveResult, type Severity } from './report/issue-tracker';
export { OutboxDrainer, type DrainResult, type OutboxDrainerOptions } from './report/outbox-drainer';
export { ErrorSink } from './report/error-sink';
export { InMemoryIssuesApi, type InMemoryIssue } from './report/in-memory-issues-api';
