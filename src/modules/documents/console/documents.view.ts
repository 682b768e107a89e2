import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import type { MessageKey } from '../../../console/i18n/en.js';
import type { Translator } from '../../../console/i18n/i18n.js';
import { csrfInput, timeTag } from '../../../console/views/components.js';
import { DOCUMENT_TYPES } from '../document-types.js';
import type { Change, WordChange } from '../revision-diff.js';

/** A document as the console lists it (a row of DocumentsRepository.listDocuments). */
export interface ListedDocument {
  id: string;
  doc_type: string;
  version: number;
  filename: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date | string;
  uploaded_by_name: string | null;
}

export const documentTypeLabel = (t: Translator, type: string): string =>
  t.has(`document.type.${type}`) ? t.t(`document.type.${type}` as MessageKey) : type;

const size = (t: Translator, bytes: number): string => t.bytes(bytes);

const downloadHref = (proposalId: string, d: ListedDocument) => `/console/proposals/${proposalId}/documents/${d.id}`;

/**
 * The proposal's documents: the newest version of each type first, older versions below it, the
 * types its program requires (missing ones named), and the upload form for its applicants while
 * they may change the proposal.
 */
export function documentsPanel(
  ctx: SignedInContext,
  o: { proposalId: string; documents: ListedDocument[]; required: string[]; canUpload: boolean },
): SafeHtml {
  const { t } = ctx;
  const missing = o.required.filter((type) => !o.documents.some((d) => d.doc_type === type));
  const rows = o.documents.map((d, i) => {
    const latest = i === 0 || o.documents[i - 1].doc_type !== d.doc_type;
    return html`<tr class="${latest ? 'document-latest' : 'document-older'}" data-type="${d.doc_type}" data-version="${d.version}">
      <th scope="row">${latest ? documentTypeLabel(t, d.doc_type) : ''}</th>
      <td class="num">${d.version}${latest ? '' : html` <span class="muted">${t.t('documents.older')}</span>`}</td>
      <td><a href="${downloadHref(o.proposalId, d)}" download>${d.filename}</a></td>
      <td class="num">${size(t, d.size_bytes)}</td>
      <td>${timeTag(t, d.uploaded_at)}${d.uploaded_by_name ? html`<br><span class="muted">${d.uploaded_by_name}</span>` : ''}</td>
      <td><code title="${d.sha256}">${d.sha256.slice(0, 12)}…</code></td>
    </tr>`;
  });
  return html`<section class="panel" id="documents" aria-labelledby="documents-title">
  <h2 id="documents-title">${t.t('documents.title')}</h2>
  ${o.required.length ? html`<p id="documents-required">${t.t('documents.required', { types: o.required.map((x) => documentTypeLabel(t, x)).join(', ') })}</p>` : ''}
  ${missing.length ? html`<p class="flash flash-error" id="documents-missing">${t.t('documents.missing', { types: missing.map((x) => documentTypeLabel(t, x)).join(', ') })}</p>` : ''}
  ${
    o.documents.length
      ? html`<div class="table-wrap"><table class="data compact" id="documents-table">
    <caption class="visually-hidden">${t.t('documents.title')}</caption>
    <thead><tr><th scope="col">${t.t('documents.col.type')}</th><th scope="col" class="num">${t.t('documents.col.version')}</th><th scope="col">${t.t('documents.col.file')}</th><th scope="col" class="num">${t.t('documents.col.size')}</th><th scope="col">${t.t('documents.col.uploaded')}</th><th scope="col">${t.t('documents.col.sha256')}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`
      : html`<p class="muted" id="documents-none">${t.t('documents.none')}</p>`
  }
  ${o.canUpload ? uploadForm(ctx, o.proposalId) : ''}
  <p class="page-links"><a id="revisions-link" href="/console/proposals/${o.proposalId}/revisions">${t.t('revisions.open')}</a></p>
</section>`;
}

function uploadForm(ctx: SignedInContext, proposalId: string): SafeHtml {
  const { t } = ctx;
  return html`<form method="post" action="/console/proposals/${proposalId}/documents" enctype="multipart/form-data" class="event-form" id="document-upload">
  ${csrfInput(ctx)}
  <h3>${t.t('documents.upload')}</h3>
  <div class="field"><label for="document-type">${t.t('documents.col.type')}</label><select id="document-type" name="type">${DOCUMENT_TYPES.map(
    (type) => html`<option value="${type}">${documentTypeLabel(t, type)}</option>`,
  )}</select></div>
  <div class="field"><label for="document-file">${t.t('documents.col.file')}</label><input id="document-file" type="file" name="file" required accept=".pdf,.xlsx,.csv,application/pdf"></div>
  <p class="hint">${t.t('documents.formats')}</p>
  <button type="submit">${t.t('documents.upload')}</button>
</form>`;
}

