/**
 * Limits of a JSON request body that the size limit alone does not give: a megabyte of `[` is
 * 500,000 levels of nesting, and every recursive walk of the parsed value (the guards, the canonical
 * JSON of the idempotency check and of the audit chain) would overflow the stack on it.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How deep arrays and objects nest in raw JSON text (strings skipped); stops counting past `limit`. */
export function jsonDepth(raw: Uint8Array, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return max;
}

/** A client error the way body-parser raises its own (status and type), so the problem filter answers it. */
class JsonBodyError extends Error {
  readonly expose = true;
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * body-parser's `verify` hook for JSON bodies: runs on the raw bytes before `JSON.parse`, so a body
 * nested deeper than MAX_JSON_DEPTH is refused with a 400 before anything walks it. JSON is UTF-8
 * (RFC 8259); another charset is refused with a 415, which also keeps the byte scan exact (UTF-8
 * never puts these ASCII bytes inside a multi-byte character).
 */
export function checkJsonBody(_req: unknown, _res: unknown, raw: Buffer, encoding: string | null): void {
  if (encoding !== null && encoding.toLowerCase().replace('-', '') !== 'utf8') {
    throw new JsonBodyError(
      415,
      'charset.unsupported',
      `unsupported charset "${encoding.toUpperCase()}": JSON bodies are UTF-8`,
    );
  }
  if (jsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new JsonBodyError(
      400,
      'entity.too.deep',
      `the JSON body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
}
