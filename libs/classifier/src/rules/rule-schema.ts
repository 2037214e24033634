import type * as Zod from 'zod';
import { ClassifierError, type RuleIssue } from '../errors';
import { SEVERITIES } from '../severity';
import { ERROR_TYPES } from '../types';
import { DEPENDENCY_KINDS, type DependencyKind } from '../dependency/dependency-evidence';
import type { CompiledRule, RuleDefinition } from './rule';

const ALLOWED_FLAGS = /^[imsu]*$/;

/**
 * The schemas, built on first use: building them cost `classify` 15–30 ms at every start, and
 * only a rules file needs them. zod itself is loaded here too: evaluating it (and yaml, see
 * rules-file.ts) at start took 23 ms of `classify`'s 132 on an empty input.
 */
function schemas() {
  const { z } = require('zod') as typeof Zod;
  const rule = z
    .object({
      id: z
        .string()
        .min(1, 'must be a non-empty string')
        .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must use letters, digits, ".", "_" or "-"'),
      type: z.enum(ERROR_TYPES, { error: `must be one of ${ERROR_TYPES.join(', ')}` }).optional(),
      severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
      pattern: z.string().min(1, 'must be a non-empty regular expression'),
      flags: z.string().regex(ALLOWED_FLAGS, 'may only contain i, m, s, u').optional(),
      priority: z.number().int('must be an integer').min(-1000).max(1000).optional(),
      containers: z.array(z.string().min(1)).min(1, 'must list at least one name').optional(),
      ignore: z.boolean().optional(),
      escalate: z.boolean().optional(),
      enabled: z.boolean().optional(),
      description: z.string().optional(),
    })
    .strict();

  // The shape of a rules file: a list, or `{ rules: [...], dependencies?: [...] }`.
  const file = z.union([
    z.array(z.unknown()),
    z.object({ rules: z.array(z.unknown()), dependencies: z.array(z.unknown()).optional() }).strict(),
  ]);

  const dependency = z
    .object({
      host: z.string().min(1, 'must be a non-empty host name'),
      kind: z.enum(DEPENDENCY_KINDS, { error: `must be one of ${DEPENDENCY_KINDS.join(', ')}` }),
      container: z.string().min(1, 'must be a non-empty container name').optional(),
    })
    .strict();
  return { rule, file, dependency };
}
let built: ReturnType<typeof schemas> | undefined;
const schema = (): ReturnType<typeof schemas> => (built ??= schemas());

/**
 * A dependency a rules file declares where the monitor cannot see it: a host the apps use for a
 * service (an external database, a DNS alias), and the container that serves it, if any.
 */
export interface DeclaredDependency {
  readonly host: string;
  readonly kind: DependencyKind;
  readonly container?: string;
}

/** Validates a rules file's `dependencies` (`CLS_ERR_INVALID_RULE`, naming each bad entry). */
export function validateDependencies(raw: unknown): DeclaredDependency[] {
  const shape = schema().file.safeParse(raw);
  if (!shape.success || Array.isArray(shape.data) || shape.data.dependencies === undefined) return [];
  const issues: RuleIssue[] = [];
  const out: DeclaredDependency[] = [];
  shape.data.dependencies.forEach((item, index) => {
    const parsed = schema().dependency.safeParse(item);
    if (parsed.success) {
      const { host, kind, container } = parsed.data;
      out.push(container === undefined ? { host, kind } : { host, kind, container });
    }
    else for (const issue of parsed.error.issues) issues.push({ ruleId: `dependencies[${index}]`, field: fieldOf(issue.path), reason: issue.message });
  });
  if (issues.length > 0) {
    throw new ClassifierError('CLS_ERR_INVALID_RULE', `invalid dependencies: ${issues.map((i) => `${i.ruleId}.${i.field} ${i.reason}`).join('; ')}`, { issues });
  }
  return out;
}

