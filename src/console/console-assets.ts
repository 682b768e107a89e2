import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';

/** The folder holding package.json, found from this file in `src/` (tests) or `dist/src/` (built). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the console module');
    dir = parent;
  }
  return dir;
}

const ROOT = projectRoot();
export const PUBLIC_DIR = join(ROOT, 'public', 'console');
const MERMAID = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

/** Appended to asset URLs so a new release is fetched, not served from a browser's cache. */
export const ASSET_VERSION: string = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

export const asset = (name: string): string => `/console/assets/${name}?v=${ASSET_VERSION}`;
export const MERMAID_URL = `/console/assets/vendor/mermaid.min.js?v=${ASSET_VERSION}`;

/**
 * The console's own CSS and scripts (public/console) and Mermaid's browser bundle, from this
 * service: no CDN, nothing fetched from elsewhere.
 */
export function mountConsoleAssets(app: NestExpressApplication): void {
  app.use('/console/assets/vendor/mermaid.min.js', (req: Request, res: Response, next: () => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.sendFile(MERMAID, { maxAge: '1d' });
  });
  app.useStaticAssets(PUBLIC_DIR, { prefix: '/console/assets/', index: false, maxAge: '1h', fallthrough: true });
}
