import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { staffAgenciesOf } from '../../../engine/access.js';
import { holdsAt, isAdministrator } from '../../../engine/actor.js';
import { isStateTagged } from '../../../engine/state-tags.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { setFlash, type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsoleNav } from '../../../console/console-nav.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { csrfInput, definitionList, problemBanner, stateBadge, timeTag } from '../../../console/views/components.js';
import { endOfDay, formNumber, formText, inputField, type FormProblem } from '../../../console/views/form-fields.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import { type ActionsInput, timeline, workflowActions } from '../../../console/workflow/workflow.view.js';
import { RaiseFellowCall } from '../use-cases/raise-fellow-call.use-case.js';
import { ResearchUnitsService } from '../research-units.service.js';

type Unit = Awaited<ReturnType<ResearchUnitsService['get']>>;

/**
 * The console's IRCC research units: the list, each unit's page (its facts, the steering committee's
 * and the board's steps as forms of its workflow, its history) and, once the board has established
 * it, the form that raises the open call for its fellow with the partner.
 */
@ConsoleController()
@Controller('console/units')
export class ConsoleUnitsController {
  constructor(
    private readonly units: ResearchUnitsService,
    private readonly raiseFellowCall: RaiseFellowCall,
    private readonly engine: WorkflowEngine,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
    nav: ConsoleNav,
  ) {
    nav.register({
      id: 'units',
      href: '/console/units',
      label: (t) => t.t('units.title'),
      order: 25,
      visible: (a) => isAdministrator(a) || staffAgenciesOf(a, 'unit').length > 0,
    });
  }

  @Get()
  async list(@Viewer() ctx: SignedInContext, @Res() res: Response): Promise<void> {
    const { t } = ctx;
    const { items } = await this.units.list(ctx.actor);
    this.pages.send(res, ctx, {
      title: t.t('units.title'),
      section: 'units',
      body: html`<p class="muted">${t.t('units.intro')}</p>
        ${
          items.length
            ? html`<table class="list" id="units"><thead><tr><th>${t.t('units.name')}</th><th>${t.t('units.partner')}</th><th>${t.t('units.head')}</th><th>${t.t('units.state')}</th></tr></thead>
            <tbody>${items.map(
              (u) =>
                html`<tr data-unit="${u.id}"><td><a href="/console/units/${u.id}">${u.name}</a></td><td>${u.partner.institute} (${u.partner.agency})</td><td>${u.head.name}</td><td>${stateBadge(t, u.state)}</td></tr>`,
            )}</tbody></table>`
            : html`<p id="no-units">${t.t('units.none')}</p>`
        }`,
    });
  }

  @Get(':id')
  async show(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, id);
  }

  @Post(':id/events')
  async send(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const outcome = await this.forms.send(ctx.t, 'unit', id, ctx.actor, body ?? {});
    await answerForm(req, res, ctx.t, outcome, `/console/units/${id}`, (refusal) =>
      this.render(res, ctx, id, { problem: refusal.problem, resubmit: refusal.resubmit }, undefined, refusal.status),
    );
  }

  /** Raises the fellow call from the established unit; refusals shown beside the form, the values kept. */
  @Post(':id/fellow-call')
  async raise(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = body ?? {};
    const dto = {
      title: formText(form, 'title') || undefined,
      opensAt: formText(form, 'opensAt'),
      submissionDeadline: endOfDay(formText(form, 'submissionDeadline')),
      durationMinMonths: formNumber(formText(form, 'durationMinMonths')),
      durationMaxMonths: formNumber(formText(form, 'durationMaxMonths')),
    };
    const problems: { field: string; message: string }[] = [];
    for (const f of ['opensAt', 'submissionDeadline'] as const)
      if (!/^\d{4}-\d{2}-\d{2}/.test(dto[f])) problems.push({ field: f, message: ctx.t.t('actions.required') });
    for (const f of ['durationMinMonths', 'durationMaxMonths'] as const)
      if (dto[f] !== undefined && typeof dto[f] !== 'number')
        problems.push({ field: f, message: ctx.t.t('units.wholeMonths') });
    if (problems.length)
      return this.render(
        res,
        ctx,
        id,
        {},
        { problem: { title: ctx.t.t('units.callRefused'), errors: problems }, values: form },
        400,
      );
    try {
      const { id: callId } = await this.raiseFellowCall.execute(
        id,
        {
          ...dto,
          opensAt: new Date(dto.opensAt).toISOString(),
          submissionDeadline: new Date(dto.submissionDeadline).toISOString(),
          durationMinMonths: dto.durationMinMonths as number | undefined,
          durationMaxMonths: dto.durationMaxMonths as number | undefined,
        },
        ctx.actor,
      );
      setFlash(req, res, { kind: 'ok', key: 'units.callRaised', params: {} });
      res.redirect(303, `/console/calls/${callId}`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status === 404) throw e;
      const extra = e.extensions as { reasons?: string[]; errors?: { field: string; message: string }[] } | undefined;
      return this.render(
        res,
        ctx,
        id,
        {},
        { problem: { title: ctx.t.t('units.callRefused'), reasons: extra?.reasons ?? [e.message] }, values: form },
        e.status,
      );
    }
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    extra: Pick<ActionsInput, 'problem' | 'resubmit'> = {},
    callForm?: { problem: FormProblem & { reasons?: string[] }; values: Record<string, unknown> },
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const unit = await this.units.get(id, ctx.actor);
    const definition = this.forms.definition(unit.workflow);
    const history = await this.engine.history('unit', id, ctx.actor, true);
    const narration = await this.forms.narration(unit.workflow, history.items);
    const established = isStateTagged(unit.state, 'unit-established', 'unit');
    const mayRaise =
      established &&
      (isAdministrator(ctx.actor) || holdsAt(ctx.actor, ['program_officer', 'program_director'], unit.lead));
    this.pages.send(
      res,
      ctx,
      {
        title: unit.name,
        section: 'units',
        breadcrumb: [{ href: '/console/units', label: t.t('units.title') }],
        body: html`<div class="columns">
          <div><p>${stateBadge(t, unit.state)}</p>${unitFacts(ctx, unit)}</div>
          <div>${workflowActions(ctx, { subject: 'unit', id, version: unit.version, definition, allowedEvents: unit.allowedEvents, agencies: [unit.lead, unit.partner.agency], ...extra })}</div>
        </div>
        ${fellowCalls(ctx, unit)}
        ${mayRaise ? fellowCallForm(ctx, unit, callForm) : established ? '' : html`<p class="muted" id="fellow-call-later">${t.t('units.callAfterEstablishment')}</p>`}
        ${timeline(t, history.items, history.verification, narration)}`,
      },
      status,
    );
  }
}

