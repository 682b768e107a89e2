import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { type SafeHtml, html } from '../../../console/html.js';
import { callTitle } from '../../calls/console/calls.view.js';
import { stateBadge } from '../../../console/views/components.js';
import { endOfDay, formText, formVersion } from '../../../console/views/form-fields.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import { workflowActions } from '../../../console/workflow/workflow.view.js';
import { type BoardCall, BoardData } from './board-data.service.js';
import {
  type BoardFormState,
  approvalForm,
  boardList,
  concludeForm,
  decisionsView,
  deliberationView,
  laterDecisions,
  meetingForm,
  meetingView,
  opinionForm,
  opinionsView,
} from './board.view.js';

const STEERING_EVENTS = ['RECORD_OPINION', 'CONCLUDE_DELIBERATION'];
const BOARD_EVENTS = ['RECORD_BOARD_MEETING', 'BOARD_APPROVE_SELECTION'];

/**
 * The IRCC end of a call: the steering committee's page (the list going to the board, the members'
 * opinions, the conclusion) and the board's (the meeting, the approval with its rejections and
 * deferrals, the deferred items). Only the call's committee members, board members and
 * administrators open them; the forms are the engine's allowedEvents, sent through WorkflowForms.
 */
@ConsoleController()
@Controller('console/calls')
export class ConsoleBoardController {
  constructor(
    private readonly data: BoardData,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
  ) {}

  @Get(':id/steering')
  async steering(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.renderSteering(res, ctx, await this.data.call(id, ctx.actor, 'steering_committee_member'));
  }

  @Post(':id/steering')
  async sendSteering(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.data.call(id, ctx.actor, 'steering_committee_member');
    const form = body ?? {};
    const type = formText(form, 'type');
    const payload: Record<string, unknown> = { recommendation: formText(form, 'recommendation') || undefined };
    if (type === 'RECORD_OPINION') payload.opinion = formText(form, 'opinion');
    else if (formText(form, 'note')) payload.note = formText(form, 'note');
    await this.sendAndShow(req, res, ctx, id, STEERING_EVENTS.includes(type) ? type : '', payload, form, 'steering');
  }

  @Get(':id/board')
  async board(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.renderBoard(res, ctx, await this.data.call(id, ctx.actor, 'board_member'));
  }

