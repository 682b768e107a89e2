import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { type SignedInContext, Viewer, setFlash } from '../../../console/console-context.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { formNumber, formText } from '../../../console/views/form-fields.js';
import { inBatches, streamCsv } from '../../reviews/csv.js';
import { DuplicateFundingService, EXPORT_HEADER } from '../duplicate-funding.service.js';

/**
 * The console's side of the duplicate-funding check: an officer records the agency's twin, a PD
 * rules, and the call's checks download as CSV. Each form posts what the API takes, through the
 * same service; a refusal comes back as a flash on the proposal's page, naming the reason.
 */
@ConsoleController()
@Controller('console')
export class ConsoleDuplicateFundingController {
  constructor(private readonly checks: DuplicateFundingService) {}

  @Post('proposals/:id/duplicate-funding/twin')
  async twin(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = body ?? {};
    await this.answer(req, res, id, 'dupfund.twinSaved', async () => {
      const sent = {
        system: formText(form, 'system'),
        reference: formText(form, 'reference'),
        title: formText(form, 'title'),
        principalInvestigators: formText(form, 'principalInvestigators')
          .split(/[,、;\n]/)
          .map((n) => n.trim())
          .filter(Boolean),
        budget: formNumber(formText(form, 'budget')) ?? '',
        startsOn: formText(form, 'startsOn'),
        endsOn: formText(form, 'endsOn'),
      };
      const agency = formText(form, 'agency');
      if (!/^[A-Z0-9-]{2,16}$/.test(agency))
        throw DomainException.invalid([{ field: 'agency', message: 'must be an agency code such as JST' }]);
      const twin = await this.checks.saveTwin(id, agency, { body: sent }, ctx.actor);
      return { agency: twin.agency, n: twin.differences.length };
    });
  }

  @Post('proposals/:id/duplicate-funding/ruling')
  async ruling(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = body ?? {};
    await this.answer(req, res, id, 'dupfund.ruled', async () => {
      const agency = formText(form, 'agency');
      const sent = { ...(agency ? { agency } : {}), ruling: formText(form, 'ruling'), note: formText(form, 'note') };
      const ruled = await this.checks.rule(id, { body: sent }, ctx.actor);
      return { agency: ruled.agency, ruling: ctx.t.label('option', ruled.ruling) };
    });
  }

  /** The call's checks the viewer reads, as CSV, streamed proposal by proposal (as the API's export). */
  @Get('calls/:id/duplicate-funding.csv')
  async csv(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    // Nothing is sent before the first batch: a call the caller may not see is a problem (404), not an empty file.
    await streamCsv(res, EXPORT_HEADER, inBatches(this.checks.exportCall(id, ctx.actor), 200), () => {
      res.status(200);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="duplicate-funding.csv"');
      res.setHeader('Cache-Control', 'private, no-store');
    });
  }

  /** Runs the change; back to the proposal's page with a flash of what happened or why it was refused (404s stay 404s). */
  private async answer(
    req: Request,
    res: Response,
    id: string,
    done: 'dupfund.twinSaved' | 'dupfund.ruled',
    work: () => Promise<Record<string, string | number>>,
  ): Promise<void> {
    try {
      const params = await work();
      setFlash(req, res, { kind: 'ok', key: done, params });
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500 || e.code === ErrorCode.NotFound) throw e;
      const ext = e.extensions as { errors?: { field: string; message: string }[]; reasons?: string[] };
      const reason =
        ext.reasons?.join('; ') ?? ext.errors?.map((x) => `${x.field}: ${x.message}`).join('; ') ?? e.message;
      setFlash(req, res, { kind: 'error', key: 'parties.refused', params: { reason } });
    }
    res.redirect(303, `/console/proposals/${id}#duplicate-funding`);
  }
}
