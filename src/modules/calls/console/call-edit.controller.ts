import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Criterion } from '../../../../workflows/kit/review-rules.js';
import { LANGUAGES, type Language, criterionLabelIn } from '../../../../workflows/kit/translations.js';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { validationPipe } from '../../../common/validation.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { type SafeHtml, html } from '../../../console/html.js';
import type { MessageKey } from '../../../console/i18n/en.js';
import { csrfInput, problemBanner } from '../../../console/views/components.js';
import {
  type FormProblem,
  errorsAt,
  fieldErrors,
  namedProblem,
  formText,
  inputField,
  textareaField,
} from '../../../console/views/form-fields.js';
import { UpdateCallDatesDto } from '../calls.dto.js';
import { CallsService } from '../calls.service.js';
import { type CallSummary, callTitle } from './calls.view.js';

type EditableCall = CallSummary & { description: string; progress?: { review?: { criteria?: Criterion[] } } };

/**
 * The request PATCH /calls/:id would receive: each language's title and description. An empty
 * description clears that translation; an empty title is sent only where the call has one (the API
 * then says a title cannot be emptied), so a call without that translation keeps having none.
 */
export function textsRequest(
  form: Record<string, unknown>,
  call: Pick<CallSummary, 'titles'>,
): Record<string, unknown> {
  const titles = Object.fromEntries(
    LANGUAGES.flatMap((l) => {
      const v = formText(form, `titles.${l}`);
      return v || call.titles[l] ? [[l, v]] : [];
    }),
  );
  const descriptions = Object.fromEntries(LANGUAGES.map((l) => [l, formText(form, `descriptions.${l}`)]));
  return { titles, descriptions };
}

/**
 * A call's texts in both languages (issue 14): whoever may PATCH the call through the API (its lead
 * agency's PO or PD, an administrator) adds or corrects a translation of its title and description
 * here, through the same service and checks as the API; a refusal shows each reason beside its field,
 * what was typed kept, nothing changed. The criteria's labels are shown in both languages and set
 * on the review set-up page (their event, CONFIGURE_REVIEW / ADD_AGENCY_CRITERIA).
 */
@ConsoleController()
@Controller('console/calls/:id/edit')
export class ConsoleCallEditController {
  constructor(
    private readonly calls: CallsService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async form(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    await this.render(res, ctx, id);
  }

  @Post()
  async save(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.allowed(ctx, id);
    const form = body ?? {};
    const { t } = ctx;
    // The authoritative version's title is required (the API says so too, in English): said here, nothing sent.
    const call = (await this.calls.get(id, ctx.actor)) as unknown as EditableCall;
    const auth = call.authoritativeLanguage;
    if (!formText(form, `titles.${auth}`)) {
      const message = t.t('api.titleRequired', { language: t.t(`bilingual.language.${auth}`) });
      const problem = { title: t.t('callEdit.refused'), errors: [{ field: `titles.${auth}`, message }] };
      return this.render(res, ctx, id, { values: form, problem }, 400);
    }
    try {
      const dto = (await validationPipe.transform(textsRequest(form, call), {
        type: 'body',
        metatype: UpdateCallDatesDto,
      })) as UpdateCallDatesDto;
      await this.calls.updateDates(id, dto, ctx.actor);
      setFlash(req, res, { kind: 'ok', key: 'callEdit.saved' });
      res.redirect(303, `/console/calls/${id}`);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.code === ErrorCode.NotFound) throw e;
      const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
      const problem: FormProblem = {
        title: t.t('callEdit.refused'),
        errors: ext.errors ?? (ext.reasons ?? [e.message]).map((message) => ({ field: 'titles', message })),
      };
      await this.render(res, ctx, id, { values: form, problem }, e.status);
    }
  }

  /** Deny by default: only those who may PATCH the call open the page (404 for a call they do not see). */
  private async allowed(ctx: SignedInContext, id: string): Promise<void> {
    if (!(await this.calls.mayChange(id, ctx.actor)))
      throw new DomainException(
        ErrorCode.Forbidden,
        "only the lead agency's program officers and directors edit a call",
      );
  }

