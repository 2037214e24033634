/** Stable codes of every error the classifier raises; callers match on `code`. */
export const CLASSIFIER_ERROR_CODES = {
  CLS_ERR_INVALID_RULE: 'A rule failed validation (bad regex, unknown type or severity, missing field).',
  CLS_ERR_RULES_SYNTAX: 'A rules file is not valid YAML or JSON.',
} as const;
export type ClassifierErrorCode = keyof typeof CLASSIFIER_ERROR_CODES;

/** Details of one invalid rule field, so a message can name the rule, the field and the reason. */
export interface RuleIssue {
  readonly ruleId: string;
  readonly field: string;
  readonly reason: string;
}

/** The classifier's only error type. */
export class ClassifierError extends Error {
  override readonly name = 'ClassifierError';
  readonly code: ClassifierErrorCode;
  readonly issues: readonly RuleIssue[];

  constructor(
    code: ClassifierErrorCode,
    message: string,
    options: { cause?: unknown; issues?: readonly RuleIssue[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }
}
