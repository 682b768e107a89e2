import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isAdministrator } from '../../../engine/actor.js';
import type { SignedInContext } from '../../../console/console-context.js';
import { html } from '../../../console/html.js';
import { csrfInput, timeTag } from '../../../console/views/components.js';
import { ConsoleWorklist, type WorklistPart } from '../../../console/worklist.js';
import { PartiesService } from '../parties.service.js';

/**
 * The start page's invitations to joint proposals (issue 14): each invitation sent to the viewer's
 * account's address and not yet answered, with its party and role, linked to the invitation page
 * (accept there) and declined in place.
 */
@Injectable()
export class InvitationsWorklist implements OnModuleInit {
  constructor(
    private readonly worklist: ConsoleWorklist,
    private readonly parties: PartiesService,
  ) {}

  onModuleInit(): void {
    this.worklist.register({
      id: 'party-invitations',
      order: 5,
      title: (t) => t.t('work.partyInvitations'),
      // Anyone may be invited by e-mail (an applicant of another agency, a researcher with a new account).
      visible: (a) => !isAdministrator(a),
      read: (ctx) => this.read(ctx),
    });
  }

  private async read(ctx: SignedInContext): Promise<WorklistPart> {
    const { t } = ctx;
    const items = await this.parties.pendingInvitations(ctx.actor);
    return {
      count: items.length,
      body: items.length
        ? html`<ul class="plain worklist-items">${items.map(
            (i) =>
              html`<li data-invitation="${i.proposal_id}"><a href="/console/proposals/${i.proposal_id}/invitation">${t.t(i.role === 'pi' ? 'work.invitedAsPi' : 'work.invitedAsMember', { title: i.title, agency: i.agency })}</a>
  <span class="muted">${t.t('work.invitedOn')} ${timeTag(t, i.invited_at)}</span>
  <form method="post" action="/console/proposals/${i.proposal_id}/invitation/decline" class="decline-form">${csrfInput(ctx)}<button type="submit" class="secondary" data-decline="${i.proposal_id}">${t.t('parties.decline')}</button></form></li>`,
          )}</ul>`
        : html`<p class="muted">${t.t('work.none')}</p>`,
    };
  }
}
