import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../engine/actor.js';
import type { CreateCallDto } from '../../calls/calls.dto.js';
import { CreateCall } from '../../calls/use-cases/create-call.use-case.js';
import type { RaiseFellowCallDto } from '../research-units.dto.js';
import { UNIT_PROGRAM } from '../research-units.repository.js';
import { ResearchUnitsService } from '../research-units.service.js';

/**
 * NINS seed: "The IRCC research fellow is selected through an open call, raised together with the
 * foreign university or research institute". From a unit the reader sees (404 otherwise), a call of
 * program ircc-research-unit, NINS leading and the unit's partner as counterpart, naming the unit:
 * CreateCall refuses it unless the unit is established. POST /research-units/:id/fellow-call and the
 * unit's console page raise it through here.
 */
@Injectable()
export class RaiseFellowCall {
  constructor(
    private readonly units: ResearchUnitsService,
    private readonly createCall: CreateCall,
  ) {}

  async execute(id: string, dto: RaiseFellowCallDto, actor: Actor): Promise<{ id: string }> {
    const unit = await this.units.get(id, actor);
    const call: CreateCallDto = {
      program: UNIT_PROGRAM,
      title: dto.title ?? `Open call for the research fellow of ${unit.name}`,
      description: `${unit.name}: a research fellow working mainly at ${unit.partner.institute}, raised by ${unit.lead} and ${unit.partner.agency}.`,
      agencies: [
        { code: unit.lead, role: 'lead' },
        { code: unit.partner.agency, role: 'counterpart' },
      ],
      opensAt: dto.opensAt,
      submissionDeadline: dto.submissionDeadline,
      ...(dto.durationMinMonths !== undefined ? { durationMinMonths: dto.durationMinMonths } : {}),
      ...(dto.durationMaxMonths !== undefined ? { durationMaxMonths: dto.durationMaxMonths } : {}),
      researchUnitId: id,
    } as CreateCallDto;
    return this.createCall.execute(call, actor);
  }
}
