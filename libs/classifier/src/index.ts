export { CONTAINER_EVENT_TYPES, ERROR_TYPES, LOG_EVENT_TYPES, type ContainerEventType, type ErrorType, type LogLine, type RequestInfo, type UserInfo } from './types';
export { SEVERITIES, type Severity, isAtLeast, parseSeverity, raiseSeverity, severityRank } from './severity';
export { CLASSIFIER_ERROR_CODES, ClassifierError, type ClassifierErrorCode, type RuleIssue } from './errors';
export type { CompiledRule, RuleDefinition } from './rules/rule';
export { BUILTIN_RULES } from './rules/builtin-rules';
export { compileRules, mergeRules, validateDependencies, validateRules, type DeclaredDependency } from './rules/rule-schema';
export { parseRulesFile, parseRulesText } from './rules/rules-file';
export { MAX_LINE_CHARS, cleanText, decodeLine, stripAnsi, type DecodedLine } from './lines/line-decoder';
export { isRecordStart, isTracebackStart } from './lines/record-start';
export { TracebackAssembler, type TracebackAssemblerOptions } from './traceback/traceback-assembler';
export type { LogRecord } from './traceback/log-record';
export { recordParts, type Frame, type RecordParts } from './traceback/traceback-parts';
export { extractRequest, extractUser } from './extract/request-extractor';
export { stripLogPrefix } from './extract/log-prefix';
export { FINGERPRINT_VERSION, fingerprint, inAppFrames, exceptionType, type FingerprintInput } from './fingerprint/fingerprint';
export { parameterize } from './fingerprint/parameterize';
export { hash64 } from './fingerprint/hash';
export {
  DEPENDENCY_FINGERPRINT_VERSION,
  dependencyEvidence,
  dependencyFingerprint,
  type DependencyEvidence,
  type DependencyFailure,
  DEPENDENCY_KINDS,
  type DependencyKind,
} from './dependency/dependency-evidence';
export { Classifier, type ClassifierOptions } from './classify/classifier';
export type { DetectedEvent } from './classify/detected-event';
export { findSeverityMarker, type SeverityMarker } from './classify/severity-marker';
export { FrequencyEscalator, type FrequencyEscalatorOptions } from './classify/frequency-escalator';
export { EventDetector, type DetectorStats, type StreamKey } from './classify/event-detector';
export type { CandidateGate, Prescanned } from './scan/candidate-gate';
export { LiteralGate } from './scan/literal-gate';
export { GATE_SAMPLE_BYTES, gateLiterals, holdsRest, type GateLiteral, type LiteralCounter } from './scan/gate-literals';
export { requiredClauses, requiredLiterals, type LiteralClause, type LiteralCost } from './scan/required-literals';
export { LogScanner, MAX_RAW_LINE_BYTES } from './scan/log-scanner';
export { screenKey, type ScreenStore } from './classify/screen-snapshot';

import { BUILTIN_RULES } from './rules/builtin-rules';
import { mergeRules } from './rules/rule-schema';
import { Classifier, type ClassifierOptions } from './classify/classifier';
import type { RuleDefinition } from './rules/rule';

/** A classifier with the built-in rules, plus (and overridden by) `userRules`. */
export function createClassifier(userRules: readonly RuleDefinition[] = [], options: ClassifierOptions = {}): Classifier {
  return new Classifier(mergeRules(BUILTIN_RULES, userRules), options);
}
