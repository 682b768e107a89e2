import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException, ErrorCode, type FieldError } from '../../common/domain.exception.js';
import { staffAgenciesOf } from '../../engine/access.js';
import { type Actor, holdsAt, isAdministrator } from '../../engine/actor.js';
import { WorkflowEngine, type InstanceView } from '../../engine/workflow-engine.service.js';
import { workflowFields } from '../../engine/workflow-http.js';
import type { CreateResearchUnitDto } from './research-units.dto.js';
import {
  ResearchUnitsRepository,
  type ResearchUnitRow,
  UNIT_PROGRAM,
  unitProgram,
} from './research-units.repository.js';

const refuse = (errors: FieldError[]): never => {
  const reasons = [...new Set(errors.map((e) => e.message))];
  throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons, errors });
};

/**
 * IRCC research units (NINS seed): NINS proposes a unit set up in its IRCC with a partner institute
 * abroad; the unit's workflow takes it to the steering committee and the board meeting; once the
 * board has established it, NINS raises the open call for its fellow together with the partner.
 */
@Injectable()
export class ResearchUnitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ResearchUnitsRepository,
    private readonly engine: WorkflowEngine,
  ) {}

  async create(dto: CreateResearchUnitDto, actor: Actor): Promise<{ id: string }> {
    const program = await unitProgram(this.dataSource);
    if (!program?.workflow)
      refuse([{ field: 'program', message: `program ${UNIT_PROGRAM} has no research-unit workflow` }]);
    // NINS seed: "We set up a research unit in IRCC"; the IRCC is NINS's center, its board NINS's.
    const mustLead = program!.lead ?? 'NINS';
    const lead = dto.leadAgency ?? mustLead;
    const errors: FieldError[] = [];
    if (lead !== mustLead)
      errors.push({
        field: 'leadAgency',
        message: `an IRCC research unit is set up in ${mustLead}'s IRCC and led by ${mustLead}: ${lead} cannot lead one`,
      });
    if (dto.partnerAgency === lead)
      errors.push({ field: 'partnerAgency', message: 'the partner institute abroad is another agency than the lead' });
    const agencies = await this.repository.agencies([lead, dto.partnerAgency]);
    const leadRow = agencies.find((a) => a.code === lead);
    const partnerRow = agencies.find((a) => a.code === dto.partnerAgency);
    if (!leadRow) errors.push({ field: 'leadAgency', message: `agency ${lead} does not exist` });
    if (!partnerRow) errors.push({ field: 'partnerAgency', message: `agency ${dto.partnerAgency} does not exist` });
    if (errors.length) refuse(errors);
    if (!isAdministrator(actor) && !holdsAt(actor, ['program_officer', 'program_director'], lead))
      throw new DomainException(
        ErrorCode.Forbidden,
        `only a program officer or director of ${lead} proposes an IRCC research unit`,
      );

    const id = randomUUID();
    await this.engine.transaction(async (q) => {
      await this.engine.create(q, {
        id,
        subjectType: 'unit',
        workflow: program!.workflow!,
        access: { agencies: [lead, dto.partnerAgency], lead, owners: [] },
        actor,
      });
      await this.repository.insert(q, {
        id,
        name: dto.name,
        leadAgencyId: leadRow!.id,
        partnerAgencyId: partnerRow!.id,
        headName: dto.headName,
        headDepartment: dto.headDepartment,
        partnerInstitute: dto.partnerInstitute,
        partnerCountry: dto.partnerCountry,
        agreement: dto.agreement,
        agreementSignedOn: dto.agreementSignedOn ?? null,
        overseasBranch: dto.overseasBranch ?? null,
        createdBy: actor.userId,
      });
    });
    return { id };
  }

  async get(id: string, actor: Actor) {
    const instance = await this.engine.read('unit', id, actor);
    return this.represent(id, instance);
  }

  async represent(id: string, instance: InstanceView) {
    const row = await this.repository.find(id);
    if (!row) throw DomainException.notFound(`research unit ${id}`);
    const calls = await this.repository.fellowCalls(id);
    return {
      ...presentUnit(row),
      ...workflowFields(instance),
      fellowCalls: calls.map((c) => ({
        id: c.id,
        title: c.title,
        state: c.state,
        opensAt: c.opens_at.toISOString(),
        submissionDeadline: c.submission_deadline.toISOString(),
      })),
    };
  }

  /** The units the actor's agencies take part in (as the engine lets their staff see them). */
  async list(actor: Actor) {
    const rows = await this.repository.list(isAdministrator(actor) ? undefined : staffAgenciesOf(actor, 'unit'));
    return { items: rows.map(presentUnit), total: rows.length };
  }
}

export function presentUnit(row: ResearchUnitRow) {
  return {
    id: row.id,
    name: row.name,
    lead: row.lead,
    head: { name: row.head_name, department: row.head_department },
    partner: { agency: row.partner, institute: row.partner_institute, country: row.partner_country },
    agreement: { title: row.agreement, signedOn: row.agreement_signed_on },
    overseasBranch: row.overseas_branch,
    state: row.state,
    createdAt: row.created_at.toISOString(),
  };
}
