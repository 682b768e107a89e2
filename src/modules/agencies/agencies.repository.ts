import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Agency } from './agency.entity.js';

export interface AgencyFields {
  code: string;
  name: string;
  /** The name in Japanese (null: not given). */
  nameJa?: string | null;
  country: string;
  currency: string;
  /** A government organisation of its country (J-RAPID's counterpart must be one). */
  governmental?: boolean;
}

/** Funding agencies. */
@Injectable()
export class AgenciesRepository {
  constructor(@InjectRepository(Agency) private readonly agencies: Repository<Agency>) {}

  list(): Promise<Agency[]> {
    return this.agencies.find({ order: { code: 'ASC' } });
  }

  findByCode(code: string): Promise<Agency | null> {
    return this.agencies.findOneBy({ code });
  }

  exists(code: string): Promise<boolean> {
    return this.agencies.existsBy({ code });
  }

  create(fields: AgencyFields): Promise<Agency> {
    return this.agencies.save(this.agencies.create(fields));
  }

  async rename(
    agency: Agency,
    names: { en?: string; ja?: string } = {},
    governmental: boolean = agency.governmental,
  ): Promise<Agency> {
    await this.agencies.update(
      { id: agency.id },
      { name: names.en ?? agency.name, nameJa: names.ja ?? agency.nameJa, governmental },
    );
    return (await this.findByCode(agency.code))!;
  }
}

/** Adds an agency (the CLI's agency:create: a duplicate code fails). */
export async function insertAgency(db: DataSource, a: AgencyFields): Promise<void> {
  await db.query(`INSERT INTO agencies (code, name, country, currency) VALUES ($1, $2, $3, $4)`, [
    a.code,
    a.name,
    a.country,
    a.currency,
  ]);
}

/** Adds the agency unless its code exists (demo data: safe to run again). */
export async function ensureAgency(db: DataSource, a: AgencyFields): Promise<void> {
  await db.query(
    `INSERT INTO agencies (code, name, country, currency, name_ja, governmental) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (code) DO UPDATE SET name_ja = coalesce(agencies.name_ja, EXCLUDED.name_ja),
                                      governmental = agencies.governmental OR EXCLUDED.governmental`,
    [a.code, a.name, a.country, a.currency, a.nameJa ?? null, a.governmental ?? false],
  );
}