  @Post(':id/board')
  async sendBoard(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.data.call(id, ctx.actor, 'board_member');
    const form = body ?? {};
    const type = formText(form, 'type');
    let payload: Record<string, unknown> = {};
    if (type === 'RECORD_BOARD_MEETING') {
      const attendees = formText(form, 'attendees')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean);
      payload = { date: formText(form, 'date') ? endOfDay(formText(form, 'date')) : undefined, attendees };
    } else if (type === 'BOARD_APPROVE_SELECTION') {
      payload = boardItems(form);
    }
    await this.sendAndShow(req, res, ctx, id, BOARD_EVENTS.includes(type) ? type : '', payload, form, 'board');
  }

  /** A later board decision on one item (the proposal's own event), through the same pipeline as the proposal's event route. */
  @Post(':id/board/items/:proposalId')
  async decideItem(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Param('proposalId', UuidParam) proposalId: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const call = await this.data.call(id, ctx.actor, 'board_member');
    await this.data.proposalOf(id, proposalId, ctx.actor);
    const outcome = await this.forms.send(ctx.t, 'proposal', proposalId, ctx.actor, body ?? {});
    await answerForm(req, res, ctx.t, outcome, `/console/calls/${id}/board`, (refusal) =>
      this.renderBoard(res, ctx, call, undefined, refusal.status, {
        proposalId,
        problem: refusal.problem,
        type: refusal.resubmit.type,
        values: refusal.resubmit.values,
      }),
    );
  }

  /** Sends through the engine; on success back to the page (303), else the page again with the refusal beside its form. */
  private async sendAndShow(
    req: Request,
    res: Response,
    ctx: SignedInContext,
    id: string,
    type: string,
    payload: Record<string, unknown>,
    form: Record<string, unknown>,
    page: 'steering' | 'board',
  ): Promise<void> {
    const clean = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
    const outcome = await this.forms.sendEvent(ctx.t, 'call', id, ctx.actor, type, clean, formVersion(form), {
      type,
      values: form,
    });
    await answerForm(req, res, ctx.t, outcome, `/console/calls/${id}/${page}`, async (refusal) => {
      const state: BoardFormState = {
        type: refusal.resubmit.type,
        problem: refusal.problem,
        values: refusal.resubmit.values,
      };
      const role = page === 'steering' ? 'steering_committee_member' : 'board_member';
      const call = await this.data.call(id, ctx.actor, role);
      if (page === 'steering') await this.renderSteering(res, ctx, call, state, refusal.status);
      else await this.renderBoard(res, ctx, call, state, refusal.status);
    });
  }

  private async renderSteering(
    res: Response,
    ctx: SignedInContext,
    call: BoardCall,
    state?: BoardFormState,
    status = 200,
  ): Promise<void> {
    const items = await this.data.list(call.id, ctx.actor);
    const opinions = await this.data.opinions(call.id);
    const allowed = new Set(call.allowedEvents);
    this.page(
      res,
      ctx,
      call,
      'steering.title',
      status,
      html`${boardList(ctx, call, items)}${opinionsView(ctx, opinions)}`,
      html`
      ${deliberationView(ctx, call)}
      ${
        allowed.has('RECORD_OPINION')
          ? opinionForm(
              ctx,
              call,
              opinions.find((o) => o.memberUserId === ctx.actor.userId),
              state,
            )
          : ''
      }
      ${allowed.has('CONCLUDE_DELIBERATION') ? concludeForm(ctx, call, state) : ''}
      ${this.otherActions(ctx, call, STEERING_EVENTS, state)}`,
    );
  }

  private async renderBoard(
    res: Response,
    ctx: SignedInContext,
    call: BoardCall,
    state?: BoardFormState,
    status = 200,
    itemRefusal?: Parameters<typeof laterDecisions>[4],
  ): Promise<void> {
    const items = await this.data.list(call.id, ctx.actor);
    const later = await this.data.laterItems(call, items, ctx.actor);
    const allowed = new Set(call.allowedEvents);
    this.page(
      res,
      ctx,
      call,
      'board.title',
      status,
      html`${boardList(ctx, call, items)}${decisionsView(ctx, items)}`,
      html`
      ${laterDecisions(ctx, call, later, (w) => this.forms.definition(w), itemRefusal)}
      ${deliberationView(ctx, call)}
      ${meetingView(ctx, call)}
      ${allowed.has('RECORD_BOARD_MEETING') ? meetingForm(ctx, call, state) : ''}
      ${allowed.has('BOARD_APPROVE_SELECTION') ? approvalForm(ctx, call, items, state) : ''}
      ${this.otherActions(ctx, call, BOARD_EVENTS, state)}`,
    );
  }

  /** Both pages: the call's state, what there is to read on the left, the forms on the right. */
  private page(
    res: Response,
    ctx: SignedInContext,
    call: BoardCall,
    title: 'steering.title' | 'board.title',
    status: number,
    left: SafeHtml,
    right: SafeHtml,
  ): void {
    const { t } = ctx;
    this.pages.send(
      res,
      ctx,
      {
        title: t.t(title, { call: callTitle(t, call) }),
        section: 'calls',
        breadcrumb: [
          { href: '/console/calls', label: t.t('nav.calls') },
          { href: `/console/calls/${call.id}`, label: callTitle(t, call) },
        ],
        body: html`<p id="call-state">${t.t('proposal.state')}: ${stateBadge(t, call.state)}</p><div class="columns"><div>${left}</div><div>${right}</div></div>`,
      },
      status,
    );
  }

  /** The viewer's other allowed events on the call (the generic forms), so the page offers exactly allowedEvents. */
  private otherActions(ctx: SignedInContext, call: BoardCall, handled: string[], state?: BoardFormState) {
    const others = call.allowedEvents.filter((e) => !handled.includes(e));
    const stale = state && state.type === '' ? state : undefined;
    if (others.length === 0 && !stale) return '';
    return workflowActions(ctx, {
      subject: 'call',
      id: call.id,
      version: call.version,
      definition: this.forms.definition(call.workflow),
      allowedEvents: call.allowedEvents,
      handledElsewhere: handled,
      agencies: call.agencies.map((a) => a.code),
      ...(stale ? { problem: stale.problem } : {}),
    });
  }
}

/** The board's minute from the approval form: items named rejected or deferred; the rest approved. */
function boardItems(form: Record<string, unknown>): Record<string, unknown> {
  const rejections: { proposalId: string; reason: string }[] = [];
  const deferrals: { proposalId: string; until: string; reason?: string }[] = [];
  for (const [name, v] of Object.entries(form)) {
    if (!name.startsWith('decision.') || typeof v !== 'string') continue;
    const proposalId = name.slice('decision.'.length);
    const reason = formText(form, `reason.${proposalId}`);
    if (v === 'reject') rejections.push({ proposalId, reason });
    else if (v === 'defer') {
      const until = formText(form, `until.${proposalId}`);
      deferrals.push({ proposalId, until: until ? endOfDay(until) : '', ...(reason ? { reason } : {}) });
    }
  }
  const note = formText(form, 'note');
  return {
    ...(note ? { note } : {}),
    ...(rejections.length ? { rejections } : {}),
    ...(deferrals.length ? { deferrals } : {}),
  };
}
