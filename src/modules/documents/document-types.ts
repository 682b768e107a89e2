/**
 * The documents a proposal carries, the formats each type takes, and how an upload's format is
 * told: from its first bytes (sniffed), never from its name or the Content-Type the client sent.
 */
export const DOCUMENT_TYPES = ['research-plan', 'cv', 'budget-sheet', 'letter-of-support', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const isDocumentType = (value: unknown): value is DocumentType =>
  typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);

export type DocumentFormat = 'pdf' | 'xlsx' | 'csv';

/** PDF for everything; a budget sheet may also be a spreadsheet (XLSX) or CSV. */
export const FORMATS_OF: Readonly<Record<DocumentType, readonly DocumentFormat[]>> = {
  'research-plan': ['pdf'],
  cv: ['pdf'],
  'budget-sheet': ['pdf', 'xlsx', 'csv'],
  'letter-of-support': ['pdf'],
  other: ['pdf'],
};

export const MEDIA_TYPE: Readonly<Record<DocumentFormat, string>> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

const startsWith = (buf: Buffer, ascii: string) => buf.subarray(0, ascii.length).toString('latin1') === ascii;

/**
 * The format of these bytes, or null. PDF: the `%PDF-1.x`/`%PDF-2.x` header and an `%%EOF` marker
 * near the end; XLSX: a ZIP (local file header) holding `[Content_Types].xml` and `xl/workbook.xml`;
 * CSV: UTF-8 text without control characters other than tab and line breaks, with a separator.
 */
export function sniffFormat(buf: Buffer): DocumentFormat | null {
  if (buf.length === 0) return null;
  if (/^%PDF-[12]\.\d/.test(buf.subarray(0, 8).toString('latin1'))) {
    return buf.subarray(Math.max(0, buf.length - 1024)).includes('%%EOF') ? 'pdf' : null;
  }
  if (startsWith(buf, 'PK\u0003\u0004')) {
    return buf.includes('[Content_Types].xml') && buf.includes('xl/workbook.xml') ? 'xlsx' : null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) return null;
  return /[,;\t]/.test(text) ? 'csv' : null;
}

/**
 * A name that is safe to store, show and send back: the last path segment, without control
 * characters, quotes, slashes or a leading dot, at most 120 characters, ending in the sniffed
 * format's extension (`research-plan.pdf` when nothing is left).
 */
export function safeFilename(name: string | undefined, type: DocumentType, format: DocumentFormat): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is removed here
  let clean = base.normalize('NFC').replace(/[\u0000-\u001F\u007F"'`<>:|?*;%]/g, '_');
  clean = clean.replace(/^[.\s]+/, '').trim();
  const stem = clean.replace(/\.[^.]*$/, '').slice(0, 110) || type;
  return `${stem}.${format}`;
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266, 8187). */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
