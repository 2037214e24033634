// Validates the deployment files: the Kubernetes manifests against the Kubernetes OpenAPI
// schemas (kubernetes-models' validators), plus the links between them a schema cannot see;
// the Swarm stack with `docker stack config` when this Docker CLI has it, else Compose's own
// schema (`docker-compose config`). Says what it ran; exits 1 naming every problem.
//   node tools/deploy-check/check-deploy.mjs [deploy-dir]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

const dir = resolve(process.argv[2] ?? join(import.meta.dirname, '../../deploy'));
const problems = [];
const ran = [];

// apiVersion → the kubernetes-models module path of its group and version.
const modulePath = (apiVersion, kind) => `kubernetes-models/${apiVersion.includes('/') ? apiVersion : `v1`}/${kind}`;

const docs = [];
for (const file of readdirSync(join(dir, 'k8s')).filter((f) => f.endsWith('.yaml')).sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, 'k8s', file), 'utf8'))) {
    if (doc.errors.length > 0) {
      problems.push(`${file}: YAML: ${doc.errors[0].message}`);
      continue;
    }
    const body = doc.toJS();
    if (body === null) continue;
    docs.push({ file, body });
  }
}
for (const { file, body } of docs) {
  const where = `${file}: ${body.kind ?? '?'}/${body.metadata?.name ?? '?'}`;
  let Model;
  try {
    Model = (await import(modulePath(body.apiVersion ?? '', body.kind ?? '')))[body.kind];
  } catch {
    problems.push(`${where}: unknown apiVersion/kind ${body.apiVersion}/${body.kind}`);
    continue;
  }
  try {
    new Model(body).validate();
  } catch (error) {
    problems.push(`${where}: ${error.message}`);
  }
}
ran.push(`kubernetes-models ${JSON.parse(readFileSync(new URL(import.meta.resolve('kubernetes-models/package.json')), 'utf8')).version}: ${docs.length} Kubernetes objects in ${join(dir, 'k8s')}`);

// What a schema cannot see: selectors that select, and the monitor's settings.
const labelsMatch = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
for (const { file, body } of docs) {
  const spec = body.spec ?? {};
  if (['DaemonSet', 'Deployment'].includes(body.kind) && !labelsMatch(spec.selector?.matchLabels, spec.template?.metadata?.labels)) {
    problems.push(`${file}: ${body.kind}/${body.metadata.name}: its selector does not match its pod labels`);
  }
  if (body.kind === 'Service') {
    const backs = docs.some((d) => ['DaemonSet', 'Deployment'].includes(d.body.kind) && labelsMatch(body.spec?.selector, d.body.spec?.template?.metadata?.labels));
    if (!backs) problems.push(`${file}: Service/${body.metadata.name} selects no pods of these manifests`);
  }
}
const daemon = docs.find((d) => d.body.kind === 'DaemonSet');
const monitor = daemon?.body.spec.template.spec.containers.find((c) => c.name === 'monitor');
const env = new Map((monitor?.env ?? []).map((e) => [e.name, e]));
for (const name of ['STATE_REDIS_URL', 'MONITOR_HOST_ID', 'DOCKER_HOST', 'STATE_DIR']) if (!env.has(name)) problems.push(`k8s: the monitor container does not set ${name}`);
if (monitor?.volumeMounts?.some((m) => m.mountPath === '/var/run/docker.sock')) problems.push('k8s: the monitor mounts the Docker socket itself; it must go through the proxy');

// The Swarm stack.
const stack = join(dir, 'swarm-stack.yml');
const stackEnv = { ...process.env, GITHUB_REPO: process.env.GITHUB_REPO ?? 'owner/name', HEALTH_API_TOKEN: process.env.HEALTH_API_TOKEN ?? 'token-for-validation' };
// Docker 20.10's CLI answers `stack config --help` with the help of `stack`, status 0.
const stackHelp = spawnSync('docker', ['stack', 'config', '--help'], { encoding: 'utf8' });
const hasStackConfig = stackHelp.status === 0 && /docker stack config/.test(stackHelp.stdout);
const run = hasStackConfig
  ? spawnSync('docker', ['stack', 'config', '-c', stack], { encoding: 'utf8', env: stackEnv })
  : spawnSync('docker-compose', ['-f', stack, 'config', '-q'], { encoding: 'utf8', env: stackEnv });
ran.push(hasStackConfig ? `docker stack config -c ${stack}` : `docker-compose -f ${stack} config -q (this Docker CLI has no "docker stack config")`);
if (run.error !== undefined) problems.push(`swarm-stack.yml: cannot run the validator: ${run.error.message}`);
else if (run.status !== 0) problems.push(`swarm-stack.yml: ${(run.stderr || run.stdout).trim()}`);
if (existsSync(stack)) {
  const services = parseAllDocuments(readFileSync(stack, 'utf8'))[0]?.toJS()?.services ?? {};
  for (const name of ['error-monitor', 'docker-proxy']) {
    if (services[name]?.deploy?.mode !== 'global') problems.push(`swarm-stack.yml: ${name} must be a global service (one per Docker host)`);
  }
}

for (const line of ran) console.log(`checked: ${line}`);
for (const p of problems) console.log(`problem: ${p}`);
console.log(problems.length === 0 ? 'deployment files: ok' : `deployment files: ${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
