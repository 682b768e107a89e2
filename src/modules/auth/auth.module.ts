import { Global, Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { AuthRepository } from './auth.repository.js';
import { SignInController } from './console/sign-in.controller.js';
import { PasswordService } from './password.service.js';
import { SessionsService } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';
import { TokenChanges } from './token-changes.js';

/**
 * Authentication: API tokens (AuthGuard), console sign-in with passwords, lock-out and sessions, and
 * the console's sign-in pages. Global: every console page's guard reads the session.
 */
@Global()
@Module({
  imports: [ConsoleModule],
  controllers: [SignInController],
  providers: [AuthRepository, PasswordService, SessionsService, SignInService, TokenChanges],
  exports: [AuthRepository, PasswordService, SessionsService, SignInService],
})
export class AuthModule {}
