import { Injectable } from '@nestjs/common';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import { type Actor, isAdministrator } from '../../engine/actor.js';
import { managesAt } from './review-access.js';
import { assertPoolable } from './pool-rule.js';
import type { ReviewerDto, UpdateReviewerDto } from './reviews.dto.js';
import { type ReviewerRow, ReviewsRepository } from './reviews.repository.js';
import { apiTokenCache } from '../auth/token-cache.js';

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

/** Each agency keeps its own reviewer pool; its officers, PO and PD manage it; who it may hold: pool-rule.ts. */
@Injectable()
export class ReviewersService {
  constructor(private readonly repository: ReviewsRepository) {}

  private async agency(code: string, actor: Actor): Promise<string> {
    const agency = await this.repository.agencyId(code);
    if (!agency) throw DomainException.notFound(`agency ${code}`);
    if (!isAdministrator(actor) && !managesAt(actor).has(code)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        `only the officers, program officers and directors of ${code} manage its reviewer pool`,
      );
    }
    return agency;
  }

  async list(code: string, actor: Actor) {
    await this.agency(code, actor);
    const rows = await this.repository.reviewersOf(code);
    return { items: rows.map(present) };
  }

  /**
   * The pool with each member's number of assignments: a member who has any cannot be removed (see
   * `remove`), so the console does not offer it.
   */
  async listWithAssignments(code: string, actor: Actor) {
    const { items } = await this.list(code, actor);
    const counts = await this.repository.assignmentCountsOf(code);
    return { items: items.map((m) => ({ ...m, assignments: counts.get(m.id) ?? 0 })) };
  }

  async add(code: string, dto: ReviewerDto, actor: Actor) {
    const agencyId = await this.agency(code, actor);
    const user = await this.repository.userIdByEmail(dto.email);
    if (!user) throw new DomainException(ErrorCode.NotFound, `user ${dto.email} was not found: create the user first`);
    const id = await this.repository.addToPool(
      agencyId,
      user,
      {
        name: dto.name,
        institution: dto.institution,
        expertise: dto.expertise ?? [],
        recentCoauthors: dto.recentCoauthors ?? [],
      },
      (m) => assertPoolable(m, user, agencyId),
    );
    if (!id) throw new DomainException(ErrorCode.Conflict, `${dto.email} is already in the reviewer pool of ${code}`);
    // The reviewer grant counts at once for a token already in use.
    await apiTokenCache.changed();
    return this.get(code, id);
  }

  async update(code: string, id: string, dto: UpdateReviewerDto, actor: Actor) {
    const agencyId = await this.agency(code, actor);
    const member = await this.repository.poolMemberUserId(id, agencyId);
    if (!member) throw DomainException.notFound(`reviewer ${id}`);
    // A member who has since become staff elsewhere keeps their profile as it is.
    await assertPoolable(this.repository.queryable, member, agencyId);
    if (!(await this.repository.updateReviewer(code, id, dto))) throw DomainException.notFound(`reviewer ${id}`);
    return this.get(code, id);
  }

  /**
   * Takes a reviewer out of the agency's pool (and their reviewer role there). Refused (409) for a
   * reviewer with assignments: their invitations and reviews keep referring to them.
   */
  async remove(code: string, id: string, actor: Actor): Promise<void> {
    const agencyId = await this.agency(code, actor);
    const outcome = await this.repository.removeFromPool(id, agencyId);
    if (outcome === 'missing') throw DomainException.notFound(`reviewer ${id}`);
    if (outcome === 'assigned') {
      throw new DomainException(
        ErrorCode.Conflict,
        'the reviewer has assignments in this pool: their invitations and reviews refer to them, so they stay',
      );
    }
    await apiTokenCache.changed();
  }

  /** The agencies whose pools the actor manages (administrators: every agency). */
  async manageable(actor: Actor): Promise<{ code: string; name: string }[]> {
    const all = await this.repository.agencies();
    if (isAdministrator(actor)) return all;
    const mine = managesAt(actor);
    return all.filter((a) => mine.has(a.code));
  }

  private async get(code: string, id: string) {
    const row = await this.repository.reviewer(code, id);
    if (!row) throw DomainException.notFound(`reviewer ${id}`);
    return present(row);
  }
}
