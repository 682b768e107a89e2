import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DEFAULT_MERGE_RULE, MERGE_RULES, type MergeRule } from '../../../../workflows/index.js';
import { holdsAt } from '../../../engine/actor.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { CallsService } from '../../calls/calls.service.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { html } from '../../../console/html.js';
import { formText, formVersion } from '../../../console/views/form-fields.js';
import { WorkflowForms, answerForm } from '../../../console/workflow/workflow-forms.service.js';
import { workflowActions } from '../../../console/workflow/workflow.view.js';
import { JointRankingQueries } from '../joint-ranking-queries.service.js';
import {
  type JointRankingData,
  type Refused,
  agencyRankingForm,
  agencyRankingsView,
  compileForm,
  compiledView,
} from './joint-ranking.view.js';

const RANKERS = ['program_officer', 'program_director'] as const;
const SUBMIT = 'SUBMIT_AGENCY_RANKING';
const COMPILE = 'COMPILE_JOINT_RANKING';

/** Form fields `<prefix><proposal id>` holding numbers, as proposal ids ordered by them (ties by form order). */
const orderFrom = (form: Record<string, unknown>, prefix: string): { order: string[]; bad: boolean } => {
  const entries = Object.entries(form)
    .filter(([name]) => name.startsWith(prefix))
    .map(([name, v], i) => ({ id: name.slice(prefix.length), n: Number(v), i }));
  const positions = entries.map((e) => e.n);
  const bad =
    positions.some((n) => !Number.isInteger(n) || n < 1 || n > entries.length) ||
    new Set(positions).size !== positions.length;
  return { order: entries.sort((a, b) => a.n - b.n || a.i - b.i).map((e) => e.id), bad };
};

/**
 * e-ASIA's joint ranking page of a call: the Program Secretariat, each agency's ordered ranking (and
 * the form for the viewer's agency), the meeting's compilation by a merge rule, and the secretariat's
 * submission to the board. Reads go through JointRankingQueries (their visibility rules); the forms
 * send through the call's pipeline (WorkflowForms).
 */
@ConsoleController()
@Controller('console')
export class ConsoleJointRankingController {
  constructor(
    private readonly calls: CallsService,
    private readonly rankings: JointRankingQueries,
    private readonly forms: WorkflowForms,
    private readonly pages: ConsolePages,
  ) {}

  @Get('calls/:id/joint-ranking')
  async page(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, id);
  }

  @Post('calls/:id/joint-ranking')
  async post(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.rankings.jointRanking(id, ctx.actor); // 404 / 403 as the page
    const form = body ?? {};
    const type = formText(form, 'type') === COMPILE ? COMPILE : SUBMIT;
    const agency = formText(form, 'agency');
    const refuse = (message: string, field: string) =>
      this.render(
        res,
        ctx,
        id,
        {
          type,
          agency,
          problem: {
            title: ctx.t.t('actions.refused', { detail: ctx.t.label('event', type) }),
            errors: [{ field, message }],
          },
          values: form,
        },
        422,
      );
    let payload: Record<string, unknown>;
    if (type === SUBMIT) {
      const { order, bad } = orderFrom(form, 'position.');
      if (bad) return refuse(ctx.t.t('jointRanking.badPositions'), 'order');
      payload = { ...(agency ? { agency } : {}), order };
    } else {
      const { order, bad } = orderFrom(form, 'tie.');
      if (bad) return refuse(ctx.t.t('jointRanking.badPositions'), 'tieOrder');
      const rule = formText(form, 'rule');
      const note = formText(form, 'note');
      payload = { ...(rule ? { rule } : {}), ...(order.length ? { tieOrder: order } : {}), ...(note ? { note } : {}) };
    }
    const outcome = await this.forms.sendEvent(ctx.t, 'call', id, ctx.actor, type, payload, formVersion(form), {
      type,
      values: form,
    });
    await answerForm(req, res, ctx.t, outcome, `/console/calls/${id}/joint-ranking`, (refusal) =>
      this.render(res, ctx, id, { type, agency, problem: refusal.problem, values: form }, refusal.status),
    );
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    refused?: Refused,
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const call = await this.calls.get(id, ctx.actor);
    const data = (await this.rankings.jointRanking(id, ctx.actor)) as unknown as JointRankingData & {
      rules: { rule: MergeRule; default: boolean }[];
    };
    const agencies = call.agencies.map((a: { code: string }) => a.code);
    const ranking = call.allowedEvents.includes(SUBMIT)
      ? data.toRank.filter((m) => m.proposals.length > 0 && holdsAt(ctx.actor, RANKERS, m.agency))
      : [];
    const compiling = call.allowedEvents.includes(COMPILE);
    const chosen = refused?.values.rule;
    const rule = (MERGE_RULES as readonly string[]).includes(chosen as string)
      ? (chosen as MergeRule)
      : DEFAULT_MERGE_RULE;
    const ties = compiling ? await this.rankings.tiesPreview(id, rule, ctx.actor) : [];
    const submittedOrder = (agency: string) =>
      data.agencyRankings.find((r) => r.agency === agency)?.items.map((i) => i.proposalId);
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('jointRanking.title', { call: call.title }),
        section: 'review-management',
        breadcrumb: [{ href: `/console/calls/${id}`, label: call.title }],
        body: html`<div class="columns">
        <div>${agencyRankingsView(ctx, data, agencies)}${compiledView(ctx, data, agencies)}</div>
        <div>
          ${ranking.map((m) =>
            agencyRankingForm(
              ctx,
              id,
              call.version,
              m,
              submittedOrder(m.agency),
              refused?.type === SUBMIT && (refused.agency === m.agency || !refused.agency) ? refused : undefined,
            ),
          )}
          ${compiling ? compileForm(ctx, id, call.version, data.rules, { ties }, refused?.type === COMPILE ? refused : undefined) : ''}
          ${workflowActions(ctx, {
            subject: 'call',
            id,
            version: call.version,
            definition: this.forms.definition(call.workflow),
            allowedEvents: call.allowedEvents,
            handledElsewhere: [SUBMIT, COMPILE],
            // The selection's own events have their page (its decisions form, the ranking's moves).
            pages: {
              CONFIRM_SELECTION: `/console/calls/${id}/selection`,
              MOVE_IN_RANKING: `/console/calls/${id}/selection`,
            },
            agencies,
          })}
        </div>
      </div>`,
      },
      status,
    );
  }
}