function ruleIdOf(raw: unknown, index: number): string {
  if (raw !== null && typeof raw === 'object' && 'id' in raw) {
    const id = (raw as { id: unknown }).id;
    if (typeof id === 'string' && id.length > 0) return id;
  }
  return `#${index}`;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(rule)' : path.map(String).join('.');
}

/**
 * Validates raw rule objects (from a rules file or code). Throws one `ClassifierError`
 * (`CLS_ERR_INVALID_RULE`) listing every bad rule, naming its id, the field and the reason.
 */
export function validateRules(raw: unknown): RuleDefinition[] {
  const shape = schema().file.safeParse(raw);
  if (!shape.success) {
    throw new ClassifierError(
      'CLS_ERR_INVALID_RULE',
      'rules: expected a list of rules or an object with a "rules" list',
      { issues: [{ ruleId: '(file)', field: 'rules', reason: 'expected a list of rules' }] },
    );
  }
  const list = Array.isArray(shape.data) ? shape.data : shape.data.rules;
  const issues: RuleIssue[] = [];
  const rules: RuleDefinition[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const ruleId = ruleIdOf(item, index);
    const parsed = schema().rule.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ ruleId, field: fieldOf(issue.path), reason: issue.message });
      }
      return;
    }
    const rule = parsed.data as RuleDefinition;
    if (seen.has(rule.id)) {
      issues.push({ ruleId, field: 'id', reason: 'is used by another rule in the same list' });
      return;
    }
    seen.add(rule.id);
    const regexProblem = checkRegex(rule.pattern, rule.flags ?? 'i');
    if (regexProblem !== undefined) {
      issues.push({ ruleId, field: 'pattern', reason: `invalid regular expression: ${regexProblem}` });
    }
    if (rule.ignore !== true && rule.enabled !== false && (rule.type === undefined || rule.severity === undefined)) {
      if (rule.type === undefined) issues.push({ ruleId, field: 'type', reason: 'is required unless "ignore" is true' });
      if (rule.severity === undefined) {
        issues.push({ ruleId, field: 'severity', reason: 'is required unless "ignore" is true' });
      }
    }
    rules.push(rule);
  });
  if (issues.length > 0) {
    const lines = issues.map((i) => `  rule "${i.ruleId}", field "${i.field}": ${i.reason}`);
    throw new ClassifierError('CLS_ERR_INVALID_RULE', `invalid rules:\n${lines.join('\n')}`, { issues });
  }
  return rules;
}

function checkRegex(pattern: string, flags: string): string | undefined {
  try {
    new RegExp(pattern, flags);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Compiles validated rules; disabled rules are dropped. */
export function compileRules(rules: readonly RuleDefinition[]): CompiledRule[] {
  const compiled: CompiledRule[] = [];
  rules.forEach((rule, order) => {
    if (rule.enabled === false) return;
    const flags = rule.flags ?? 'i';
    compiled.push({
      id: rule.id,
      type: rule.type,
      severity: rule.severity,
      ignore: rule.ignore === true,
      escalate: rule.escalate !== false,
      priority: rule.priority ?? 0,
      regex: new RegExp(rule.pattern, flags),
      source: rule.pattern,
      flags,
      containers: rule.containers?.map(globToRegExp),
      order,
    });
  });
  return compiled;
}

/**
 * Merges user rules over built-ins: a user rule with a built-in's id replaces it
 * (or, with `enabled: false`, removes it); other user rules are added.
 */
export function mergeRules(
  builtins: readonly RuleDefinition[],
  user: readonly RuleDefinition[],
): RuleDefinition[] {
  const byId = new Map(user.map((rule) => [rule.id, rule]));
  const merged = builtins.map((rule) => byId.get(rule.id) ?? rule);
  const builtinIds = new Set(builtins.map((rule) => rule.id));
  for (const rule of user) if (!builtinIds.has(rule.id)) merged.push(rule);
  return merged;
}
