import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { ConsoleUnitsController } from './console/units.controller.js';
import { UnitsWorklist } from './console/units-worklist.js';
import { ResearchUnitsController } from './research-units.controller.js';
import { ResearchUnitsRepository } from './research-units.repository.js';
import { ResearchUnitsService } from './research-units.service.js';
import { RaiseFellowCall } from './use-cases/raise-fellow-call.use-case.js';

/** IRCC research units (branch ircc): the API and the console's unit pages. */
@Module({
  imports: [ConsoleModule, CallsModule],
  controllers: [ResearchUnitsController, ConsoleUnitsController],
  providers: [ResearchUnitsRepository, ResearchUnitsService, RaiseFellowCall, UnitsWorklist],
})
export class ResearchUnitsModule {}
