import type * as Yaml from 'yaml';
import { ClassifierError } from '../errors';
import type { RuleDefinition } from './rule';
import { validateDependencies, validateRules, type DeclaredDependency } from './rule-schema';

/**
 * Parses the text of a rules file (YAML or JSON — JSON is valid YAML) and validates it.
 * The caller reads the file: this function does no I/O.
 */
export function parseRulesText(text: string, sourceName = 'rules file'): RuleDefinition[] {
  return parseRulesFile(text, sourceName).rules;
}

/** A rules file's rules, and the dependencies it declares (see `DeclaredDependency`). */
export function parseRulesFile(text: string, sourceName = 'rules file'): { rules: RuleDefinition[]; dependencies: DeclaredDependency[] } {
  let raw: unknown;
  try {
    // Loaded here, not at the top: only a rules file needs it, and loading it cost `classify`
    // (with zod, see rule-schema.ts) a sixth of its start.
    const { parse } = require('yaml') as typeof Yaml;
    raw = parse(text, { prettyErrors: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ClassifierError('CLS_ERR_RULES_SYNTAX', `${sourceName}: not valid YAML or JSON: ${reason}`, {
      cause: error,
    });
  }
  try {
    return { rules: validateRules(raw), dependencies: validateDependencies(raw) };
  } catch (error) {
    if (error instanceof ClassifierError) {
      throw new ClassifierError(error.code, `${sourceName}: ${error.message}`, {
        cause: error,
        issues: error.issues,
      });
    }
    throw error;
  }
}
