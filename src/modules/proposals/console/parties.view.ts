import type { SignedInContext } from '../../../console/console-context.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { csrfInput, selectField } from '../../../console/views/components.js';
import { inputField } from '../../../console/views/form-fields.js';
import { CONFLICT_TYPES } from '../../../../workflows/programs/party-rules.js';

export interface MemberView {
  id: string;
  agency: string;
  role: 'pi' | 'member';
  name: string;
  email: string;
  institution: string;
  /** Based in the country the call's disaster struck (J-RAPID). */
  local?: boolean;
  accepted: boolean;
  orcid?: string | null;
  researcherNumber?: string | null;
  effortPercent?: number | null;
}

export interface DeclaredConflictView {
  id: string;
  name: string;
  institution: string;
  type: string;
  note: string;
  /** The viewer may withdraw it (its declarer, or the lead PI for its own party's declarations). */
  withdrawable?: boolean;
}

/**
 * The people of the proposal's parties (principal investigators and team members invited by e-mail,
 * with whether they accepted) and, for its lead principal investigator while it is drafted, the
 * invitation form and a way to take an invitation back.
 */
export function membersPanel(
  ctx: SignedInContext,
  o: {
    id: string;
    members: MemberView[];
    agencies: string[];
    canInvite: boolean;
    /** J-RAPID: the country the call's disaster struck (its local researchers are marked); null otherwise. */
    affectedCountry?: string | null;
  },
): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" id="party-members" aria-labelledby="party-members-title">
  <h2 id="party-members-title">${t.t('parties.members')}</h2>
  ${
    o.members.length
      ? html`<div class="table-wrap"><table class="data compact" id="members-table">
    <caption class="visually-hidden">${t.t('parties.members')}</caption>
    <thead><tr><th scope="col">${t.t('party.agency')}</th><th scope="col">${t.t('parties.role')}</th><th scope="col">${t.t('parties.name')}</th><th scope="col">${t.t('party.institution')}</th><th scope="col">${t.t('parties.status')}</th>${o.canInvite ? html`<th scope="col"><span class="visually-hidden">${t.t('parties.remove')}</span></th>` : ''}</tr></thead>
    <tbody>${o.members.map(
      (m) =>
        html`<tr data-member="${m.email}"><th scope="row">${m.agency}</th><td>${t.t(m.role === 'pi' ? 'parties.role.pi' : 'parties.role.member')}</td><td>${m.name}<br><span class="muted">${m.email}</span>${m.orcid || m.researcherNumber || m.effortPercent != null ? html`<br><span class="muted identity">${[m.orcid ? `ORCID ${m.orcid}` : '', m.researcherNumber ? t.t('identity.researcherNumberShort', { number: m.researcherNumber }) : '', m.effortPercent != null ? t.t('identity.effortShort', { n: m.effortPercent }) : ''].filter(Boolean).join(' · ')}</span>` : ''}</td><td>${m.institution}${m.local ? html` <span class="badge" data-local="true">${t.t('jrapid.local.yes')}</span>` : ''}</td><td>${t.t(m.accepted ? 'parties.status.accepted' : 'parties.status.invited')}</td>${
          o.canInvite
            ? html`<td><form method="post" action="/console/proposals/${o.id}/members/${m.id}/remove">${csrfInput(ctx)}<button type="submit" class="secondary">${t.t('parties.remove')}</button></form></td>`
            : ''
        }</tr>`,
    )}</tbody></table></div>`
      : html`<p class="muted" id="no-members">${t.t('parties.none')}</p>`
  }
  ${
    o.canInvite
      ? html`<form method="post" action="/console/proposals/${o.id}/members" class="event-form with-fields" id="invite-form" aria-labelledby="invite-title">
    <h3 id="invite-title">${t.t('parties.invite')}</h3>
    <p class="hint">${t.t('parties.inviteHint')}</p>
    ${csrfInput(ctx)}
    <div class="inline-fields">
      ${selectField(
        'invite-agency',
        'agency',
        t.t('party.agency'),
        o.agencies.map((a) => ({ value: a, label: a })),
        undefined,
      )}
      ${selectField(
        'invite-role',
        'role',
        t.t('parties.role'),
        [
          { value: 'pi', label: t.t('parties.role.pi') },
          { value: 'member', label: t.t('parties.role.member') },
        ],
        'member',
      )}
    </div>
    <div class="inline-fields">
      ${inputField('text', { id: 'invite-name', name: 'name', label: t.t('parties.name'), required: true, attrs: html` maxlength="200"` })}
      ${inputField('text', { id: 'invite-email', name: 'email', label: t.t('parties.email'), required: true, attrs: html` maxlength="320" autocomplete="off"` })}
      ${inputField('text', { id: 'invite-institution', name: 'institution', label: t.t('party.institution'), required: true, attrs: html` maxlength="300"` })}
    </div>
    <div class="inline-fields">
      ${inputField('text', { id: 'invite-orcid', name: 'orcid', label: html`${t.t('identity.orcid')} <span class="muted">${t.t('actions.optional')}</span>`, hint: t.t('identity.orcidHint'), attrs: html` maxlength="19" autocomplete="off" placeholder="0000-0000-0000-000X"` })}
      ${inputField('text', { id: 'invite-researcher-number', name: 'researcherNumber', label: html`${t.t('identity.researcherNumber')} <span class="muted">${t.t('actions.optional')}</span>`, hint: t.t('identity.researcherNumberHint'), attrs: html` maxlength="8" inputmode="numeric" autocomplete="off"` })}
      ${inputField('number', { id: 'invite-effort', name: 'effortPercent', label: html`${t.t('identity.effort')} <span class="muted">${t.t('actions.optional')}</span>`, hint: t.t('identity.effortHint'), attrs: html` min="0" max="100" step="1"` })}
    </div>
    ${
      o.affectedCountry
        ? html`<div class="field"><label class="choice"><input type="checkbox" name="local" value="true" id="invite-local" aria-describedby="invite-local-hint"> ${t.t('jrapid.local')}</label>
      <p class="hint" id="invite-local-hint">${t.t('jrapid.local.hint')}</p></div>`
        : ''
    }
    <button type="submit">${t.t('parties.sendInvitation')}</button>
  </form>`
      : ''
  }
