import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { validationPipe } from '../../../common/validation.js';
import { type Actor, isAdministrator } from '../../../engine/actor.js';
import { ProgramsRepository } from '../../programs/programs.repository.js';
import { CreateCallDto } from '../calls.dto.js';
import { CallsService } from '../calls.service.js';
import { CreateCall } from '../use-cases/create-call.use-case.js';
import { callTitle } from './calls.view.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { endOfDay, formNumber, formText } from '../../../console/views/form-fields.js';
import {
  type CallFormState,
  DATE_FIELDS,
  type ProgramChoice,
  formLanguages,
  newCallPage,
  sentRows,
} from './call-create.view.js';

const LANGS = ['en', 'ja'] as const;

/** Who opens the page (as the API's POST /calls; CreateCall then checks the lead agency). */
export const CALL_CREATORS = ['program_officer', 'program_director'];

export const mayCreateCalls = (actor: Actor): boolean =>
  isAdministrator(actor) || actor.grants.some((g) => CALL_CREATORS.includes(g.role));

/** A day from a date input as the start (opening) or end (the other dates) of that day in UTC; anything else as typed. */
const startOfDay = (text: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text);

/** The request the API would receive, from the form: rows without an agency are not sent. */
export function callRequest(form: Record<string, unknown>): Record<string, unknown> {
  const text = (n: string) => formText(form, n);
  const lead = text('lead');
  const agencies = sentRows(form).map((i) => ({
    code: text(`agencies.${i}.code`),
    role: lead === String(i) ? 'lead' : 'counterpart',
    ...(text(`agencies.${i}.currency`) ? { currency: text(`agencies.${i}.currency`).toUpperCase() } : {}),
  }));
  const body: Record<string, unknown> = { program: text('program'), agencies };
  // The form asks for each language's version; a form that still sends `title` (the shape before) is taken too.
  if (text('title')) body.title = text('title');
  if (text('description')) body.description = text('description');
  const titles = Object.fromEntries(LANGS.filter((l) => text(`titles.${l}`)).map((l) => [l, text(`titles.${l}`)]));
  const descriptions = Object.fromEntries(
    LANGS.filter((l) => text(`descriptions.${l}`)).map((l) => [l, text(`descriptions.${l}`)]),
  );
  if (Object.keys(titles).length) body.titles = titles;
  if (Object.keys(descriptions).length) body.descriptions = descriptions;
  if (!body.title && !body.titles) body.title = '';
  if (text('authoritativeLanguage')) body.authoritativeLanguage = text('authoritativeLanguage');
  if (form.requiredLanguages !== undefined) body.requiredLanguages = formLanguages(form.requiredLanguages);
  for (const d of DATE_FIELDS) {
    const v = text(d);
    if (v) body[d] = d === 'opensAt' ? startOfDay(v) : endOfDay(v);
  }
  // J-RAPID: the disaster (sent when any of its fields is filled) and the affected country.
  const disaster = ['what', 'occurredOn', 'where'].map((f) => text(`disaster.${f}`));
  if (disaster.some(Boolean)) body.disaster = { what: disaster[0], occurredOn: disaster[1], where: disaster[2] };
  if (text('affectedCountry')) body.affectedCountry = text('affectedCountry').toUpperCase();
  for (const d of ['durationMinMonths', 'durationMaxMonths']) {
    const v = formNumber(text(d));
    if (v !== undefined) body[d] = v;
  }
  return body;
}

/**
 * A call created from a program in the console: the form gives the API's request, checked by the
 * API's own validation and then by CreateCall (every program rule); a refusal shows each
 * reason beside its field, the values kept, nothing created.
 */
@ConsoleController()
@Controller('console/calls/new')
export class ConsoleCallCreateController {
  constructor(
    private readonly calls: CallsService,
    private readonly createCall: CreateCall,
    private readonly programs: ProgramsRepository,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async form(
    @Viewer() ctx: SignedInContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    this.allowed(ctx);
    const program = typeof query.program === 'string' ? query.program.slice(0, 40) : undefined;
    await this.render(res, ctx, undefined, program);
  }

  @Post()
  async create(
    @Viewer() ctx: SignedInContext,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    this.allowed(ctx);
    const form = body ?? {};
    const { t } = ctx;
    try {
      const dto = (await validationPipe.transform(callRequest(form), {
        type: 'body',
        metatype: CreateCallDto,
      })) as CreateCallDto;
      const { id } = await this.createCall.execute(dto, ctx.actor);
      // The flash names the call in the reader's language (the other version marked when it is all there is).
      const call = await this.calls.get(id, ctx.actor);
      setFlash(req, res, { kind: 'ok', key: 'newCall.created', params: { title: callTitle(t, call) } });
      res.redirect(303, `/console/calls/${id}`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
      const errors =
        ext.errors ??
        (e.code === ErrorCode.Forbidden
          ? [{ field: 'lead', message: e.message }]
          : (ext.reasons ?? [e.message]).map((message) => ({ field: 'agencies', message })));
      const title = e.code === ErrorCode.RuleViolated ? t.t('newCall.refused') : t.t('error.invalid.title');
      await this.render(
        res,
        ctx,
        { problem: { title, errors }, values: { ...form, _sent: true } },
        undefined,
        e.status,
      );
    }
  }

  /** Deny by default: only those who may create a call through the API open the page. */
  private allowed(ctx: SignedInContext): void {
    if (!mayCreateCalls(ctx.actor))
      throw new DomainException(ErrorCode.Forbidden, 'only program officers and directors create calls');
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    state?: CallFormState,
    program?: string,
    status = 200,
  ): Promise<void> {
    const { t } = ctx;
    const programs = (await this.programs.list()) as unknown as ProgramChoice[];
    const agencies = await this.calls.agencyChoices();
    // A fresh form proposes the viewer's agency as the lead in the first row.
    const mine = ctx.actor.grants.find((g) => CALL_CREATORS.includes(g.role) && g.agency)?.agency ?? undefined;
    const values = state?.values ?? (mine ? { 'agencies.0.code': mine, lead: '0' } : {});
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('newCall.title'),
        section: 'calls',
        breadcrumb: [{ href: '/console/calls', label: t.t('nav.calls') }],
        body: newCallPage(ctx, programs, agencies, values, state?.problem, program),
      },
      status,
    );
  }
}
