import { leadingTime, stripLogPrefix } from '../extract/log-prefix';
import { extractRequest, extractUser } from '../extract/request-extractor';
import { fingerprint } from '../fingerprint/fingerprint';
import type { CompiledRule, RuleDefinition } from '../rules/rule';
import { compileRules } from '../rules/rule-schema';
import type { LogRecord } from '../traceback/log-record';
import { recordParts } from '../traceback/traceback-parts';
import type { DetectedEvent } from './detected-event';
import { findSeverityMarker } from './severity-marker';

/** Longest message kept on an event (the traceback keeps the rest). */
const MAX_MESSAGE_CHARS = 2000;

/**
 * Classifies records by rule: the highest-priority matching rule decides the type and severity;
 * a winning `ignore` rule means "not an event"; SafeWork's `[SEVERITY] type:` marker overrides
 * the severity (and the type when it names one). Pure: no I/O, no clock.
 */
export class Classifier {
  readonly #rules: readonly CompiledRule[];
  readonly #byContainer = new Map<string, readonly CompiledRule[]>();

  constructor(rules: readonly RuleDefinition[]) {
    // Sorted once: the first match in this order is the winner.
    this.#rules = compileRules(rules).sort((a, b) => b.priority - a.priority || a.order - b.order);
  }

  /** The compiled rules in evaluation order. */
  get rules(): readonly CompiledRule[] {
    return this.#rules;
  }

  /** Classifies one record; undefined when it is benign. */
  classify(record: LogRecord, container: string): DetectedEvent | undefined {
    const first = record.lines[0];
    const last = record.lines[record.lines.length - 1];
    if (first === undefined || last === undefined) return undefined;
    const parts = recordParts(record);
    if (parts.significant.trim() === '') return undefined;
    const rule = this.#match(parts.significant, container);
    const marker = findSeverityMarker(parts.head);
    if (marker === undefined && (rule === undefined || rule.ignore)) return undefined;

    const type = marker?.type ?? (rule && !rule.ignore ? rule.type : undefined) ?? 'application_error';
    const severity = marker?.severity ?? rule?.severity ?? 'medium';
    const ruleId = rule && !rule.ignore ? rule.id : 'severity-marker';
    const headMessage = parts.head
      .split('\n')
      .map(stripLogPrefix)
      .join('\n')
      .trim();
    const message = (parts.exception ?? headMessage).slice(0, MAX_MESSAGE_CHARS);
    const context = parts.head.length > 0 ? parts.head : parts.significant;
    const request = extractRequest(context);
    const user = extractUser(context);
    const time = first.time ?? leadingTime(first.text);
    return {
      type,
      severity,
      fingerprint: fingerprint({
        container,
        type,
        ...(parts.exception === undefined ? {} : { exception: parts.exception }),
        frames: parts.frames,
        message: headMessage.length > 0 ? headMessage : message,
        ...(request === undefined ? {} : { request }),
      }),
      container,
      firstLine: first.index,
      lastLine: last.index,
      message,
      ...(time === undefined ? {} : { time }),
      ...(parts.traceback === undefined ? {} : { traceback: parts.traceback }),
      ...(request === undefined ? {} : { request }),
      ...(user === undefined ? {} : { user }),
      ...(rule !== undefined && !rule.ignore && !rule.escalate && marker === undefined ? { escalate: false as const } : {}),
      ruleId,
      lines: record.lines.map((line) => line.text),
    };
  }

  #match(text: string, container: string): CompiledRule | undefined {
    for (const rule of this.#rulesFor(container)) {
      if (rule.regex.test(text)) return rule;
    }
    return undefined;
  }

  #rulesFor(container: string): readonly CompiledRule[] {
    let rules = this.#byContainer.get(container);
    if (rules === undefined) {
      rules = this.#rules.filter(
        (rule) => rule.containers === undefined || rule.containers.some((re) => re.test(container)),
      );
      if (this.#byContainer.size < 1000) this.#byContainer.set(container, rules);
    }
    return rules;
  }
}
