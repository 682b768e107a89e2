import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsoleNav } from '../../../console/console-nav.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { localText } from '../../../console/views/bilingual.js';
import { isAdministrator, type Actor } from '../../../engine/actor.js';
import { WorkflowReader } from '../../../engine/workflow-reader.js';
import { streamCsv } from '../../reviews/csv.js';
import { BULK_MAX_ITEMS } from '../bulk.dto.js';
import { BulkRepository, hasEnded } from '../bulk.repository.js';
import { BulkService, type BatchView } from '../bulk.service.js';
import { CONSOLE_ACTIONS, batchLive, batchPage, batchesPage, isConsoleAction, selectionPage } from './bulk.view.js';

const STAFF = ['program_officer', 'program_director', 'agency_officer'];
const isStaff = (a: Actor): boolean => isAdministrator(a) || a.grants.some((g) => STAFF.includes(g.role));

/** How often a batch's page is brought up to date while its batch runs. */
const REFRESH_MS = 1000;

/**
 * The console's bulk operations: pick a call and an action, narrow the selection by a filter and
 * by hand, send; the batch's page follows its progress live (server-sent events), cancels it, and
 * offers its report as CSV. The same service as the API (/api/v1/bulk).
 */
@ConsoleController()
@Controller('console/bulk')
export class ConsoleBulkController {
  constructor(
    private readonly bulk: BulkService,
    private readonly batches: BulkRepository,
    private readonly reader: WorkflowReader,
    private readonly pages: ConsolePages,
    nav: ConsoleNav,
  ) {
    nav.register({ id: 'bulk', href: '/console/bulk', label: (t) => t.t('bulk.title'), order: 48, visible: isStaff });
  }

  private staffOnly(ctx: SignedInContext): void {
    if (!isStaff(ctx.actor))
      throw new DomainException(ErrorCode.Forbidden, 'bulk operations are for the agencies’ staff');
  }

  @Get()
  async list(@Viewer() ctx: SignedInContext, @Res() res: Response): Promise<void> {
    this.staffOnly(ctx);
    const batches = await this.bulk.list(ctx.actor);
    const calls = await this.calls(ctx);
    // The list holds the viewer's own batches, or every batch for an administrator: the names are theirs to see.
    const requesters = await this.batches.requesterNames(batches.map((b) => b.id));
    this.pages.send(res, ctx, {
      title: ctx.t.t('bulk.title'),
      section: 'bulk',
      body: batchesPage(ctx, batches, calls, requesters),
    });
  }

  @Get('new')
  async choose(
    @Viewer() ctx: SignedInContext,
    @Query('call') call: unknown,
    @Query('action') action: unknown,
    @Query('state') state: unknown,
    @Res() res: Response,
  ): Promise<void> {
    this.staffOnly(ctx);
    if (typeof call !== 'string' || !/^[0-9a-f-]{36}$/i.test(call) || !isConsoleAction(action)) {
      res.redirect(303, '/console/bulk');
      return;
    }
    const callTitle = (await this.calls(ctx)).find((c) => c.id === call)?.title;
    if (!callTitle) throw DomainException.notFound(`call ${call}`);
    const { subjectType } = CONSOLE_ACTIONS[action];
    const filterState = typeof state === 'string' && state.length > 0 && state.length <= 100 ? state : undefined;
    // The filter's states and counts, like the rows, cover only what the viewer sees: counting every
    // instance of the call told an agency how many of another agency's items were in each state.
    const found = await this.batches.select(subjectType, { callId: call }, BULK_MAX_ITEMS);
    const seen: string[] = [];
    for (const r of found) if (await this.sees(subjectType, r.id, ctx.actor)) seen.push(r.id);
    const labels = await this.batches.labels(subjectType, seen);
    const stateOf = (id: string) => labels.get(id)?.state ?? '';
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(stateOf(id), (counts.get(stateOf(id)) ?? 0) + 1);
    const states = [...counts].map(([st, n]) => ({ state: st, n })).sort((a, b) => a.state.localeCompare(b.state));
    const visible = filterState
      ? seen.filter((id) => stateOf(id) === filterState || stateOf(id).startsWith(`${filterState}.`))
      : seen;
    this.pages.send(res, ctx, {
      title: ctx.t.t('bulk.new'),
      section: 'bulk',
      breadcrumb: [{ href: '/console/bulk', label: ctx.t.t('bulk.title') }],
      body: selectionPage(ctx, {
        callId: call,
        callTitle,
        action,
        state: filterState ?? '',
        states,
        rows: visible.map((id) => ({ id, ...(labels.get(id) ?? { label: id, state: '' }) })),
      }),
    });
  }

