import { attachmentDisposition, safeFilename, sniffFormat } from '../document-types.js';
import { type RevisionContent, describeChange, diffRevisions, wordDiff } from '../revision-diff.js';

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

describe('sniffFormat', () => {
  it('tells a PDF by its header and end marker, not by its name', () => {
    expect(sniffFormat(pdf)).toBe('pdf');
    expect(sniffFormat(Buffer.from('%PDF-1.4\nno end marker'))).toBeNull();
    expect(sniffFormat(Buffer.from('%PDF-9.9\n%%EOF'))).toBeNull();
  });

  it('tells an XLSX workbook from any other ZIP', () => {
    const zip = (names: string) => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(names)]);
    expect(sniffFormat(zip('[Content_Types].xml xl/workbook.xml'))).toBe('xlsx');
    expect(sniffFormat(zip('word/document.xml [Content_Types].xml'))).toBeNull();
  });

  it('takes UTF-8 text with separators as CSV and refuses binary, HTML-like text without separators and empty files', () => {
    expect(sniffFormat(Buffer.from('year;amount\n1;100\n'))).toBe('csv');
    expect(sniffFormat(Buffer.from([0x00, 0x01, 0x02, 0x2c]))).toBeNull();
    expect(sniffFormat(Buffer.from([0xff, 0xfe, 0x2c]))).toBeNull();
    expect(sniffFormat(Buffer.from('<html></html>'))).toBeNull();
    expect(sniffFormat(Buffer.alloc(0))).toBeNull();
  });
});

describe('safeFilename', () => {
  it('keeps the last path segment without quotes or control characters, with the sniffed extension', () => {
    expect(safeFilename('../../etc/pass"wd.exe', 'cv', 'pdf')).toBe('pass_wd.pdf');
    expect(safeFilename('C:\\Users\\me\\研究計画.PDF', 'research-plan', 'pdf')).toBe('研究計画.pdf');
    expect(safeFilename('.htaccess', 'other', 'pdf')).toBe('htaccess.pdf');
    expect(safeFilename('...', 'other', 'pdf')).toBe('other.pdf');
    expect(safeFilename(undefined, 'budget-sheet', 'csv')).toBe('budget-sheet.csv');
    expect(safeFilename('a\r\nb.pdf', 'cv', 'pdf')).toBe('a__b.pdf');
  });

  it('writes an attachment disposition with an ASCII fallback and the UTF-8 name', () => {
    expect(attachmentDisposition('研究計画.pdf')).toBe(
      `attachment; filename="____.pdf"; filename*=UTF-8''%E7%A0%94%E7%A9%B6%E8%A8%88%E7%94%BB.pdf`,
    );
  });
});

describe('revision diff', () => {
  const base: RevisionContent = {
    title: 'Landslide warning',
    abstract: 'Seismic arrays warn of landslides.',
    durationMonths: 36,
    keywords: ['seismology'],
    parties: [{ agency: 'JST', piName: 'Sato', institution: 'Tohoku', country: 'JP', budgetPerYear: [1, 2, 3] }],
    documents: { cv: { version: 1, filename: 'cv.pdf', sha256: 'a', sizeBytes: 10 } },
  };

  it('diffs words as kept, removed and added', () => {
    expect(wordDiff('a b c d', 'a x c d e')).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'x' },
      { op: 'same', text: 'c d' },
      { op: 'added', text: 'e' },
    ]);
  });

  it('finds nothing between equal revisions', () => {
    expect(diffRevisions(base, structuredClone(base))).toEqual([]);
  });

  it('names each changed field, party field and document version, in words too', () => {
    const after: RevisionContent = {
      ...base,
      durationMonths: 48,
      keywords: ['seismology', 'GNSS'],
      parties: [{ ...base.parties[0], budgetPerYear: [1, 2, 4] }],
      documents: {
        cv: { version: 2, filename: 'cv2.pdf', sha256: 'b', sizeBytes: 11 },
        'research-plan': { version: 1, filename: 'plan.pdf', sha256: 'c', sizeBytes: 12 },
      },
    };
    const changes = diffRevisions(base, after);
    expect(changes.map((c) => c.field)).toEqual(['durationMonths', 'keywords', 'party', 'document', 'document']);
    expect(changes.map(describeChange)).toEqual([
      'Research period changed from 36 to 48 months.',
      'Keywords added: GNSS.',
      'Party of JST: budgetPerYear changed from [1,2,3] to [1,2,4].',
      'cv replaced: version 2 (cv2.pdf) after version 1.',
      'research-plan added: version 1 (plan.pdf).',
    ]);
  });
});