</section>`;
}

/** The conflicts of interest the applicants declared, with their type; the form while the proposal is drafted. */
export function conflictsPanel(
  ctx: SignedInContext,
  o: { id: string; conflicts: DeclaredConflictView[]; canDeclare: boolean },
): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" id="declared-conflicts" aria-labelledby="declared-conflicts-title">
  <h2 id="declared-conflicts-title">${t.t('parties.conflicts')}</h2>
  <p class="hint">${t.t('parties.conflictsHint')}</p>
  ${
    o.conflicts.length
      ? html`<div class="table-wrap"><table class="data compact" id="conflicts-table">
    <caption class="visually-hidden">${t.t('parties.conflicts')}</caption>
    <thead><tr><th scope="col">${t.t('parties.name')}</th><th scope="col">${t.t('party.institution')}</th><th scope="col">${t.t('parties.conflictType')}</th><th scope="col">${t.t('parties.note')}</th>${o.canDeclare ? html`<th scope="col"><span class="visually-hidden">${t.t('parties.remove')}</span></th>` : ''}</tr></thead>
    <tbody>${o.conflicts.map(
      (c) =>
        html`<tr data-conflict-type="${c.type}"><th scope="row">${c.name}</th><td>${c.institution}</td><td>${t.label('option', c.type)}</td><td>${c.note || '—'}</td>${
          !o.canDeclare
            ? ''
            : c.withdrawable
              ? html`<td><form method="post" action="/console/proposals/${o.id}/conflicts/${c.id}/remove">${csrfInput(ctx)}<button type="submit" class="secondary">${t.t('parties.remove')}</button></form></td>`
              : html`<td class="muted">${t.t('parties.declaredByOther')}</td>`
        }</tr>`,
    )}</tbody></table></div>`
      : html`<p class="muted" id="no-conflicts">${t.t('parties.noConflicts')}</p>`
  }
  ${
    o.canDeclare
      ? html`<form method="post" action="/console/proposals/${o.id}/conflicts" class="event-form with-fields" id="conflict-form" aria-labelledby="conflict-form-title">
    <h3 id="conflict-form-title">${t.t('parties.declare')}</h3>
    ${csrfInput(ctx)}
    <div class="inline-fields">
      ${inputField('text', { id: 'conflict-name', name: 'name', label: t.t('parties.name'), required: true, attrs: html` maxlength="200"` })}
      ${inputField('text', { id: 'conflict-institution', name: 'institution', label: t.t('party.institution'), required: true, attrs: html` maxlength="300"` })}
      ${selectField(
        'conflict-type',
        'type',
        t.t('parties.conflictType'),
        CONFLICT_TYPES.map((c) => ({ value: c, label: t.label('option', c) })),
        'collaborator',
      )}
    </div>
    ${inputField('text', { id: 'conflict-note', name: 'note', label: t.t('parties.note'), attrs: html` maxlength="1000"` })}
    <button type="submit">${t.t('parties.declareButton')}</button>
  </form>`
      : ''
  }
</section>`;
}

/** The page of one's own invitation to a proposal's party: what it is, and the button to accept it. */
export function invitationPage(
  ctx: SignedInContext,
  o: { id: string; title: string; agency: string; role: string; accepted: boolean },
): SafeHtml {
  const { t } = ctx;
  return html`<section class="panel" id="invitation" aria-labelledby="invitation-title">
  <h2 id="invitation-title">${t.t('parties.invitationTitle')}</h2>
  <p>${t.t(o.role === 'pi' ? 'parties.invitedAsPi' : 'parties.invitedAsMember', { agency: o.agency, title: o.title })}</p>
  ${
    o.accepted
      ? html`<p id="invitation-accepted">${t.t('parties.alreadyAccepted')} <a href="/console/proposals/${o.id}">${o.title}</a></p>`
      : html`<div class="button-row"><form method="post" action="/console/proposals/${o.id}/invitation">${csrfInput(ctx)}<button type="submit" id="accept-invitation">${t.t('parties.accept')}</button></form>
        <form method="post" action="/console/proposals/${o.id}/invitation/decline">${csrfInput(ctx)}<button type="submit" class="secondary" id="decline-invitation">${t.t('parties.decline')}</button></form></div>`
  }
</section>`;
}
