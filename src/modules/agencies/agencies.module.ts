import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesController } from './agencies.controller.js';
import { AgenciesRepository } from './agencies.repository.js';
import { Agency } from './agency.entity.js';

/** Funding agencies: the API and their repository. */
@Module({
  imports: [TypeOrmModule.forFeature([Agency])],
  controllers: [AgenciesController],
  providers: [AgenciesRepository],
  exports: [AgenciesRepository],
})
export class AgenciesModule {}
