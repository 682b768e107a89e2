// The structure of docker-compose.yml and the Dockerfile that the service relies on, checked without
// Docker (scripts/compose-check.sh). Exit code 1 with one line per problem.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// js-yaml comes with @nestjs/swagger (a dependency of the service).
const yaml = createRequire(import.meta.url)('js-yaml');
const compose = yaml.load(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'));
const dockerfile = readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8');
const problems = [];
const expect = (ok, problem) => ok || problems.push(problem);

const services = compose.services ?? {};
for (const name of ['postgres', 'redis', 'api', 'worker']) expect(services[name], `no service ${name}`);
const { postgres = {}, redis = {}, api = {}, worker = {} } = services;
const test = (s) => [s.healthcheck?.test ?? []].flat().join(' ');
for (const [name, s] of Object.entries(services)) expect(test(s), `${name} has no health check`);

// Liveness and readiness do not wait on each other: the worker starts once the API is live, and
// /ready (which wants a worker connected) is not what the API's health check asks.
expect(
  /\/health\b/.test(test(api)) && !/\/ready\b/.test(test(api)),
  "the API's health check is not its liveness (/health)",
);
expect(/worker-health\.js/.test(test(worker)), "the worker's health check is not dist/src/tools/worker-health.js");
const workerNeeds = worker.depends_on ?? {};
expect(
  !Array.isArray(workerNeeds) && workerNeeds.api?.condition === 'service_healthy',
  'the worker does not wait for a live API',
);
expect(
  !/\bapi\b/.test(JSON.stringify(api.depends_on ?? {})) && !/\bworker\b/.test(JSON.stringify(api.depends_on ?? {})),
  'the API waits on the worker',
);

// Data that outlives the containers.
const mounts = (s) => (s.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
const named = Object.keys(compose.volumes ?? {});
expect(
  mounts(postgres).some((m) => m.endsWith(':/var/lib/postgresql/data')),
  'PostgreSQL has no volume',
);
expect(
  mounts(redis).some((m) => m.endsWith(':/data')),
  'Redis has no volume',
);
expect(
  mounts(worker).some((m) => m.endsWith(':/app/data/mail')),
  "the worker's mail folder has no volume",
);
for (const s of Object.values(services)) {
  for (const m of mounts(s)) {
    const source = m.split(':')[0];
    if (!source.startsWith('.') && !source.startsWith('/'))
      expect(named.includes(source), `volume ${source} is not declared`);
  }
}

// Replicas: `docker compose up --scale api=N` needs an API without a fixed host port; the proxy
// publishes the one port and passes requests to the service name (every replica's address).
const { proxy = {} } = services;
expect(!(api.ports ?? []).length, 'the API publishes a host port: it cannot be scaled (the proxy publishes it)');
expect(
  (proxy.ports ?? []).some((p) => String(p).startsWith('${TANDEM_PORT')),
  'the proxy does not publish TANDEM_PORT',
);
const proxyConf = mounts(proxy)
  .find((m) => m.endsWith(':/etc/nginx/nginx.conf:ro'))
  ?.split(':')[0];
expect(
  proxyConf && /proxy_pass\s+\$api;/.test(readFileSync(new URL(`../${proxyConf}`, import.meta.url), 'utf8')),
  "the proxy's configuration does not pass requests to the API replicas",
);
expect(/^(uniquelocal|true|\d+)$/.test(String(api.environment?.TRUST_PROXY ?? '')), 'the API does not trust the proxy');

// Settings from the environment.
expect(
  /^\$\{PUBLIC_URL[:-]/.test(String(api.environment?.PUBLIC_URL ?? '')),
  'PUBLIC_URL is not taken from the environment',
);
expect(worker.environment?.MIGRATIONS_RUN === 'false', 'the worker applies migrations too');

// The image on a supported Node LTS.
const node = /^ARG NODE=(\d+)$/m.exec(dockerfile)?.[1];
expect(['24', '26'].includes(node), `the Dockerfile's Node (${node ?? 'none'}) is not a current LTS line (24 or 26)`);
expect(/^FROM node:\$\{NODE\}-slim/m.test(dockerfile), 'the Dockerfile does not build on node:${NODE}-slim');

if (problems.length) {
  console.error(`compose-check: docker-compose.yml or Dockerfile:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `compose-check: structure of docker-compose.yml and Dockerfile: ok (Node ${node}; services ${Object.keys(services).join(', ')})`,
);
