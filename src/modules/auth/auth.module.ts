import { Module } from '@nestjs/common';
import { PasswordService } from './password.service.js';
import { SessionsService } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';

/** Console sign-in: passwords, lock-out and sessions (API tokens are checked by AuthGuard). */
@Module({
  providers: [PasswordService, SessionsService, SignInService],
  exports: [PasswordService, SessionsService, SignInService],
})
export class AuthModule {}
