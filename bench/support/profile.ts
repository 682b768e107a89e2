import { Session } from 'node:inspector/promises';

/** Self CPU time of this process by component, from V8's sampling profiler (built in, no package). */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface ComponentShare {
  component: string;
  /** Share of the sampled CPU time (idle excluded). */
  share: number;
}

function component(url: string, functionName: string): string | undefined {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 and native, unattributed';
  // Socket writes: on loopback the kernel delivers to the receiver inside the sender's write().
  if (!url && /^(writev|writeBuffer|writeUtf8String|writeLatin1String|writeAsciiString)$/.test(functionName))
    return 'socket write syscalls';
  if (!url) return undefined; // a builtin (JSON.parse, Array methods...): charged to its caller
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) {
    if (pkg === 'typeorm') return 'TypeORM';
    if (
      /^(pg|pg-protocol|pg-types|pg-pool|pg-connection-string|pgpass|postgres-.*|buffer-writer|packet-reader)$/.test(
        pkg,
      )
    )
      return 'pg driver';
    if (pkg === 'xstate') return 'XState';
    if (pkg === 'zod') return 'zod';
    if (pkg.startsWith('@nestjs/')) return 'NestJS';
    if (
      /^(pino|pino-.*|nestjs-pino|sonic-boom|thread-stream|fast-redact|quick-format-unescaped|on-exit-leak-free|safe-stable-stringify)$/.test(
        pkg,
      )
    )
      return 'pino logging';
    if (/^(rxjs|tslib|reflect-metadata)$/.test(pkg)) return 'rxjs, tslib, reflect-metadata';
    if (/^(class-validator|class-transformer|validator)$/.test(pkg)) return 'class-validator/transformer';
    return 'Express, helmet and other packages';
  }
  if (url.includes('/dist/bench/')) return 'benchmark harness';
  if (/\/dist\/(src|workflows)\//.test(url)) return 'Tandem code (src, workflows)';
  if (url.startsWith('node:')) return 'Node core (net, http, streams, timers, crypto)';
  return 'other';
}

export interface FunctionShare {
  fn: string;
  component: string;
  share: number;
}

function shortUrl(url: string): string {
  const pkg = /\/node_modules\/(.*)$/.exec(url);
  if (pkg) return pkg[1];
  const dist = /\/dist\/(.*)$/.exec(url);
  if (dist) return dist[1];
  return url;
}

export async function profileCpu<T>(
  run: () => Promise<T>,
  intervalUs = 500,
): Promise<{ result: T; shares: ComponentShare[]; top: FunctionShare[] }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    let result: T;
    let profile: { nodes: ProfileNode[] };
    try {
      result = await run();
    } finally {
      ({ profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[] } });
    }
    const parent = new Map<number, ProfileNode>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
    const hits = new Map<string, number>();
    const fnHits = new Map<string, { component: string; hits: number }>();
    let total = 0;
    for (const n of profile.nodes) {
      const count = n.hitCount ?? 0;
      if (!count || n.callFrame.functionName === '(idle)') continue;
      let at: ProfileNode | undefined = n;
      let name: string | undefined;
      while (at && (name = component(at.callFrame.url, at.callFrame.functionName)) === undefined)
        at = parent.get(at.id);
      name ??= 'other';
      hits.set(name, (hits.get(name) ?? 0) + count);
      total += count;
      const f = n.callFrame;
      const fn = f.url
        ? `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`
        : `${f.functionName} (builtin)`;
      const entry = fnHits.get(fn) ?? { component: name, hits: 0 };
      entry.hits += count;
      fnHits.set(fn, entry);
    }
    const top = [...fnHits.entries()]
      .map(([fn, v]) => ({ fn, component: v.component, share: v.hits / total }))
      .sort((a, b) => b.share - a.share)
      .slice(0, 15);
    const shares = [...hits.entries()]
      .map(([c, h]) => ({ component: c, share: h / total }))
      .sort((a, b) => b.share - a.share);
    return { result, shares, top };
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
