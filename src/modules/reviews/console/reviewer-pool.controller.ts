import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { validationPipe } from '../../../common/validation.js';
import { isAdministrator } from '../../../engine/actor.js';
import { ReviewersService } from '../reviewers.service.js';
import { managesAt } from '../review-access.js';
import { ReviewerDto } from '../reviews.dto.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsoleNav } from '../../../console/console-nav.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { type FormProblem, formText } from '../../../console/views/form-fields.js';
import { type PoolMember, poolAgencies, poolPage } from './reviewer-pool.view.js';

/** One value per line or comma (expertise, co-authors). */
const list = (text: string): string[] =>
  text
    .split(/[\n,、]/)
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * An agency's reviewer pool in the console: its officers, program officers and directors (and
 * administrators) add and remove reviewers through ReviewersService, the API's own. Deny by default:
 * 403 for those who manage no pool, 404 for an agency whose pool the viewer does not manage.
 */
@ConsoleController()
@Controller('console')
export class ConsoleReviewerPoolController {
  constructor(
    private readonly reviewers: ReviewersService,
    private readonly pages: ConsolePages,
    nav: ConsoleNav,
  ) {
    nav.register({
      id: 'reviewer-pool',
      href: '/console/reviewers',
      label: (t) => t.t('pool.title'),
      order: 45,
      visible: (a) => isAdministrator(a) || managesAt(a).size > 0,
    });
  }

  @Get('reviewers')
  async agencies(@Viewer() ctx: SignedInContext, @Res() res: Response): Promise<void> {
    this.managesAny(ctx);
    const agencies = await this.reviewers.manageable(ctx.actor);
    if (agencies.length === 1 && !isAdministrator(ctx.actor)) {
      res.redirect(303, `/console/agencies/${agencies[0].code}/reviewers`);
      return;
    }
    this.pages.send(res, ctx, {
      title: ctx.t.t('pool.title'),
      section: 'reviewer-pool',
      body: poolAgencies(ctx, agencies),
    });
  }

  @Get('agencies/:code/reviewers')
  async show(@Viewer() ctx: SignedInContext, @Param('code') code: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, this.agency(ctx, code));
  }

  @Post('agencies/:code/reviewers')
  async add(
    @Viewer() ctx: SignedInContext,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const agency = this.agency(ctx, code);
    const form = body ?? {};
    const text = (n: string) => formText(form, n);
    try {
      const dto = (await validationPipe.transform(
        {
          email: text('email'),
          name: text('name'),
          institution: text('institution'),
          expertise: list(text('expertise')),
          recentCoauthors: list(text('recentCoauthors')),
        },
        { type: 'body', metatype: ReviewerDto },
      )) as ReviewerDto;
      const added = await this.reviewers.add(agency, dto, ctx.actor);
      setFlash(req, res, { kind: 'ok', key: 'pool.added', params: { name: added.name, agency } });
      res.redirect(303, `/console/agencies/${agency}/reviewers`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
      // The user not found, already in the pool, or staff elsewhere: all about the e-mail address given.
      const errors = ext.errors ?? (ext.reasons ?? [e.message]).map((message) => ({ field: 'email', message }));
      const problem: FormProblem = { title: ctx.t.t('pool.refused'), errors };
      await this.render(res, ctx, agency, { problem, values: form }, e.status);
    }
  }

  @Post('agencies/:code/reviewers/:id/remove')
  async remove(
    @Viewer() ctx: SignedInContext,
    @Param('code') code: string,
    @Param('id', UuidParam) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const agency = this.agency(ctx, code);
    try {
      await this.reviewers.remove(agency, id, ctx.actor);
      setFlash(req, res, { kind: 'ok', key: 'pool.removed', params: { agency } });
    } catch (e) {
      if (!(e instanceof DomainException) || e.code !== ErrorCode.Conflict) throw e;
      setFlash(req, res, { kind: 'error', key: 'pool.stays' });
    }
    res.redirect(303, `/console/agencies/${agency}/reviewers`);
  }

  private managesAny(ctx: SignedInContext): void {
    if (!isAdministrator(ctx.actor) && managesAt(ctx.actor).size === 0)
      throw new DomainException(
        ErrorCode.Forbidden,
        "only an agency's officers, program officers and directors manage its reviewer pool",
      );
  }

  /** The agency code if the viewer manages its pool: 403 for those who manage none, 404 for another agency's. */
  private agency(ctx: SignedInContext, code: string): string {
    this.managesAny(ctx);
    const normalized = code.toUpperCase();
    if (!/^[A-Z0-9-]{2,16}$/.test(normalized)) throw DomainException.notFound(`agency ${code}`);
    if (!isAdministrator(ctx.actor) && !managesAt(ctx.actor).has(normalized))
      throw DomainException.notFound(`agency ${code}`);
    return normalized;
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    code: string,
    refused?: { problem: FormProblem; values: Record<string, unknown> },
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const { items } = await this.reviewers.listWithAssignments(code, ctx.actor); // 404 for an agency that does not exist
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('pool.titleOf', { agency: code }),
        section: 'reviewer-pool',
        breadcrumb: [{ href: '/console/reviewers', label: t.t('pool.title') }],
        body: poolPage(ctx, code, items as PoolMember[], refused),
      },
      status,
    );
  }
}
