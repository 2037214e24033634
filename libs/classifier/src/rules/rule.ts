import type { ErrorType } from '../types';
import type { Severity } from '../severity';

/**
 * A classification rule as data. Rules with `ignore: true` mark benign text: when one wins,
 * the record is not an event.
 */
export interface RuleDefinition {
  readonly id: string;
  readonly type?: ErrorType;
  readonly severity?: Severity;
  /** A JavaScript regular expression (matched with `RegExp`, not as a substring). */
  readonly pattern: string;
  /** RegExp flags; default `i`. Only `i`, `m`, `s` and `u` are allowed (no stateful `g`/`y`). */
  readonly flags?: string;
  /** Higher wins when several rules match one record; default 0. */
  readonly priority?: number;
  /** Restrict the rule to these container names (`*` wildcards allowed). */
  readonly containers?: readonly string[];
  /** Marks benign text: a winning ignore rule suppresses the event. */
  readonly ignore?: boolean;
  /**
   * `false`: a symptom (a 5xx access line, "Worker failed to boot") keeps its severity however
   * often it repeats; its cause is its own event. Default `true`: frequency escalation applies.
   */
  readonly escalate?: boolean;
  /** `false` in a user rules file switches off the built-in rule with the same id. */
  readonly enabled?: boolean;
  /** Free text: where the pattern comes from, what it catches. */
  readonly description?: string;
}

/** A validated rule with its compiled expression. */
export interface CompiledRule {
  readonly id: string;
  readonly type: ErrorType | undefined;
  readonly severity: Severity | undefined;
  readonly ignore: boolean;
  readonly escalate: boolean;
  readonly priority: number;
  readonly regex: RegExp;
  readonly source: string;
  readonly flags: string;
  readonly containers: readonly RegExp[] | undefined;
  /** Position in the rule list: breaks priority ties (earlier wins). */
  readonly order: number;
}
