import { Module } from '@nestjs/common';
import { ConsoleModule } from './console.module.js';
import { ConsoleNotFoundController } from './not-found.controller.js';

/**
 * The console's catch-all 404 page, in a module of its own: routes are registered module by module,
 * so it is imported after every module that declares console pages (last in AppModule).
 */
@Module({
  imports: [ConsoleModule],
  controllers: [ConsoleNotFoundController],
})
export class ConsoleNotFoundModule {}