/** The proposal's documents as a reviewer's assignment page links them: the newest version of each type. */
export function documentLinks(t: Translator, proposalId: string, documents: ListedDocument[]): SafeHtml {
  const latest = documents.filter((d, i) => i === 0 || documents[i - 1].doc_type !== d.doc_type);
  return html`<section class="panel" id="proposal-documents" aria-labelledby="proposal-documents-title">
  <h2 id="proposal-documents-title">${t.t('documents.title')}</h2>
  ${
    latest.length
      ? html`<ul class="document-links">${latest.map(
          (d) =>
            html`<li><a href="${downloadHref(proposalId, d)}" download>${documentTypeLabel(t, d.doc_type)}: ${d.filename}</a> <span class="muted">${t.t('documents.versionN', { n: d.version })}, ${size(t, d.size_bytes)}</span></li>`,
        )}</ul>`
      : html`<p class="muted">${t.t('documents.none')}</p>`
  }
</section>`;
}

const words = (ws: WordChange[]): SafeHtml =>
  html`<p class="word-diff">${ws.map((w, i) => {
    const sep = i ? ' ' : '';
    if (w.op === 'added') return html`${sep}<ins>${w.text}</ins>`;
    if (w.op === 'removed') return html`${sep}<del>${w.text}</del>`;
    return html`${sep}${w.text}`;
  })}</p>`;

const PARTY_FIELD_KEYS: Record<string, MessageKey> = {
  piName: 'party.pi',
  institution: 'party.institution',
  country: 'party.country',
  budgetPerYear: 'party.budget',
};

const shown = (v: unknown): string =>
  Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '—' : String(v);

/** One change in the reader's words (and the texts' words added and removed). */
export function changeInWords(t: Translator, c: Change): SafeHtml {
  switch (c.field) {
    case 'title':
      return html`<li>${t.t('revisions.change.title', { before: c.before, after: c.after })}${words(c.words)}</li>`;
    case 'abstract':
      return html`<li>${t.t('revisions.change.abstract')}${words(c.words)}</li>`;
    case 'durationMonths':
      return html`<li>${t.t('revisions.change.duration', { before: c.before, after: c.after })}</li>`;
    case 'keywords':
      return html`<li>${c.added.length ? t.t('revisions.change.keywordsAdded', { list: c.added.join(', ') }) : ''} ${c.removed.length ? t.t('revisions.change.keywordsRemoved', { list: c.removed.join(', ') }) : ''}</li>`;
    case 'party':
      if (c.change === 'added') return html`<li>${t.t('revisions.change.partyAdded', { agency: c.agency })}</li>`;
      if (c.change === 'removed') return html`<li>${t.t('revisions.change.partyRemoved', { agency: c.agency })}</li>`;
      return html`${c.fields.map(
        (f) =>
          html`<li>${t.t('revisions.change.partyField', { agency: c.agency, field: t.t(PARTY_FIELD_KEYS[f.name]), before: shown(f.before), after: shown(f.after) })}</li>`,
      )}`;
    case 'document': {
      const type = documentTypeLabel(t, c.type);
      if (!c.after) return html`<li>${t.t('revisions.change.documentRemoved', { type })}</li>`;
      return c.before
        ? html`<li>${t.t('revisions.change.documentReplaced', { type, version: c.after.version, file: c.after.filename, old: c.before.version })}</li>`
        : html`<li>${t.t('revisions.change.documentAdded', { type, version: c.after.version, file: c.after.filename })}</li>`;
    }
  }
}

export interface ShownRevision {
  number: number;
  kind: string;
  amendment: boolean;
  createdAt: string;
  by: { name: string | null };
  answeredInformationRequestAt: string | null;
  changes: Change[];
}

/** Every revision, newest first, each with what changed since the one before it. */
export function revisionsPage(t: Translator, revisions: ShownRevision[]): SafeHtml {
  if (!revisions.length) return html`<p class="muted" id="revisions-none">${t.t('revisions.none')}</p>`;
  return html`<div class="revisions" id="revisions">${[...revisions].reverse().map(
    (r) => html`<section class="panel revision" id="revision-${r.number}" data-number="${r.number}">
    <h2>${t.t('revisions.heading', { n: r.number })} <span class="muted">${timeTag(t, r.createdAt)}${r.by.name ? ` · ${r.by.name}` : ''}</span></h2>
    ${r.amendment ? html`<p class="badge amendment">${t.t('revisions.amendment')}</p>` : ''}
    ${r.answeredInformationRequestAt ? html`<p class="answered">${t.t('revisions.answered', { at: t.date(r.answeredInformationRequestAt) })}</p>` : ''}
    ${
      r.kind === 'original'
        ? html`<p>${t.t('revisions.original')}</p>`
        : r.changes.length
          ? html`<ul class="changes">${r.changes.map((c) => changeInWords(t, c))}</ul>`
          : html`<p class="muted">${t.t('revisions.noChanges')}</p>`
    }
  </section>`,
  )}</div>`;
}