  @Post()
  async create(
    @Viewer() ctx: SignedInContext,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.staffOnly(ctx);
    const action = body?.action;
    if (!isConsoleAction(action)) throw DomainException.invalid([{ field: 'action', message: 'choose an action' }]);
    const raw = body.ids;
    const ids = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (i): i is string => typeof i === 'string' && /^[0-9a-f-]{36}$/i.test(i),
    );
    if (ids.length === 0) {
      setFlash(req, res, { kind: 'error', key: 'bulk.nothingSelected' });
      res.redirect(303, `/console/bulk/new?call=${encodeURIComponent(String(body.call))}&action=${action}`);
      return;
    }
    const a = CONSOLE_ACTIONS[action];
    const { id } = await this.bulk.create(
      {
        subjectType: a.subjectType,
        event: { type: a.event },
        ids,
        key: typeof body.key === 'string' && body.key.length <= 255 && body.key ? body.key : undefined,
      },
      ctx.actor,
    );
    res.redirect(303, `/console/bulk/${id}`);
  }

  @Get(':id')
  async page(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    const b = await this.bulk.read(id, ctx.actor);
    const { requested_by: requestedBy } = await this.bulk.visible(id, ctx.actor);
    const mayCancel = isAdministrator(ctx.actor) || (b.origin === 'request' && requestedBy === ctx.actor.userId);
    // Whoever reads a batch of a person is that person or an administrator: the name is theirs to see.
    const requester = requestedBy ? await this.batches.displayNameOf(requestedBy) : null;
    const callTitle = b.callId ? ((await this.calls(ctx)).find((c) => c.id === b.callId)?.title ?? null) : null;
    this.pages.send(res, ctx, {
      title: ctx.t.t('bulk.batchTitle'),
      section: 'bulk',
      breadcrumb: [{ href: '/console/bulk', label: ctx.t.t('bulk.title') }],
      body: batchPage(ctx, b, await this.live(ctx, b), mayCancel, requester, callTitle),
    });
  }

  /** Server-sent events: `live` with the progress fragment whenever it changed; `end` once the batch has ended. */
  @Get(':id/stream')
  async stream(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.bulk.read(id, ctx.actor);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    let last = '';
    let busy = false;
    const tick = async () => {
      if (busy || res.writableEnded) return;
      busy = true;
      try {
        const b = await this.bulk.read(id, ctx.actor);
        const fragment = (await this.live(ctx, b)).value;
        if (fragment !== last) {
          last = fragment;
          res.write(`event: live\ndata: ${JSON.stringify({ html: fragment, state: b.state })}\n\n`);
        }
        if (hasEnded(b.state)) {
          res.write('event: end\ndata: {}\n\n');
          stop();
        }
      } catch {
        stop();
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), REFRESH_MS);
    const stop = () => {
      clearInterval(timer);
      if (!res.writableEnded) res.end();
    };
    res.on('close', stop);
    res.on('error', stop);
    void tick();
  }

  @Post(':id/cancel')
  async cancel(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.bulk.cancel(id, ctx.actor);
      setFlash(req, res, { kind: 'ok', key: 'bulk.cancelled' });
    } catch (e) {
      if (!(e instanceof DomainException) || e.code !== ErrorCode.Conflict) throw e;
      setFlash(req, res, { kind: 'error', key: 'bulk.alreadyEnded' });
    }
    res.redirect(303, `/console/bulk/${id}`);
  }

  @Get(':id/report.csv')
  async report(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const { header, rows } = await this.bulk.csv(id, ctx.actor);
    await streamCsv(res, header, rows, () =>
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('Content-Disposition', `attachment; filename="bulk-${id}.csv"`),
    );
  }

  private async live(ctx: SignedInContext, b: BatchView) {
    return batchLive(
      ctx.t,
      b,
      await this.batches.labels(
        b.subjectType,
        b.items.map((i) => i.subjectId),
      ),
    );
  }

  private async sees(subjectType: string, id: string, actor: Actor): Promise<boolean> {
    try {
      await this.reader.workflowOf(subjectType, id, actor);
      return true;
    } catch (e) {
      if (e instanceof DomainException && e.code === ErrorCode.NotFound) return false;
      throw e;
    }
  }

  /** The calls the viewer may see (their titles in the viewer's language where there is one). */
  private async calls(ctx: SignedInContext): Promise<{ id: string; title: string }[]> {
    const out: { id: string; title: string }[] = [];
    for (const c of await this.batches.visibleCalls())
      if (await this.sees('call', c.id, ctx.actor))
        out.push({
          id: c.id,
          title: localText(ctx.t, { en: c.title_en, ja: c.title_ja }, c.language, c.title),
        });
    return out;
  }
}
