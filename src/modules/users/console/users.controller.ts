import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DomainException, ErrorCode } from '../../../common/domain.exception.js';
import { UuidParam } from '../../../common/uuid-param.pipe.js';
import { PasswordService } from '../../auth/password.service.js';
import { passwordProblem } from '../../auth/passwords.js';
import { UserDirectory } from '../user-directory.service.js';
import { UsersService } from '../users.service.js';
import { type SignedInContext, Viewer } from '../../../console/console-context.js';
import { ConsolePages } from '../../../console/console-pages.js';
import { ConsoleController } from '../../../console/console.guard.js';
import { isLocale } from '../../../console/i18n/i18n.js';
import { createUserForm, userDetails, usersList } from './users.view.js';

const PAGE = 50;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A password typed by the administrator, or a new random one to hand over. */
const chosenOrGenerated = (typed: string): { password: string; generated: boolean } =>
  typed ? { password: typed, generated: false } : { password: randomBytes(12).toString('base64url'), generated: true };

/** Administrators create users, grant and revoke roles, and reset passwords (also: the CLI). */
@ConsoleController()
@Controller('console/admin/users')
export class UsersAdminController {
  constructor(
    private readonly directory: UserDirectory,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly pages: ConsolePages,
  ) {}

  @Get()
  async list(
    @Viewer() ctx: SignedInContext,
    @Query() query: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    this.adminOnly(ctx);
    const search = str(query.q).trim().slice(0, 200) || undefined;
    const offset = /^\d{1,9}$/.test(str(query.offset)) ? Number(query.offset) : 0;
    const page = await this.directory.list(search, PAGE, offset);
    this.pages.send(res, ctx, {
      title: ctx.t.t('users.title'),
      section: 'users',
      body: usersList(ctx, page, search, createUserForm(ctx)),
    });
  }

  @Post()
  async create(
    @Viewer() ctx: SignedInContext,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    this.adminOnly(ctx);
    const { t } = ctx;
    const email = str(body.email).trim();
    const displayName = str(body.displayName).trim();
    const locale = isLocale(body.locale) ? body.locale : 'en';
    const errors: { field: string; message: string }[] = [];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)
      errors.push({ field: 'email', message: t.t('users.email') });
    if (!displayName || displayName.length > 200) errors.push({ field: 'displayName', message: t.t('users.name') });
    if (!errors.length && (await this.directory.exists(email)))
      errors.push({ field: 'email', message: `${email}: exists` });
    const { password, generated } = chosenOrGenerated(str(body.password));
    const weak = passwordProblem(password);
    if (weak) errors.push({ field: 'password', message: weak });
    if (errors.length) {
      const page = await this.directory.list(undefined, PAGE, 0);
      const form = createUserForm(ctx, { title: t.t('error.invalid.title'), errors }, body);
      this.pages.send(
        res,
        ctx,
        { title: t.t('users.title'), section: 'users', body: usersList(ctx, page, undefined, form) },
        400,
      );
      return;
    }
    // The password was checked above: a refused one leaves no user half made.
    const user = await this.users.createUser(email, displayName, locale);
    await this.passwords.set(user.id, password);
    const text = `${t.t('users.created', { email: user.email })}${generated ? ` ${t.t('users.generated', { password })}` : ''}`;
    await this.showUser(res, ctx, user.id, { kind: 'ok', text }, 201);
  }

  @Get(':id')
  async show(@Viewer() ctx: SignedInContext, @Param('id', UuidParam) id: string, @Res() res: Response): Promise<void> {
    this.adminOnly(ctx);
    await this.showUser(res, ctx, id);
  }

  @Post(':id/grants')
  async grant(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    this.adminOnly(ctx);
    const user = await this.directory.find(id);
    try {
      await this.users.grant(user.email, str(body.role), str(body.agency) || null);
    } catch (e) {
      if (!(e instanceof DomainException) || e.status >= 500) throw e;
      await this.showUser(
        res,
        ctx,
        id,
        {
          kind: 'error',
          text: ctx.t.t('error.invalid.title'),
          errors: (e.extensions.errors as never) ?? [{ field: 'agency', message: e.message }],
        },
        e.status,
      );
      return;
    }
    await this.showUser(res, ctx, id, { kind: 'ok', text: ctx.t.t('users.granted') });
  }

  @Post(':id/grants/:grant/revoke')
  async revoke(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Param('grant', UuidParam) grant: string,
    @Res() res: Response,
  ): Promise<void> {
    this.adminOnly(ctx);
    await this.directory.revokeGrant(id, grant);
    await this.showUser(res, ctx, id, { kind: 'ok', text: ctx.t.t('users.revoked') });
  }

  @Post(':id/password')
  async resetPassword(
    @Viewer() ctx: SignedInContext,
    @Param('id', UuidParam) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    this.adminOnly(ctx);
    const { t } = ctx;
    await this.directory.find(id);
    const { password, generated } = chosenOrGenerated(str(body.password));
    try {
      await this.passwords.set(id, password);
    } catch (e) {
      if (!(e instanceof DomainException) || e.code !== ErrorCode.ValidationFailed) throw e;
      await this.showUser(
        res,
        ctx,
        id,
        { kind: 'error', text: t.t('error.invalid.title'), errors: e.extensions.errors as never },
        400,
      );
      return;
    }
    await this.showUser(res, ctx, id, {
      kind: 'ok',
      text: `${t.t('users.passwordReset')}${generated ? ` ${t.t('users.generated', { password })}` : ''}`,
    });
  }

  private async showUser(
    res: Response,
    ctx: SignedInContext,
    id: string,
    notice?: Parameters<typeof userDetails>[3],
    status = 200,
  ): Promise<void> {
    const user = await this.directory.find(id);
    this.pages.send(
      res,
      ctx,
      {
        title: user.email,
        section: 'users',
        breadcrumb: [{ href: '/console/admin/users', label: ctx.t.t('users.title') }],
        body: userDetails(ctx, user, await this.directory.agencies(), notice),
      },
      status,
    );
  }

  private adminOnly(ctx: SignedInContext): void {
    if (!ctx.isAdmin) throw new DomainException(ErrorCode.Forbidden, 'user administration is for administrators');
  }
}
