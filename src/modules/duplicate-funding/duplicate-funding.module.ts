import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { ConsoleDuplicateFundingController } from './console/duplicate-funding.controller.js';
import { DuplicateFundingConsole } from './console/duplicate-funding.console.js';
import { DuplicateFundingController } from './duplicate-funding.controller.js';
import { DuplicateFundingRepository } from './duplicate-funding.repository.js';
import { DuplicateFundingService } from './duplicate-funding.service.js';

/**
 * Duplicate-funding checks (issue 16, e-Rad practice): researchers' identities across proposals,
 * overlapping projects and effort, the agencies' twins, the PD's rulings (steps of the proposal's
 * log); the API, the CSV export, the proposal page's panel and the officers' start-page section.
 */
@Module({
  imports: [ConsoleModule, ProposalsModule],
  controllers: [DuplicateFundingController, ConsoleDuplicateFundingController],
  providers: [DuplicateFundingRepository, DuplicateFundingService, DuplicateFundingConsole],
})
export class DuplicateFundingModule {}
