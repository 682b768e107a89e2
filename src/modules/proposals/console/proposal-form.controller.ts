import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { validationPipe } from '../../../common/validation.js';
import { CreateProposalDto, UpdateProposalDto } from '../proposals.dto.js';
import { ProposalsRepository } from '../proposals.repository.js';
import { ProposalsService } from '../proposals.service.js';
import { CreateProposal } from '../use-cases/create-proposal.use-case.js';
import { EditProposal } from '../use-cases/edit-proposal.use-case.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { callTitle } from '../../calls/console/calls.view.js';
import { type FormProblem, formNumber, formText } from '../../../console/views/form-fields.js';
import {
  type DraftCall,
  PARTY_FIELDS,
  IDENTITY_FIELDS,
  budgetsOf,
  categoryYears,
  proposalForm,
  sentParties,
  valuesOf,
} from './proposal-form.view.js';

/** The request the API would receive, from the form: one party per row that carries anything. */
export function proposalRequest(form: Record<string, unknown>, call: DraftCall): Record<string, unknown> {
  const text = (n: string) => formText(form, n);
  const keywords = text('keywords')
    .split(/[,、\n]/)
    .map((k) => k.trim())
    .filter(Boolean);
  return {
    title: text('title'),
    abstract: text('abstract'),
    durationMonths: formNumber(text('durationMonths')) ?? '',
    ...(keywords.length ? { keywords } : {}),
    parties: sentParties(form, call.agencies.length).map((i) => {
      const party: Record<string, unknown> = { agency: call.agencies[i].code };
      for (const f of PARTY_FIELDS) {
        const v = text(`parties.${i}.${f}`);
        if (f === 'piEmail' && v === '') continue;
        party[f] = f === 'country' ? v.toUpperCase() : v;
      }
      for (const f of IDENTITY_FIELDS) {
        const v = text(`parties.${i}.${f}`);
        if (v !== '') party[f] = f === 'piEffortPercent' ? formNumber(v) : f === 'piOrcid' ? v.toUpperCase() : v;
      }
      // By cost category when any is filled in (the API adds each year up), else the yearly amounts;
      // a year left blank between filled ones is sent as typed, so the API's validation names it.
      const byCategory = categoryYears(form, i);
      if (byCategory.length)
        party.budgetByCategory = byCategory.map((y) =>
          Object.fromEntries(Object.entries(y).map(([c, x]) => [c, formNumber(x) ?? x])),
        );
      else party.budgetPerYear = budgetsOf(form, i).map((b) => (b === '' ? b : formNumber(b)));
      return party;
    }),
  };
}

/** A refusal of the service or of the API's validation as the form's problem (field paths as the request's). */
function problemOf(ctx: SignedInContext, e: DomainException): FormProblem {
  const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
  const errors = ext.errors ?? (ext.reasons ?? [e.message]).map((message) => ({ field: 'parties', message }));
  return {
    title: e.code === ErrorCode.RuleViolated ? ctx.t.t('proposalForm.refused') : ctx.t.t('error.invalid.title'),
    errors,
  };
}

/**
 * A joint proposal drafted and edited in the console by its applicants: the form gives the API's
 * request (POST /proposals, PATCH /proposals/:id), checked by the API's validation and by the same
 * use cases (CreateProposal, EditProposal); a refusal keeps what was typed and names each field; nothing is written.
 */
