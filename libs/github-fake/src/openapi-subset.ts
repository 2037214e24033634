import { readFileSync } from 'node:fs';

/** The REST paths the fake serves, from GitHub's published description. */
export const SERVED_PATHS = [
  '/user',
  '/rate_limit',
  '/repos/{owner}/{repo}',
  '/repos/{owner}/{repo}/labels',
  '/repos/{owner}/{repo}/issues',
  '/repos/{owner}/{repo}/issues/{issue_number}',
  '/repos/{owner}/{repo}/issues/{issue_number}/comments',
  '/repos/{owner}/{repo}/issues/{issue_number}/labels',
  '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
] as const;

type Spec = { openapi: string; info: unknown; paths: Record<string, Record<string, unknown>> };

/**
 * GitHub's OpenAPI description (the `@octokit/openapi` package, references resolved), cut
 * down to the paths served so validators compile in moments.
 */
export function loadGitHubSubset(): Spec {
  const file = require.resolve('@octokit/openapi/generated/api.github.com.deref.json');
  const full = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  const paths: Spec['paths'] = {};
  for (const path of SERVED_PATHS) {
    const item = full.paths[path];
    if (item === undefined) throw new Error(`GitHub's description has no ${path}`);
    paths[path] = item;
  }
  return { openapi: full.openapi, info: full.info, paths: fixNullable(paths) as Spec['paths'] };
}

/**
 * OpenAPI 3.0 lets `nullable: true` stand beside `oneOf`/`allOf` without a `type`; Ajv refuses
 * that. Such a schema becomes `anyOf: [schema, {type: null}]`, which means the same.
 */
function fixNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullable);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).map(([k, v]) => [k, fixNullable(v)] as const);
  const obj = Object.fromEntries(entries) as Record<string, unknown>;
  // With `nullable`, Ajv wants `null` listed in an `enum` too (GitHub sends state_reason: null).
  if (obj['nullable'] === true && Array.isArray(obj['enum']) && !obj['enum'].includes(null)) obj['enum'] = [...obj['enum'], null];
  if (obj['nullable'] === true && obj['type'] === undefined) {
    const { nullable: _n, ...rest } = obj;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return obj;
}
