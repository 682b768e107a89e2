import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { formNumber, formText, formVersion, type FormProblem } from '../../../console/views/form-fields.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import { CallsRepository } from '../calls.repository.js';
import { CallsService } from '../calls.service.js';
import { callTitle } from './calls.view.js';
import { FISCAL_YEAR_ROWS, type PartnerView, participationForm } from './partnership.view.js';

const EVENT = 'APPROVE_PARTICIPATION';

/** The APPROVE_PARTICIPATION payload from the form: filled fiscal-year rows, cap, rate, appointees. */
export function participationRequest(form: Record<string, unknown>): Record<string, unknown> {
  const envelopes = Array.from({ length: FISCAL_YEAR_ROWS }, (_, i) => ({
    fiscalYear: formNumber(formText(form, `fiscalYear.${i}`)),
    amount: formNumber(formText(form, `amount.${i}`)),
  })).filter((e) => e.fiscalYear !== undefined || e.amount !== undefined);
  const rate = formText(form, 'jpyPerUnit').trim();
  return {
    agency: formText(form, 'agency'),
    envelopes,
    capPerProjectPerYear: formNumber(formText(form, 'capPerProjectPerYear')),
    appointees: [form.appointees].flat().filter((x): x is string => typeof x === 'string'),
    ...(rate ? { jpyPerUnit: formNumber(rate) } : {}),
  };
}

/**
 * An agency's own PO or PD approves (or edits) its part of a co-owned call: its envelope per fiscal
 * year, its cap, the JPY rate it reckons with and the PO/PD it appoints. Sent as APPROVE_PARTICIPATION
 * through the one pipeline: another agency's staff, or a PO/PD the agency did not appoint, cannot.
 */
@ConsoleController()
@Controller('console/calls/:id/participation')
export class ConsoleParticipationController {
  constructor(
    private readonly calls: CallsService,
    private readonly repository: CallsRepository,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async show(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, id);
  }

  @Post()
  async send(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.forms.sendEvent(
      ctx.t,
      'call',
      id,
      ctx.actor,
      EVENT,
      participationRequest(body ?? {}),
      formVersion(body ?? {}),
      { type: EVENT, values: body ?? {} },
    );
    await answerForm(req, res, ctx.t, outcome, `/console/calls/${id}#partnership`, (refusal) =>
      this.render(res, ctx, id, body, refusal.problem, refusal.status),
    );
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    values?: Record<string, unknown>,
    problem?: FormProblem,
    status = 200,
  ): Promise<void> {
    const call = await this.calls.get(id, ctx.actor);
    if (!call.allowedEvents.includes(EVENT) && !problem)
      throw new DomainException(
        ErrorCode.Forbidden,
        'only the appointed program officers and directors of an agency of this call approve its part',
      );
    // The agency the viewer acts for (the one their PO/PD grant names among the call's).
    const mine = ctx.actor.grants
      .filter((g) => g.role === 'program_officer' || g.role === 'program_director')
      .map((g) => g.agency)
      .filter((a): a is string => a !== null && call.agencies.some((x) => x.code === a));
    const chosen = (values ? formText(values, 'agency') : '') || mine[0];
    const agency = call.agencies.find((a) => a.code === chosen) as PartnerView | undefined;
    if (!agency) throw new DomainException(ErrorCode.Forbidden, 'you are not staff of an agency of this call');
    this.pages.send(
      res,
      ctx,
      {
        title: ctx.t.t('partnership.formTitle', { agency: agency.code }),
        section: 'calls',
        breadcrumb: [
          { href: '/console/calls', label: ctx.t.t('nav.calls') },
          { href: `/console/calls/${id}`, label: callTitle(ctx.t, call) },
        ],
        body: participationForm(ctx, {
          callId: id,
          callTitle: callTitle(ctx.t, call),
          version: call.version,
          agency,
          staff: await this.repository.agencyStaff(agency.code),
          values,
          problem,
        }),
      },
      status,
    );
  }
}