  private async render(
    res: Response,
    ctx: SignedInContext,
    id: string,
    state?: { values: Record<string, unknown>; problem: FormProblem },
    status = 200,
  ): Promise<void> {
    await this.allowed(ctx, id);
    const { t } = ctx;
    const call = (await this.calls.get(id, ctx.actor)) as unknown as EditableCall;
    this.pages.send(
      res,
      ctx,
      {
        title: t.t('callEdit.title', { call: callTitle(t, call) }),
        section: 'calls',
        breadcrumb: [
          { href: '/console/calls', label: t.t('nav.calls') },
          { href: `/console/calls/${id}`, label: callTitle(t, call) },
        ],
        body: editForm(ctx, call, state),
      },
      status,
    );
  }
}

function editForm(
  ctx: SignedInContext,
  call: EditableCall,
  state?: { values: Record<string, unknown>; problem: FormProblem },
): SafeHtml {
  const { t } = ctx;
  const errors = fieldErrors(state?.problem, t);
  const typed = (name: string, current: string | null) => (state ? formText(state.values, name) : (current ?? ''));
  const auth = call.authoritativeLanguage;
  const marker = (l: Language) =>
    html`${l === auth ? html` <span class="muted">(${t.t('callEdit.authoritative')})</span>` : ''}${call.requiredLanguages.includes(l) && l !== auth ? html` <span class="muted">(${t.t('callEdit.required')})</span>` : ''}`;
  const criteria = call.progress?.review?.criteria ?? [];
  // The banner names each field in words ("Title (Japanese)"), not by its path.
  const named = (path: string): string | undefined =>
    /^(titles|descriptions)\.(en|ja)$/.test(path) ? t.t(`newCall.field.${path}` as MessageKey) : undefined;
  const banner = state ? namedProblem(state.problem, named) : undefined;
  return html`${banner ? problemBanner(t, banner.title, { errors: banner.errors }) : ''}
  <form method="post" action="/console/calls/${call.id}/edit" class="panel" id="call-edit-form" novalidate>
    ${csrfInput(ctx)}
    <p class="hint">${t.t('callEdit.intro', { language: t.t(`bilingual.language.${auth}`) })}</p>
    ${LANGUAGES.map(
      (
        l,
      ) => html`<fieldset class="field" id="call-texts-${l}" lang="${t.locale}"><legend>${t.t(`bilingual.language.${l}`)}${marker(l)}</legend>
      ${inputField('text', {
        id: `call-title-${l}`,
        name: `titles.${l}`,
        label: t.t(`newCall.field.titles.${l}`),
        value: typed(`titles.${l}`, call.titles[l]),
        required: l === auth,
        attrs: html` maxlength="300" lang="${l}"`,
        errors: errorsAt(errors, `titles.${l}`).concat(l === auth ? errorsAt(errors, 'title') : []),
      })}
      ${textareaField({
        id: `call-description-${l}`,
        name: `descriptions.${l}`,
        label: t.t(`newCall.field.descriptions.${l}`),
        value: typed(`descriptions.${l}`, call.descriptions[l]),
        rows: 5,
        attrs: html` lang="${l}"`,
        errors: errorsAt(errors, `descriptions.${l}`).concat(l === auth ? errorsAt(errors, 'description') : []),
      })}
    </fieldset>`,
    )}
    <button type="submit">${t.t('callEdit.save')}</button> <a href="/console/calls/${call.id}">${t.t('callEdit.cancel')}</a>
  </form>
  <section class="panel" aria-labelledby="call-edit-criteria">
    <h2 id="call-edit-criteria">${t.t('callEdit.criteria')}</h2>
    ${
      criteria.length
        ? html`<div class="table-wrap"><table class="data compact" id="call-edit-criteria-table">
      <thead><tr><th scope="col">${t.t('setup.key')}</th>${LANGUAGES.map((l) => html`<th scope="col">${t.t(`bilingual.language.${l}`)}</th>`)}</tr></thead>
      <tbody>${criteria.map(
        (c) =>
          html`<tr data-criterion="${c.key}"><th scope="row"><code>${c.key}</code></th>${LANGUAGES.map((l) => {
            const label = criterionLabelIn(c, l, auth);
            return html`<td${label ? html` lang="${l}"` : ''}>${label ?? html`<span class="missing">${t.t('callEdit.missing')}</span>`}</td>`;
          })}</tr>`,
      )}</tbody></table></div>`
        : html`<p class="muted">${t.t('callEdit.noCriteria')}</p>`
    }
    <p><a id="criteria-setup-link" href="/console/calls/${call.id}/review-setup">${t.t('callEdit.criteriaWhere')}</a></p>
  </section>`;
}
