import { leadingTime, stripLogPrefix } from '../extract/log-prefix';
import { extractRequest, extractUser } from '../extract/request-extractor';
import { dependencyEvidence, dependencyFingerprint, type DependencyEvidence } from '../dependency/dependency-evidence';
import type { FingerprintInput } from '../fingerprint/fingerprint';
import { FingerprintCache } from '../fingerprint/fingerprint-cache';
import { isAtLeast } from '../severity';
import type { ErrorType } from '../types';
import type { CompiledRule, RuleDefinition } from '../rules/rule';
import { compileRules } from '../rules/rule-schema';
import type { LogRecord } from '../traceback/log-record';
import { recordParts } from '../traceback/traceback-parts';
import type { DetectedEvent } from './detected-event';
import type { RuleScreen } from './rule-screen';
import { loadScreen, type ScreenStore } from './screen-snapshot';
import { findSeverityMarker } from './severity-marker';
import { VerdictCache } from './verdict-cache';

/** How a classifier is made, beyond its rules. */
export interface ClassifierOptions {
  readonly screenStore?: ScreenStore;
}

/** An object being built, before it is handed out read-only. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A record logged at WARNING or INFO: its level comes before any lower-case word. */
const HANDLED_LEVEL = /^[^a-z]{0,60}?\b(?:WARNING|WARN|INFO|NOTICE)\b/;

/** Longest message kept on an event (the traceback keeps the rest). */
const MAX_MESSAGE_CHARS = 2000;

/**
 * Classifies records by rule: the highest-priority matching rule decides the type and severity;
 * a winning `ignore` rule means "not an event"; SafeWork's `[SEVERITY] type:` marker overrides
 * the severity (and the type when it names one). Pure: no I/O, no clock.
 */
export class Classifier {
  readonly #rules: readonly CompiledRule[];
  readonly #screen: RuleScreen;
  /** Per rule (by position in `#rules`): 1 when the screen lets it run on the current text. */
  readonly #mayMatch: Uint8Array;
  /** Per container: its rules and their positions in `#rules`. */
  readonly #byContainer = new Map<string, { readonly rules: readonly CompiledRule[]; readonly at: readonly number[] }>();
  readonly #fingerprints = new FingerprintCache();
  /** Verdicts on recent one-line records: an error flood repeats the same lines. */
  readonly #verdicts = new VerdictCache();

  /** `options.screenStore`: where the rule screen is kept between processes (see `ScreenStore`). */
  constructor(rules: readonly RuleDefinition[], options: ClassifierOptions = {}) {
    // Sorted once: the first match in this order is the winner.
    this.#rules = compileRules(rules).sort((a, b) => b.priority - a.priority || a.order - b.order);
    this.#screen = loadScreen(this.#rules, options.screenStore);
    this.#mayMatch = new Uint8Array(this.#rules.length);
  }

  /** The compiled rules in evaluation order. */
  get rules(): readonly CompiledRule[] {
    return this.#rules;
  }

  /**
   * Classifies one record; undefined when it is benign. Rules are chosen by `container`; the
   * fingerprint is keyed by `service` (replicas of one service share it).
   */
  classify(record: LogRecord, container: string, service = container): DetectedEvent | undefined {
    const only = record.lines.length === 1 && !record.hasTraceback ? record.lines[0] : undefined;
    if (only === undefined) return this.#classify(record, container, service);
    const known = this.#verdicts.find(container, only.text);
    if (known === null) return undefined;
    if (known !== undefined) {
      const time = only.time ?? leadingTime(only.text);
      // Same fields in the same order as a fresh verdict: only the line's index and time differ.
      if ((time === undefined) === (known.time === undefined)) {
        // A spread that adds no key is V8's fast clone (26 ns against Object.assign's 150 here;
        // a spread that adds one takes its slow path, 1.7 µs).
        const event: Writable<DetectedEvent> = { ...known, firstLine: only.index, lastLine: only.index };
        if (time !== undefined) event.time = time;
        // A line kept by its shape differs from this one in its time.
        if (known.lines[0] !== only.text) event.lines = [only.text];
        return event;
      }
      return this.#classify(record, container, service);
    }
    const event = this.#classify(record, container, service);
    this.#verdicts.keep(event ?? null, only.text);
    return event;
  }

  #classify(record: LogRecord, container: string, service: string): DetectedEvent | undefined {
    const first = record.lines[0];
    const last = record.lines[record.lines.length - 1];
    if (first === undefined || last === undefined) return undefined;
    const parts = recordParts(record);
    if (parts.significant.trim() === '') return undefined;
    const rule = this.#match(parts.significant, container);
    const marker = findSeverityMarker(parts.head);
    if (marker === undefined && (rule === undefined || rule.ignore)) return undefined;

