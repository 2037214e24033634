#!/usr/bin/env node
// `npm run -s classify`: runs the classify bundle (dist/apps/monitor/classify.js and the
// classify-main.js it loads), first bundling them again when a source they are made of is
// newer (esbuild, ~0.1 s). The bundle starts
// in a fraction of the time the TypeScript sources take through tsx.
'use strict';
const { copyFileSync, existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..', '..');
const out = join(root, 'dist', 'apps', 'monitor', 'classify.js');
const addon = join(root, 'libs', 'literal-scan', 'native', 'build', 'literal_scan.node');
const sources = ['apps/monitor/src', 'libs/classifier/src', 'libs/literal-scan/src'].map((d) => join(root, d));

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

const built = existsSync(out) ? statSync(out).mtimeMs : 0;
if (built < Math.max(...sources.map(newest), statSync(join(root, 'tsconfig.base.json')).mtimeMs)) {
  require('esbuild').buildSync({
    // The loader and the bundle it runs with V8's code cache (src/classify.ts).
    entryPoints: [join(root, 'apps/monitor/src/classify.ts'), join(root, 'apps/monitor/src/classify-main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Loaded from node_modules when a rules file needs them, never at start (see rule-schema.ts).
    external: ['zod', 'yaml'],
    outdir: join(root, 'dist', 'apps', 'monitor'),
    tsconfig: join(root, 'tsconfig.base.json'),
  });
}
const beside = join(root, 'dist', 'apps', 'monitor', 'literal_scan.node');
if (existsSync(addon) && (!existsSync(beside) || statSync(beside).mtimeMs < statSync(addon).mtimeMs)) copyFileSync(addon, beside);
require(out);
