import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { WorkflowEngine } from '../../../engine/workflow-engine.service.js';
import { toMermaid } from '../../../engine/workflow-diagram.js';
import { isStateTagged, stateTagIndex } from '../../../engine/state-tags.js';
import { isAdministrator } from '../../../engine/actor.js';
import { staffAgenciesOf } from '../../../engine/access.js';
import { stageBar } from '../../../console/workflow/stage-bar.js';
import { ProgramsRepository } from '../../programs/programs.repository.js';
import { CallsService } from '../calls.service.js';
import { PROPOSAL_SORTS, type ProposalSort } from '../../proposals/proposals.dto.js';
import { ProposalsService } from '../../proposals/proposals.service.js';
import { ReviewsRepository } from '../../reviews/reviews.repository.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { WorkflowForms, answerForm, stateNames } from '../../../console/workflow/workflow-forms.service.js';
import { type ActionsInput, diagramPanel, timeline, workflowActions } from '../../../console/workflow/workflow.view.js';
import { mayCreateCalls } from './call-create.controller.js';
import {
  type CallSummary,
  type ProposalFilter,
  callFacts,
  callTitle,
  callsList,
  proposalsTable,
} from './calls.view.js';
import { partnershipPanel } from './partnership.view.js';

const PAGE = 20;

const OFFICERS = ['program_officer', 'agency_officer', 'program_director', 'administrator'];

/** Call events with a page of their own: the call page links there instead of a generic form. */
const dedicatedPages = (id: string): Record<string, string> => ({
  APPROVE_PARTICIPATION: `/console/calls/${id}/participation`,
  CONFIGURE_REVIEW: `/console/calls/${id}/review-setup`,
  ADD_AGENCY_CRITERIA: `/console/calls/${id}/review-setup`,
  CONFIRM_SELECTION: `/console/calls/${id}/selection`,
  MOVE_IN_RANKING: `/console/calls/${id}/selection`,
  SUBMIT_AGENCY_RANKING: `/console/calls/${id}/joint-ranking`,
  COMPILE_JOINT_RANKING: `/console/calls/${id}/joint-ranking`,
  RECORD_OPINION: `/console/calls/${id}/steering`,
  CONCLUDE_DELIBERATION: `/console/calls/${id}/steering`,
  RECORD_BOARD_MEETING: `/console/calls/${id}/board`,
  BOARD_APPROVE_SELECTION: `/console/calls/${id}/board`,
});

/** Convening the joint panel: warned about, and confirmed, while work on the call is outstanding. */
const CONVENE = 'START_PANEL';
type Backlog = { eligibility: number; inReview: number; reviews: number };
const backlogOf = (b: Backlog): number => b.eligibility + b.inReview + b.reviews;

function conveneWarning(ctx: SignedInContext, b: Backlog): SafeHtml {
  const { t } = ctx;
  return html`<div class="flash flash-warning convene-warning" role="status" data-backlog="${backlogOf(b)}">
    <p>${t.t('convene.warning')}</p>
    <ul>
      <li data-backlog-eligibility="${b.eligibility}">${t.t('convene.eligibility', { n: b.eligibility })}</li>
      <li data-backlog-in-review="${b.inReview}">${t.t('convene.inReview', { n: b.inReview })}</li>
      <li data-backlog-reviews="${b.reviews}">${t.t('convene.reviews', { n: b.reviews })}</li>
    </ul>
    <div class="field check"><input type="checkbox" id="confirm-outstanding" name="confirmOutstanding" value="yes" required><label for="confirm-outstanding">${t.t('convene.confirm')}</label></div>
  </div>`;
}

