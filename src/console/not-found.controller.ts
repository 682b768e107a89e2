import { Controller, Get } from '@nestjs/common';
import { DomainException } from '../common/domain.exception.js';
import { AnonymousAllowed, ConsoleController } from './console.guard.js';

/** Any other console path: the console's own 404 page (registered after every console route). */
@ConsoleController()
@Controller('console')
export class ConsoleNotFoundController {
  @Get('{*path}')
  @AnonymousAllowed()
  notFound(): never {
    throw DomainException.notFound('page');
  }
}
