import { parse as parseYaml } from 'yaml';
import { ClassifierError } from '../errors';
import type { RuleDefinition } from './rule';
import { validateRules } from './rule-schema';

/**
 * Parses the text of a rules file (YAML or JSON — JSON is valid YAML) and validates it.
 * The caller reads the file: this function does no I/O.
 */
export function parseRulesText(text: string, sourceName = 'rules file'): RuleDefinition[] {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ClassifierError('CLS_ERR_RULES_SYNTAX', `${sourceName}: not valid YAML or JSON: ${reason}`, {
      cause: error,
    });
  }
  try {
    return validateRules(raw);
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
