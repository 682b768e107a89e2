import { Module } from '@nestjs/common';
import { AuthRepository } from './auth.repository.js';
import { PasswordService } from './password.service.js';
import { SessionsService } from './sessions.service.js';
import { SignInService } from './sign-in.service.js';

/** Console sign-in: passwords, lock-out and sessions (API tokens are checked by AuthGuard). */
@Module({
  providers: [AuthRepository, PasswordService, SessionsService, SignInService],
  exports: [AuthRepository, PasswordService, SessionsService, SignInService],
})
export class AuthModule {}
