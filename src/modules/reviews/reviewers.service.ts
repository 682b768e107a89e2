import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { managesAt } from './review-access.js';
import { assertPoolable } from './pool-rule.js';
import type { ReviewerDto, UpdateReviewerDto } from './reviews.dto.js';
import { apiTokenCache } from '../auth/token-cache.js';

interface ReviewerRow {
  id: string;
  agency: string;
  user_id: string;
  email: string;
  name: string;
  institution: string;
  expertise: string[];
  recent_coauthors: string[];
}

const present = (r: ReviewerRow) => ({
  id: r.id,
  agency: r.agency,
  userId: r.user_id,
  email: r.email,
  name: r.name,
  institution: r.institution,
  expertise: r.expertise,
  recentCoauthors: r.recent_coauthors,
});

const SELECT = `SELECT r.id, a.code AS agency, r.user_id, u.email, r.name, r.institution, r.expertise, r.recent_coauthors
                  FROM reviewers r JOIN agencies a ON a.id = r.agency_id JOIN users u ON u.id = r.user_id`;

/** Each agency keeps its own reviewer pool; its officers, PO and PD manage it; who it may hold: pool-rule.ts. */
@Injectable()
export class ReviewersService {
  constructor(private readonly dataSource: DataSource) {}

  private async agency(code: string, actor: Actor): Promise<string> {
    const [agency] = await this.dataSource.query(`SELECT id FROM agencies WHERE code = $1`, [code]);
    if (!agency) throw DomainException.notFound(`agency ${code}`);
    if (!isAdministrator(actor) && !managesAt(actor).has(code)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `only the officers, program officers and directors of ${code} manage its reviewer pool`,
      );
    }
    return agency.id;
  }

  async list(code: string, actor: Actor) {
    await this.agency(code, actor);
    const rows: ReviewerRow[] = await this.dataSource.query(`${SELECT} WHERE a.code = $1 ORDER BY r.name, r.id`, [
      code,
    ]);
    return { items: rows.map(present) };
  }

  async add(code: string, dto: ReviewerDto, actor: Actor) {
    const agencyId = await this.agency(code, actor);
    const [user] = await this.dataSource.query(`SELECT id FROM users WHERE email = lower($1)`, [dto.email]);
    if (!user) throw new DomainException(ErrorCode.NotFound, `user ${dto.email} was not found: create the user first`);
    const id = await this.dataSource.transaction(async (m) => {
      await assertPoolable(m, user.id, agencyId);
      const [row] = await m.query(
        `INSERT INTO reviewers (agency_id, user_id, name, institution, expertise, recent_coauthors) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (agency_id, user_id) DO NOTHING RETURNING id`,
        [agencyId, user.id, dto.name, dto.institution, dto.expertise ?? [], dto.recentCoauthors ?? []],
      );
      if (!row)
        throw new DomainException(ErrorCode.Conflict, `${dto.email} is already in the reviewer pool of ${code}`);
      await m.query(
        `INSERT INTO role_grants (user_id, role, agency_id) VALUES ($1, 'reviewer', $2) ON CONFLICT DO NOTHING`,
        [user.id, agencyId],
      );
      return row.id as string;
    });
    // The reviewer grant counts at once for a token already in use.
    apiTokenCache.clear();
    return this.get(code, id);
  }

  async update(code: string, id: string, dto: UpdateReviewerDto, actor: Actor) {
    const agencyId = await this.agency(code, actor);
    const [member] = await this.dataSource.query(`SELECT user_id FROM reviewers WHERE id = $1 AND agency_id = $2`, [
      id,
      agencyId,
    ]);
    if (!member) throw DomainException.notFound(`reviewer ${id}`);
    // A member who has since become staff elsewhere keeps their profile as it is.
    await assertPoolable(this.dataSource, member.user_id, agencyId);
    const result = await this.dataSource.query(
      `UPDATE reviewers r SET name = coalesce($3, r.name), institution = coalesce($4, r.institution),
              expertise = coalesce($5, r.expertise), recent_coauthors = coalesce($6, r.recent_coauthors), updated_at = now()
         FROM agencies a WHERE a.id = r.agency_id AND a.code = $1 AND r.id = $2 RETURNING r.id`,
      [code, id, dto.name ?? null, dto.institution ?? null, dto.expertise ?? null, dto.recentCoauthors ?? null],
    );
    if (result[0].length === 0) throw DomainException.notFound(`reviewer ${id}`);
    return this.get(code, id);
  }

  private async get(code: string, id: string) {
    const [row] = await this.dataSource.query(`${SELECT} WHERE a.code = $1 AND r.id = $2`, [code, id]);
    if (!row) throw DomainException.notFound(`reviewer ${id}`);
    return present(row);
  }
}
