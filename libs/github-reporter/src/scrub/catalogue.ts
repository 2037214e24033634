import { rules as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintRuleContext, SecretLintRuleCreator, SecretLintRuleReportDescriptor, SecretLintRuleReportHandler, SecretLintSourceCode } from '@secretlint/types';

/**
 * Every secret the recommended preset knows is a token of 16 characters or more, sits in a URL,
 * or is a PEM block: text without any of those is not handed to its rules, which saves most of
 * the cost on short messages. `catalogue.spec.ts` holds every sample to it.
 */
const CANDIDATE = /[A-Za-z0-9_+/=-]{16}|:\/\/|-----BEGIN/;

/** A secret the catalogue found: where it is and which of its rules found it. */
export interface CatalogueFinding {
  readonly start: number;
  readonly end: number;
  /** The rule's short name: `slack`, `privatekey`, `aws`… */
  readonly rule: string;
}

/**
 * secretlint's recommended preset (AWS, GCP, Slack, GitHub, GitLab, npm, OpenAI, Anthropic,
 * private keys, basic auth, connection strings and more), run on a piece of text.
 *
 * `@secretlint/core` runs the same rules through a promise per rule; scrubbing happens inside
 * the checkpoint's transaction and the reporter's synchronous observe, so this runs the rules'
 * `file` handlers directly through the rule API the catalogue is written against
 * (`SecretLintRuleContext`). `catalogue.spec.ts` checks that it finds what core finds.
 */
export class SecretCatalogue {
  readonly #handlers: { readonly rule: string; readonly handler: SecretLintRuleReportHandler }[] = [];
  #found: CatalogueFinding[] = [];

  constructor(rules: readonly SecretLintRuleCreator[] = recommended as readonly SecretLintRuleCreator[]) {
    for (const rule of rules) {
      if (rule.meta.type !== 'scanner' || !rule.meta.supportedContentTypes.some((t) => t === 'text' || t === 'all')) continue;
      const name = rule.meta.id.replace(/^@secretlint\/secretlint-rule-/, '');
      // `secretlint-disable` comments belong in source files: a log line cannot switch scrubbing off.
      if (name === 'filter-comments') continue;
      const context: SecretLintRuleContext = {
        sharedOptions: {},
        createTranslator: () => (id: string) => ({ message: id, messageId: id, data: {} }),
        report: (d: SecretLintRuleReportDescriptor) => this.#found.push({ start: d.range[0], end: d.range[1], rule: name }),
        ignore: () => undefined,
      } as unknown as SecretLintRuleContext;
      this.#handlers.push({ rule: name, handler: rule.create(context, {}) });
    }
  }

  /** The rules it runs, by short name. */
  get rules(): readonly string[] {
    return this.#handlers.map((h) => h.rule);
  }

  /** Every finding in `text`, in order of position. A rule that throws finds the whole text: scrubbing fails closed. */
  find(text: string): CatalogueFinding[] {
    if (!CANDIDATE.test(text)) return [];
    const source = sourceOf(text);
    this.#found = [];
    for (const { rule, handler } of this.#handlers) {
      try {
        const pending = handler.file?.(source);
        // Only binary content (PKCS#12) takes the asynchronous path; a text never does.
        if (pending instanceof Promise) pending.catch(() => undefined);
      } catch {
        this.#found.push({ start: 0, end: text.length, rule });
      }
    }
    const found = this.#found;
    this.#found = [];
    return found.sort((a, b) => a.start - b.start || b.end - a.end);
  }
}

function sourceOf(content: string): SecretLintSourceCode {
  return {
    hasBOM: false,
    content,
    filePath: undefined,
    physicalFilePath: undefined,
    contentType: 'text',
    ext: '',
    getFilePath: () => undefined,
    getPhysicalFilePath: () => undefined,
    locationToRange: () => [0, 0],
    rangeToLocation: () => ({ start: { line: 1, column: 0 }, end: { line: 1, column: 0 } }),
  } as unknown as SecretLintSourceCode;
}
