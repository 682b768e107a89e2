import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { AdministratorsOnly } from '../auth/roles.guard.js';
import { FailedNotificationsQuery, InboxQuery, RetryNotificationsDto, WebhookDto } from './notifications.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class InboxController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your in-app notifications, unread first' })
  list(@Query() query: InboxQuery, @CurrentActor() actor: Actor) {
    return this.notifications.inbox(actor, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  readAll(@CurrentActor() actor: Actor) {
    return this.notifications.markAllRead(actor);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one notification read' })
  read(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.notifications.markRead(actor, id);
  }
}

@ApiTags('administration')
@ApiBearerAuth()
@Controller('admin')
@AdministratorsOnly()
export class NotificationsAdminController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @ApiOperation({ summary: 'Notifications by delivery status (failed by default), with their last error' })
  list(@Query() query: FailedNotificationsQuery, @CurrentActor() actor: Actor) {
    return this.notifications.list(actor, query);
  }

  @Post('notifications/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send failed notifications again, by id or every one matching the filters' })
  async retryMany(@Body() dto: RetryNotificationsDto, @CurrentActor() actor: Actor) {
    const { retried } = await this.notifications.retry(actor, dto.ids, {
      template: dto.template,
      channel: dto.channel,
    });
    return { retried: retried.length, ids: retried };
  }

  @Post('notifications/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send one failed notification again' })
  retry(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.notifications.retryOne(actor, id);
  }

  @Get('agencies/:code/webhook')
  webhook(@Param('code') code: string, @CurrentActor() actor: Actor) {
    return this.notifications.webhook(actor, code);
  }

  @Put('agencies/:code/webhook')
  @ApiOperation({ summary: "Set an agency's webhook URL and signing secret" })
  setWebhook(@Param('code') code: string, @Body() dto: WebhookDto, @CurrentActor() actor: Actor) {
    return this.notifications.setWebhook(actor, code, dto);
  }

  @Delete('agencies/:code/webhook')
  @HttpCode(204)
  async removeWebhook(@Param('code') code: string, @CurrentActor() actor: Actor): Promise<void> {
    await this.notifications.removeWebhook(actor, code);
  }
}
