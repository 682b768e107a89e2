import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

export interface ResearchUnitRow {
  id: string;
  name: string;
  lead: string;
  partner: string;
  head_name: string;
  head_department: string;
  partner_institute: string;
  partner_country: string;
  agreement: string;
  agreement_signed_on: string | null;
  overseas_branch: string | null;
  state: string;
  created_at: Date;
}

export interface NewResearchUnit {
  id: string;
  name: string;
  leadAgencyId: string;
  partnerAgencyId: string;
  headName: string;
  headDepartment: string;
  partnerInstitute: string;
  partnerCountry: string;
  agreement: string;
  agreementSignedOn: string | null;
  overseasBranch: string | null;
  createdBy: string | null;
}

const SELECT = `
  SELECT u.id, u.name, la.code AS lead, pa.code AS partner, u.head_name, u.head_department, u.partner_institute,
         u.partner_country, u.agreement, to_char(u.agreement_signed_on, 'YYYY-MM-DD') AS agreement_signed_on,
         u.overseas_branch, wi.state, u.created_at
    FROM research_units u
    JOIN workflow_instances wi ON wi.id = u.id
    JOIN agencies la ON la.id = u.lead_agency_id
    JOIN agencies pa ON pa.id = u.partner_agency_id`;

/** The SQL of IRCC research units. */
@Injectable()
export class ResearchUnitsRepository {
  constructor(private readonly dataSource: DataSource) {}

  agencies(codes: string[]): Promise<{ id: string; code: string; country: string }[]> {
    return this.dataSource.query(`SELECT id, code, country FROM agencies WHERE code = ANY($1)`, [codes]);
  }

  async insert(q: QueryRunner, u: NewResearchUnit): Promise<void> {
    await q.query(
      `INSERT INTO research_units (id, name, lead_agency_id, partner_agency_id, head_name, head_department, partner_institute,
                                   partner_country, agreement, agreement_signed_on, overseas_branch, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        u.id,
        u.name,
        u.leadAgencyId,
        u.partnerAgencyId,
        u.headName,
        u.headDepartment,
        u.partnerInstitute,
        u.partnerCountry,
        u.agreement,
        u.agreementSignedOn,
        u.overseasBranch,
        u.createdBy,
      ],
    );
  }

  async find(id: string): Promise<ResearchUnitRow | undefined> {
    const [row] = await this.dataSource.query(`${SELECT} WHERE u.id = $1`, [id]);
    return row;
  }

  /** Units of these agencies (every unit when `agencies` is undefined), newest first. */
  list(agencies: string[] | undefined): Promise<ResearchUnitRow[]> {
    return agencies === undefined
      ? this.dataSource.query(`${SELECT} ORDER BY u.created_at DESC, u.id`)
      : this.dataSource.query(
          `${SELECT} WHERE la.code = ANY($1) OR pa.code = ANY($1) ORDER BY u.created_at DESC, u.id`,
          [agencies],
        );
  }

  /** The unit of this name, if there is one (the demo data's unit). */
  async idByName(name: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query(`SELECT id FROM research_units WHERE name = $1`, [name]);
    return row?.id;
  }

  /** The fellow calls raised from the unit. */
  fellowCalls(
    id: string,
  ): Promise<{ id: string; title: string; state: string; opens_at: Date; submission_deadline: Date }[]> {
    return this.dataSource.query(
      `SELECT c.id, c.title, wi.state, c.opens_at, c.submission_deadline
         FROM calls c JOIN workflow_instances wi ON wi.id = c.id
        WHERE c.research_unit_id = $1 ORDER BY c.created_at, c.id`,
      [id],
    );
  }
}

/** The program research units belong to: its unit workflow and the agency that must lead. */
export async function unitProgram(
  db: DataSource,
): Promise<{ workflow: string | null; lead: string | null } | undefined> {
  const [row] = await db.query(
    `SELECT workflows ->> 'unit' AS workflow, rules -> 'agencies' ->> 'lead' AS lead FROM programs WHERE code = $1`,
    [UNIT_PROGRAM],
  );
  return row;
}

/** The catalog program whose calls are raised from research units. */
export const UNIT_PROGRAM = 'ircc-research-unit';
