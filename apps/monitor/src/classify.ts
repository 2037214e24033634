// `classify`: runs the classify bundle (classify-main.js beside this one) with V8's code cache
// kept beside the gate's compiled sets (~/.cache/safework-monitor/code-cache): see runCached.
// This loader imports nothing else of the monitor, so it starts in no time of its own.
import { dirname, join } from 'node:path';
import { defaultCacheDir } from '@safework/literal-scan';
import { runCached } from './cli/code-cache';

runCached(join(__dirname, 'classify-main.js'), join(dirname(defaultCacheDir()), 'code-cache'));
