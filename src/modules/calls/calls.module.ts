import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { ProgramsModule } from '../programs/programs.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { ReviewReadsModule } from '../reviews/review-reads.module.js';
import { CallsController } from './calls.controller.js';
import { CallsHooks } from './calls.hooks.js';
import { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';
import { CallsDashboard } from './console/calls-dashboard.service.js';
import { ConsoleCallCreateController } from './console/call-create.controller.js';
import { ConsoleCallEditController } from './console/call-edit.controller.js';
import { ConsoleCallsController } from './console/calls.controller.js';
import { ConsoleParticipationController } from './console/participation.controller.js';
import { CallsWorklist } from './console/calls-worklist.js';
import { CreateCall } from './use-cases/create-call.use-case.js';

/** Calls: the API, their repository, the console's call pages and the dashboard's calls column. */
@Module({
  imports: [ConsoleModule, ProgramsModule, ProposalsModule, ReviewReadsModule],
  // The call form's path (/console/calls/new) before the call pages' /console/calls/:id.
  controllers: [
    CallsController,
    ConsoleCallCreateController,
    ConsoleCallEditController,
    ConsoleParticipationController,
    ConsoleCallsController,
  ],
  providers: [CallsRepository, CallsService, CallsHooks, CallsDashboard, CallsWorklist, CreateCall],
  exports: [CallsService, CreateCall],
})
export class CallsModule {}
