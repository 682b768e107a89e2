import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { validationPipe } from '../../../common/validation.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { formNumber, formText } from '../../../console/views/form-fields.js';
import { PartiesService } from '../parties.service.js';
import { DeclareProposalConflictDto, InviteMemberDto } from '../proposals.dto.js';
import { invitationPage } from './parties.view.js';

/** The identity fields of the invitation form, those filled in (a number as a number, so validation names a bad one). */
function identityOf(form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const orcid = formText(form, 'orcid');
  const number = formText(form, 'researcherNumber');
  const effort = formText(form, 'effortPercent');
  if (orcid) out.orcid = orcid.toUpperCase();
  if (number) out.researcherNumber = number;
  if (effort) out.effortPercent = formNumber(effort);
  return out;
}

/**
 * The console's side of a proposal's parties: the lead PI's invitations, the invited person's
 * acceptance page (the link of the invitation e-mail), and the applicants' declared conflicts. Each
 * form posts what the API takes, through the same PartiesService; a refusal comes back as a flash on
 * the proposal's page, naming the reason.
 */
@ConsoleController()
@Controller('console/proposals')
export class ConsolePartiesController {
  constructor(
    private readonly parties: PartiesService,
    private readonly pages: ConsolePages,
  ) {}

  @Get(':id/invitation')
  async invitation(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response) {
    const { t } = ctx;
    const invitation = await this.parties.invitation(id, ctx.actor); // 404 without one for this account
    this.pages.send(res, ctx, {
      title: t.t('parties.invitationTitle'),
      section: 'calls',
      breadcrumb: [{ href: '/console/calls', label: t.t('nav.calls') }],
      body: invitationPage(ctx, { id, ...invitation }),
    });
  }

  @Post(':id/invitation')
  async accept(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const invitation = await this.parties.accept(id, ctx.actor);
    setFlash(req, res, { kind: 'ok', key: 'parties.accepted', params: { title: invitation.title } });
    res.redirect(303, `/console/proposals/${id}`);
  }

  @Post(':id/invitation/decline')
  async decline(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const invitation = await this.parties.decline(id, ctx.actor);
    setFlash(req, res, { kind: 'ok', key: 'parties.declined', params: { title: invitation.title } });
    res.redirect(303, '/console/home');
  }

  @Post(':id/members')
  async invite(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = body ?? {};
    await this.answer(req, res, id, 'parties.invited', async () => {
      const dto = (await validationPipe.transform(
        {
          agency: formText(form, 'agency'),
          role: formText(form, 'role'),
          name: formText(form, 'name'),
          email: formText(form, 'email'),
          institution: formText(form, 'institution'),
          ...identityOf(form),
          ...(formText(form, 'local') === 'true' ? { local: true } : {}),
        },
        { type: 'body', metatype: InviteMemberDto },
      )) as InviteMemberDto;
      const member = await this.parties.invite(id, dto, ctx.actor);
      return { name: member.name };
    });
  }

  @Post(':id/members/:memberId/remove')
  async removeMember(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Param('memberId', UuidParam) memberId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.answer(req, res, id, 'parties.removed', async () => {
      await this.parties.removeMember(id, memberId, ctx.actor);
      return {};
    });
  }

  @Post(':id/conflicts')
  async declare(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const form = body ?? {};
    await this.answer(req, res, id, 'parties.declared', async () => {
      const note = formText(form, 'note');
      const dto = (await validationPipe.transform(
        {
          name: formText(form, 'name'),
          institution: formText(form, 'institution'),
          type: formText(form, 'type'),
          ...(note ? { note } : {}),
        },
        { type: 'body', metatype: DeclareProposalConflictDto },
      )) as DeclareProposalConflictDto;
      const conflict = await this.parties.declareConflict(id, dto, ctx.actor);
      return { name: conflict.name };
    });
  }

  @Post(':id/conflicts/:conflictId/remove')
  async removeConflict(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Param('conflictId', UuidParam) conflictId: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.answer(req, res, id, 'parties.removed', async () => {
      await this.parties.removeConflict(id, conflictId, ctx.actor);
      return {};
    });
  }

  /** Runs the change; back to the proposal's page with a flash of what happened or why it was refused (404s stay 404s). */
  private async answer(
    req: Request,
    res: Response,
    id: string,
    done: 'parties.invited' | 'parties.removed' | 'parties.declared',
    work: () => Promise<Record<string, string>>,
  ): Promise<void> {
    try {
      const params = await work();
      setFlash(req, res, { kind: 'ok', key: done, params });
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.code === ErrorCode.NotFound) throw e;
      const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
      const reason =
        ext.reasons?.join('; ') ?? ext.errors?.map((x) => `${x.field}: ${x.message}`).join('; ') ?? e.message;
      setFlash(req, res, { kind: 'error', key: 'parties.refused', params: { reason } });
    }
    res.redirect(303, `/console/proposals/${id}`);
  }
}
