import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesController } from './agencies/agencies.controller.js';
import { AgenciesRepository } from './agencies/agencies.repository.js';
import { CallsRepository } from './calls/calls.repository.js';
import { ProgramsRepository } from './programs/programs.repository.js';
import { ProposalsRepository } from './proposals/proposals.repository.js';
import { UsersRepository } from './users/users.repository.js';
import { Agency } from './agencies/agency.entity.js';
import { CallsController } from './calls/calls.controller.js';
import { CallsService } from './calls/calls.service.js';
import { ProgramCatalogSync } from './programs/program-catalog.js';
import { Program } from './programs/program.entity.js';
import { ProgramsController } from './programs/programs.controller.js';
import { ProgramsService } from './programs/programs.service.js';
import { ProposalsController } from './proposals/proposals.controller.js';
import { ProposalsService } from './proposals/proposals.service.js';
import { UserDirectory } from './users/user-directory.service.js';
import { UsersService } from './users/users.service.js';

/** The joint-call domain: agencies, programs, calls, proposals, users. */
@Module({
  imports: [TypeOrmModule.forFeature([Agency, Program])],
  controllers: [AgenciesController, ProgramsController, CallsController, ProposalsController],
  providers: [
    AgenciesRepository,
    CallsRepository,
    ProgramsRepository,
    ProposalsRepository,
    UsersRepository,
    ProgramCatalogSync,
    CallsService,
    ProposalsService,
    ProgramsService,
    UsersService,
    UserDirectory,
  ],
  exports: [UsersService, CallsService, ProposalsService, ProgramsService, UserDirectory],
})
export class DomainModule {}