@ConsoleController()
@Controller('console')
export class ConsoleProposalFormController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly createProposal: CreateProposal,
    private readonly editProposal: EditProposal,
    private readonly repository: ProposalsRepository,
    private readonly pages: ConsolePages,
  ) {}

  @Get('calls/:id/proposals/new')
  async newForm(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response) {
    await this.renderNew(res, ctx, id, {});
  }

  @Post('calls/:id/proposals/new')
  async create(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const call = await this.proposals.draftingCall(id, ctx.actor); // 404 / 403 before the form is read
    const form = body ?? {};
    try {
      const dto = (await validationPipe.transform(
        { callId: id, ...proposalRequest(form, call) },
        { type: 'body', metatype: CreateProposalDto },
      )) as CreateProposalDto;
      const created = await this.createProposal.execute(dto, ctx.actor);
      setFlash(req, res, { kind: 'ok', key: 'proposalForm.created', params: { title: dto.title } });
      res.redirect(303, `/console/proposals/${created.id}`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.code === ErrorCode.NotFound) throw e;
      await this.renderNew(res, ctx, id, form, problemOf(ctx, e), e.status);
    }
  }

  @Get('proposals/:id/edit')
  async editForm(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response) {
    await this.renderEdit(res, ctx, id);
  }

  @Post('proposals/:id/edit')
  async update(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { call } = await this.editable(ctx, id);
    const form = body ?? {};
    try {
      const dto = (await validationPipe.transform(proposalRequest(form, call), {
        type: 'body',
        metatype: UpdateProposalDto,
      })) as UpdateProposalDto;
      await this.editProposal.execute(id, dto, ctx.actor);
      setFlash(req, res, { kind: 'ok', key: 'proposalForm.saved', params: { title: dto.title } });
      res.redirect(303, `/console/proposals/${id}`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.code === ErrorCode.NotFound) throw e;
      await this.renderEdit(res, ctx, id, { values: form, problem: problemOf(ctx, e) }, e.status);
    }
  }

  /** The proposal (404 when the viewer may not see it) if the viewer may edit it now, with its call. */
  private async editable(ctx: SignedInContext, id: string) {
    const proposal = await this.proposals.get(id, ctx.actor);
    const coEdits = await this.proposals.coEdits(id, ctx.actor);
    if (proposal.applicantUserId !== ctx.actor.userId && !coEdits)
      throw new DomainException(
        ErrorCode.Forbidden,
        "only the proposal's applicants and principal investigators edit it",
      );
    if (!this.proposals.editable(proposal, ctx.actor, coEdits)) {
      const reasons = [
        `the proposal is ${proposal.state}: it is edited while drafted or while more information is requested`,
      ];
      throw new DomainException(ErrorCode.RuleViolated, reasons[0], { reasons });
    }
    return { proposal, call: await this.repository.callOf(proposal.callId) };
  }

  private async renderNew(
    res: Response,
    ctx: SignedInContext,
    id: string,
    values: Record<string, unknown>,
    problem?: FormProblem,
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const call = await this.proposals.draftingCall(id, ctx.actor);
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('proposalForm.newTitle'),
        section: 'calls',
        breadcrumb: [
          { href: '/console/calls', label: t.t('nav.calls') },
          { href: `/console/calls/${id}`, label: callTitle(t, call) },
        ],
        body: call.refusal
          ? html`<section class="panel"><p id="no-drafts">${t.t('proposalForm.closed')}</p><p class="muted">${call.refusal.message}</p></section>`
          : proposalForm(ctx, {
              call,
              action: `/console/calls/${id}/proposals/new`,
              heading: t.t('proposalForm.newTitle'),
              submit: t.t('proposalForm.create'),
              values,
              problem,
            }),
      },
      status,
    );
  }

  private async renderEdit(
    res: Response,
    ctx: SignedInContext,
    id: string,
    refused?: { values: Record<string, unknown>; problem: FormProblem },
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const { proposal, call } = await this.editable(ctx, id);
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('proposalForm.editTitle', { title: proposal.title }),
        section: 'calls',
        breadcrumb: [
          { href: '/console/calls', label: t.t('nav.calls') },
          { href: `/console/calls/${call.id}`, label: callTitle(t, call) },
          { href: `/console/proposals/${id}`, label: proposal.title },
        ],
        // The form's totals are the saved budgets until the applicant changes them.
        body: proposalForm(ctx, {
          call,
          action: `/console/proposals/${id}/edit`,
          heading: t.t('proposalForm.editHeading'),
          submit: t.t('proposalForm.save'),
          values: refused?.values ?? valuesOf(call, proposal),
          problem: refused?.problem,
        }),
      },
      status,
    );
  }
}