/** The call's other pages this viewer's roles open. */
function callPageLinks(ctx: SignedInContext, id: string, editable: boolean, jointRanking = false) {
  const { t } = ctx;
  const holds = (roles: string[]) => ctx.actor.grants.some((g) => roles.includes(g.role));
  const links = [
    ...(editable ? [html`<a id="edit-call-link" href="/console/calls/${id}/edit">${t.t('callEdit.open')}</a>`] : []),
    ...(holds(OFFICERS)
      ? [
          html`<a id="review-link" href="/console/calls/${id}/review">${t.t('nav.reviewManagement')}</a>`,
          html`<a id="setup-link" href="/console/calls/${id}/review-setup">${t.t('setup.open')}</a>`,
          html`<a id="selection-link" href="/console/calls/${id}/selection">${t.t('selection.open')}</a>`,
        ]
      : []),
    // e-ASIA (call @3): the agencies' rankings and the joint ranking the meeting compiles from them.
    ...(jointRanking && holds([...OFFICERS, 'panel_member', 'board_member'])
      ? [html`<a id="joint-ranking-link" href="/console/calls/${id}/joint-ranking">${t.t('jointRanking.link')}</a>`]
      : []),
    ...(holds(['steering_committee_member', 'administrator'])
      ? [html`<a id="steering-link" href="/console/calls/${id}/steering">${t.t('steering.open')}</a>`]
      : []),
    ...(holds(['board_member', 'administrator'])
      ? [html`<a id="board-link" href="/console/calls/${id}/board">${t.t('board.open')}</a>`]
      : []),
  ];
  return links.length ? html`<p class="page-links">${links.map((l, i) => html`${i ? ' · ' : ''}${l}`)}</p>` : '';
}

/** Query values as the console reads them: a bounded string or nothing (never an error page for a stale link). */
const text = (v: unknown, max = 200): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : undefined;
/** The values of promises run together; the first of them (in this order) that failed, thrown. */
async function inOrder<T extends readonly unknown[]>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(promises);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
const offset = (v: unknown): number => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : 0);