function unitFacts(ctx: SignedInContext, unit: Unit) {
  const { t } = ctx;
  return definitionList([
    [t.t('units.lead'), unit.lead],
    [t.t('units.partner'), `${unit.partner.institute} (${unit.partner.agency}, ${unit.partner.country})`],
    [t.t('units.head'), `${unit.head.name}, ${unit.head.department}`],
    [
      t.t('units.agreement'),
      unit.agreement.signedOn ? `${unit.agreement.title} (${t.day(unit.agreement.signedOn)})` : unit.agreement.title,
    ],
    [t.t('units.overseasBranch'), unit.overseasBranch ?? t.t('units.noBranch')],
  ]);
}

function fellowCalls(ctx: SignedInContext, unit: Unit) {
  const { t } = ctx;
  return html`<section class="panel" aria-labelledby="fellow-calls-title"><h2 id="fellow-calls-title">${t.t('units.fellowCalls')}</h2>
    ${
      unit.fellowCalls.length
        ? html`<table class="list" id="fellow-calls"><thead><tr><th>${t.t('units.callTitle')}</th><th>${t.t('units.opens')}</th><th>${t.t('units.deadline')}</th><th>${t.t('units.state')}</th></tr></thead><tbody>${unit.fellowCalls.map(
            (c) =>
              html`<tr><td><a href="/console/calls/${c.id}">${c.title}</a></td><td>${timeTag(t, c.opensAt)}</td><td>${timeTag(t, c.submissionDeadline)}</td><td>${stateBadge(t, c.state)}</td></tr>`,
          )}</tbody></table>`
        : html`<p class="muted" id="no-fellow-calls">${t.t('units.noFellowCalls')}</p>`
    }</section>`;
}

function fellowCallForm(
  ctx: SignedInContext,
  unit: Unit,
  state?: { problem: FormProblem & { reasons?: string[] }; values: Record<string, unknown> },
) {
  const { t } = ctx;
  const v = state?.values ?? {};
  const value = (name: string) => formText(v, name);
  const errorsOf = (name: string) =>
    (state?.problem.errors ?? []).filter((e) => e.field === name).map((e) => e.message);
  const field = (type: 'text' | 'number' | 'date', name: string, label: string, required: boolean, hint?: string) =>
    inputField(type, {
      id: `fellow-call-${name}`,
      name,
      label,
      value: value(name),
      required,
      errors: errorsOf(name),
      hint,
    });
  return html`<section class="panel" aria-labelledby="raise-title"><h2 id="raise-title">${t.t('units.raiseTitle')}</h2>
    <p>${t.t('units.raiseIntro', { partner: unit.partner.institute })}</p>
    ${state ? problemBanner(t, state.problem.title, { reasons: state.problem.reasons ?? [] }) : ''}
    <form method="post" action="/console/units/${unit.id}/fellow-call" id="fellow-call-form">${csrfInput(ctx)}
      ${field('text', 'title', t.t('units.callTitle'), false)}
      ${field('date', 'opensAt', t.t('units.opens'), true)}
      ${field('date', 'submissionDeadline', t.t('units.deadline'), true)}
      ${field('number', 'durationMinMonths', t.t('units.minMonths'), false, t.t('units.placeholderHint'))}
      ${field('number', 'durationMaxMonths', t.t('units.maxMonths'), false, t.t('units.placeholderHint'))}
      <button type="submit" id="raise-fellow-call">${t.t('units.raise')}</button>
    </form></section>`;
}
