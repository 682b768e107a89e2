import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProgramCatalogSync } from './program-catalog.js';
import { Program } from './program.entity.js';
import { ProgramsController } from './programs.controller.js';
import { ProgramsRepository } from './programs.repository.js';
import { ProgramsService } from './programs.service.js';

/** Programs: the API, publishing workflow versions, the catalog copied to the table at start. */
@Module({
  imports: [TypeOrmModule.forFeature([Program])],
  controllers: [ProgramsController],
  providers: [ProgramsRepository, ProgramsService, ProgramCatalogSync],
  exports: [ProgramsRepository, ProgramsService],
})
export class ProgramsModule {}