    const ruleType = rule && !rule.ignore ? rule.type : undefined;
    // Type by evidence: a rule that recognised a Redis or database failure in the text beats
    // the label the app wrote (SafeWork logs Redis errors as database_connection_error).
    const dependencyType = ruleType === 'redis_connection' || ruleType === 'database_connection' ? ruleType : undefined;
    const labelled = marker?.type ?? ruleType ?? 'application_error';
    const type = dependencyType ?? labelled;
    const ruled = marker?.severity ?? rule?.severity ?? 'medium';
    // A dependency failure the app logged as a warning (a failed health check, a retry loop
    // waiting for the database) it handled: medium at most, unless it marked a severity itself.
    const severity = marker === undefined && dependencyType !== undefined && isAtLeast(ruled, 'high') && HANDLED_LEVEL.test(first.text) ? 'medium' : ruled;
    const ruleId = rule && !rule.ignore ? rule.id : 'severity-marker';
    const headMessage = (parts.head.includes('\n') ? parts.head.split('\n').map(stripLogPrefix).join('\n') : stripLogPrefix(parts.head)).trim();
    const message = (parts.exception ?? headMessage).slice(0, MAX_MESSAGE_CHARS);
    const context = parts.head.length > 0 ? parts.head : parts.significant;
    const request = extractRequest(context);
    const user = extractUser(context);
    const time = first.time ?? leadingTime(first.text);
    const byMessage = (as: ErrorType): string => {
      const input: Writable<FingerprintInput> = { container: service, type: as, frames: parts.frames, message: headMessage.length > 0 ? headMessage : message };
      if (parts.exception !== undefined) input.exception = parts.exception;
      if (request !== undefined) input.request = request;
      return this.#fingerprints.of(input);
    };
    const dependency = dependencyType !== undefined && isAtLeast(severity, 'medium') ? evidenceFor(dependencyType, parts.significant) : undefined;
    // Built field by field, in the order the CLI prints them: an object literal with
    // conditional spreads is built by V8's slow generic path, once per event of a flood.
    const event: Partial<Writable<DetectedEvent>> = {
      type,
      severity,
      // A failing dependency is one problem whoever reports it: keyed by the dependency, with
      // the message-keyed (v1) fingerprint as an alias so issues filed before keep counting.
      fingerprint: dependency === undefined ? byMessage(type) : dependencyFingerprint(type, dependency),
    };
    if (dependency !== undefined) {
      event.dependency = dependency;
      event.aliases = [byMessage(labelled)];
    }
    event.container = container;
    if (service !== container) event.service = service;
    event.firstLine = first.index;
    event.lastLine = last.index;
    event.message = message;
    if (time !== undefined) event.time = time;
    if (parts.traceback !== undefined) event.traceback = parts.traceback;
    if (request !== undefined) event.request = request;
    if (user !== undefined) event.user = user;
    if (rule !== undefined && !rule.ignore && !rule.escalate && marker === undefined) event.escalate = false;
    event.ruleId = ruleId;
    event.lines = record.lines.map((line) => line.text);
    return event as DetectedEvent;
  }

  #match(text: string, container: string): CompiledRule | undefined {
    const { rules, at } = this.#rulesFor(container);
    const may = this.#mayMatch;
    this.#screen.screen(text, may);
    for (let i = 0; i < rules.length; i++) {
      if (may[at[i] as number] === 0) continue;
      const rule = rules[i] as CompiledRule;
      if (rule.regex.test(text)) return rule;
    }
    return undefined;
  }

  #rulesFor(container: string): { readonly rules: readonly CompiledRule[]; readonly at: readonly number[] } {
    let entry = this.#byContainer.get(container);
    if (entry === undefined) {
      const at: number[] = [];
      this.#rules.forEach((rule, i) => {
        if (rule.containers === undefined || rule.containers.some((re) => re.test(container))) at.push(i);
      });
      entry = { rules: at.map((i) => this.#rules[i] as CompiledRule), at };
      if (this.#byContainer.size < 1000) this.#byContainer.set(container, entry);
    }
    return entry;
  }
}

/** The dependency a connection-class event points at, when its kind agrees with its type. */
function evidenceFor(type: 'redis_connection' | 'database_connection', text: string): DependencyEvidence | undefined {
  const evidence = dependencyEvidence(text);
  if (evidence === undefined) return undefined;
  return (evidence.kind === 'redis') === (type === 'redis_connection') ? evidence : undefined;
}
