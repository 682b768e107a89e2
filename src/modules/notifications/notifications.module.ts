import { Injectable, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { resolve } from 'node:path';
import { AppConfig } from '../../config/config.module.js';
import { ConsoleModule } from '../../console/console.module.js';
import { JobHandlers } from '../../effects/jobs.js';
import { FileMailer, Mailer, SmtpMailer } from './mailer.js';
import { DeliverEmail, DeliverWebhook, DispatchNotification } from './notification-jobs.js';
import { InboxController, NotificationsAdminController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { TemplateCatalog } from './template-catalog.js';
import { NotificationsDashboardPanel } from './console/notifications-dashboard.panel.js';
import { NotificationsRetryController } from './console/notifications-retry.controller.js';

@Injectable()
class NotificationHandlers implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly handlers: JobHandlers,
    private readonly dispatch: DispatchNotification,
    private readonly email: DeliverEmail,
    private readonly webhook: DeliverWebhook,
    private readonly mailer: Mailer,
  ) {}

  onModuleInit(): void {
    for (const h of [this.dispatch, this.email, this.webhook]) this.handlers.register(h);
  }

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}

/**
 * Notifications: templates and rules, dispatch and delivery jobs, the inbox and its admin API, the
 * dashboard's notifications slot and its retry forms.
 */
@Module({
  imports: [ConsoleModule],
  controllers: [InboxController, NotificationsAdminController, NotificationsRetryController],
  providers: [
    // Loaded and checked at start: a template or rule that does not fit stops the service.
    { provide: TemplateCatalog, useFactory: () => new TemplateCatalog() },
    {
      provide: Mailer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const smtp = config.get('SMTP_URL');
        const mailer = smtp
          ? new SmtpMailer(smtp, config.get('SMTP_POOL_SIZE'))
          : new FileMailer(config.get('MAIL_DIR') ?? resolve(config.get('DATA_DIR'), 'mail'));
        new Logger('Notifications').debug(`e-mail goes to ${mailer.description}`);
        return mailer;
      },
    },
    NotificationsRepository,
    DispatchNotification,
    DeliverEmail,
    DeliverWebhook,
    NotificationsService,
    NotificationHandlers,
    NotificationsDashboardPanel,
  ],
  exports: [NotificationsService, NotificationsRepository, TemplateCatalog],
})
export class NotificationsModule {}