@ConsoleController()
@Controller('console/calls')
export class ConsoleCallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly proposals: ProposalsService,
    private readonly forms: WorkflowForms,
    private readonly engine: WorkflowEngine,
    private readonly pages: ConsolePages,
    private readonly programs: ProgramsRepository,
    private readonly reviews: ReviewsRepository,
  ) {}

  @Get()
  async list(
    @Viewer() ctx: SignedInContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    // A state no call is ever in (a stale or hand-edited link) lists every call, as no state does.
    const asked = text(query.state, 120);
    const state = asked !== undefined && stateTagIndex().stateNames('call').includes(asked) ? asked : undefined;
    const page = await this.calls.list({ state, limit: PAGE, offset: offset(query.offset) }, ctx.actor);
    const states = await this.callStates();
    this.pages.send(res, ctx, {
      title: ctx.t.t('calls.title'),
      section: 'calls',
      body: html`${mayCreateCalls(ctx.actor) ? html`<p class="page-actions"><a class="button" id="new-call-link" href="/console/calls/new">${ctx.t.t('newCall.title')}</a></p>` : ''}
        ${callsList(ctx, page.items as CallSummary[], page, { state }, states)}`,
    });
  }

  @Get(':id')
  async show(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.render(res, ctx, id, query);
  }

  @Post(':id/events')
  async send(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Convening the panel with work outstanding asks for a confirmation first (the warning beside the button).
    if (
      body?.type === CONVENE &&
      body.confirmOutstanding !== 'yes' &&
      backlogOf(await this.reviews.panelBacklog(id, ctx.actor)) > 0
    ) {
      return this.render(
        res,
        ctx,
        id,
        {},
        { problem: { title: ctx.t.t('convene.confirmRequired') }, resubmit: { type: CONVENE, values: body } },
        409,
      );
    }
    const outcome = await this.forms.send(ctx.t, 'call', id, ctx.actor, body ?? {});
    await answerForm(req, res, ctx.t, outcome, `/console/calls/${id}`, (refusal) =>
      this.render(res, ctx, id, {}, { problem: refusal.problem, resubmit: refusal.resubmit }, refusal.status),
    );
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    query: Record<string, unknown>,
    extra: Pick<ActionsInput, 'problem' | 'resubmit'> = {},
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const sortValue = text(query.sort, 20);
    const filter: ProposalFilter = {
      state: text(query.state, 120),
      agency: text(query.agency, 16),
      q: text(query.q),
      sort: PROPOSAL_SORTS.includes(sortValue as ProposalSort) ? sortValue : undefined,
    };
    // Paged by cursor like the API (a page costs the same at any depth). A cursor the list refuses
    // (a stale link: another sort, another reader, a proposal no longer visible) shows the first page.
    const listed = (cursor: string | undefined) =>
      this.proposals.list(
        {
          callId: id,
          state: filter.state,
          agency: filter.agency,
          q: filter.q,
          sort: filter.sort as ProposalSort | undefined,
          limit: PAGE,
          offset: 0,
          cursor,
        },
        ctx.actor,
      );
    const cursor = text(query.cursor, 2000);
    const refusedField = (e: unknown, field: string) =>
      e instanceof DomainException &&
      e.code === ErrorCode.ValidationFailed &&
      JSON.stringify(e.extensions ?? {}).includes(`"field":"${field}"`);
    const pageRead = listed(cursor)
      .catch((e: unknown) => {
        if (cursor && refusedField(e, 'cursor')) return listed(undefined);
        throw e;
      })
      .catch((e: unknown) => {
        // A state typed into the address that no proposal is ever in: nothing matches, as the page says.
        if (refusedField(e, 'state'))
          return { items: [], total: 0, totalExact: true, limit: PAGE, offset: 0, next: null, prev: null };
        throw e;
      });
    // The call (its events: guards' facts), its proposals, its history and who may edit it: read at
    // once, a failure answered in this order (the call's 404 first, as when they were read in turn).
    const [call, page, history, editable] = await inOrder([
      this.calls.get(id, ctx.actor),
      pageRead,
      this.engine.history('call', id, ctx.actor, true),
      this.calls.mayChange(id, ctx.actor),
    ] as const);
    const definition = this.forms.definition(call.workflow);
    const proposalWorkflow = await this.programs.proposalWorkflowOf(call.program);
    const agencies = call.agencies.map((a) => a.code);
    // The states the filter offers are those the viewer is shown: masked for applicants and reviewers.
    const proposalDefinition =
      proposalWorkflow && this.forms.has(proposalWorkflow) ? this.forms.definition(proposalWorkflow) : undefined;
    const seesInternals = isAdministrator(ctx.actor) || staffAgenciesOf(ctx.actor).some((a) => agencies.includes(a));
    const proposalStates = proposalDefinition
      ? [
          ...new Set(
            stateNames(proposalDefinition).map((s) =>
              seesInternals ? s : (proposalDefinition.maskedStates?.[s] ?? s),
            ),
          ),
        ]
      : [];
    const confirmations: Record<string, SafeHtml> = {};
    if (call.allowedEvents.includes(CONVENE)) {
      const backlog = await this.reviews.panelBacklog(id, ctx.actor);
      if (backlogOf(backlog) > 0) confirmations[CONVENE] = conveneWarning(ctx, backlog);
    }
    // Applicants of the call's agencies start a proposal while the call takes drafts (tag `accepts-drafts`).
    const drafts =
      isStateTagged(call.state, 'accepts-drafts', 'call') &&
      ctx.actor.grants.some((g) => g.role === 'applicant' && agencies.includes(g.agency ?? ''));
    const narration = await this.forms.narration(
      call.workflow,
      history.items,
      Object.fromEntries(page.items.map((p) => [p.id, p.title])),
    );
    this.pages.send(
      res,
      ctx,
      {
        title: callTitle(t, call),
        section: 'calls',
        breadcrumb: [{ href: '/console/calls', label: t.t('nav.calls') }],
        body: html`${stageBar(t, definition, call.state, history.items)}<div class="columns">
          <div>${drafts ? html`<p class="page-actions"><a class="button" id="new-proposal-link" href="/console/calls/${id}/proposals/new">${t.t('proposalForm.newTitle')}</a></p>` : ''}
            ${callFacts(ctx, call as CallSummary & { description: string }, { showMissing: isStateTagged(call.state, 'opening-ahead', 'call') })}
            ${callPageLinks(ctx, id, editable, Object.hasOwn(definition.events, 'COMPILE_JOINT_RANKING'))}</div>
          <div>${workflowActions(ctx, { subject: 'call', id, version: call.version, definition, allowedEvents: call.allowedEvents, agencies, pages: dedicatedPages(id), confirmations, ...extra })}</div>
        </div>
        ${call.partnership ? partnershipPanel(ctx, call.agencies, call.partnership, call.allowedEvents.includes('APPROVE_PARTICIPATION') ? `/console/calls/${id}/participation` : null) : ''}
        ${proposalsTable(ctx, id, page.items, page, filter, { states: proposalStates, agencies })}
        ${timeline(t, history.items, history.verification, narration)}
        ${ctx.isAdmin ? diagramPanel(t, call.workflow, call.state, toMermaid(definition, call.state, { guards: false })) : ''}`,
      },
      status,
    );
  }

  /** The states calls can be in, over every call workflow there is. */
  private async callStates(): Promise<string[]> {
    const names = new Set<string>();
    for (const workflow of await this.programs.callWorkflows())
      if (this.forms.has(workflow)) for (const s of stateNames(this.forms.definition(workflow))) names.add(s);
    return [...names];
  }
}
