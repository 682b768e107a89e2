import type { HelmetOptions } from 'helmet';

type Directives = Record<string, string[]>;

/**
 * The console's Content-Security-Policy: scripts, styles and connections from this origin only,
 * no inline script or style, forms posted only here, framed only by this origin (the workflow
 * diagram page is shown in a frame). No `upgrade-insecure-requests`: a plain-HTTP deployment
 * (the embedded quick start) must keep working.
 */
export const CSP_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

export const cspHeader = (directives: Directives): string =>
  Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');

export function securityHeaders(overrides: Directives = {}): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: { ...CSP_DIRECTIVES, ...overrides } },
    // Same-origin only: no other site may read the console's answers or open it in a popup it controls.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
  };
}

/** Swagger UI styles itself inline; its page gets that and nothing more. */
export const API_DOCS_CSP_OVERRIDES: Directives = {
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'https:'],
};
