import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { UsersAdminController } from './console/users.controller.js';
import { UserDirectory } from './user-directory.service.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** Users, their grants and API tokens; the administrators' user pages in the console. */
@Module({
  imports: [ConsoleModule],
  controllers: [UsersAdminController],
  providers: [UsersRepository, UsersService, UserDirectory],
  exports: [UsersService, UserDirectory],
})
export class UsersModule {}
