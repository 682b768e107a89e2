import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccessContext } from '../../../workflows/index.js';
import { DomainException, ErrorCode } from '../../common/domain.exception.js';
import type { Actor } from '../../engine/actor.js';
import { isStateTagged } from '../../engine/state-tags.js';
import { WorkflowEngine } from '../../engine/workflow-engine.service.js';
import type { DeclareProposalConflictDto, InviteMemberDto } from './proposals.dto.js';
import { ProposalsRepository } from './proposals.repository.js';

/**
 * Whether the actor may withdraw a declared conflict: its declarer, or the lead principal
 * investigator (an owner of the proposal) when it was declared by the lead's party (an owner, or an
 * accepted member of the lead agency's party).
 */
export function mayWithdrawConflict(
  actor: Actor,
  declarer: { declaredBy: string; agencies: readonly string[] },
  access: Pick<AccessContext, 'owners' | 'lead'>,
): boolean {
  if (actor.userId === null) return false;
  if (declarer.declaredBy === actor.userId) return true;
  const ofLeadParty = access.owners.includes(declarer.declaredBy) || declarer.agencies.includes(access.lead);
  return access.owners.includes(actor.userId) && ofLeadParty;
}

/**
 * The people of a proposal's parties and the conflicts its applicants declare (issue 15). The lead
 * principal investigator (the proposal's applicant) invites each party's principal investigator and
 * team members by e-mail while the proposal is drafted; a user whose account has the invited
 * address accepts and becomes a member: a principal investigator co-edits the draft and sees the
 * proposal like its owner, a team member sees it. Conflicts are declared by the applicants and the
 * parties' principal investigators while the proposal is drafted, and shown to whoever sees it.
 */
@Injectable()
export class PartiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProposalsRepository,
    private readonly engine: WorkflowEngine,
  ) {}

  /** The proposal as the actor may see it (404 otherwise), and whether the actor drafts it now. */
  private async draftOf(id: string, actor: Actor, who: 'owner' | 'editor') {
    const view = await this.engine.read('proposal', id, actor);
    const owner = (await this.repository.find(id))?.applicant_user_id === actor.userId;
    const pi =
      !owner &&
      who === 'editor' &&
      (await this.repository.memberRole(this.dataSource, id, actor.userId as string)) === 'pi';
    if (!owner && !pi)
      throw new DomainException(
        ErrorCode.Forbidden,
        who === 'owner'
          ? "only the proposal's lead principal investigator invites the people of its parties"
          : "only the proposal's applicants and principal investigators declare its conflicts",
      );
    if (!isStateTagged(view.state, 'private-draft', 'proposal')) {
      const reasons = [`the proposal is ${view.state}: this changes only while it is drafted`];
      throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
    }
    return view;
  }

  async members(id: string, actor: Actor) {
    await this.engine.read('proposal', id, actor);
    return (await this.repository.members(id)).map((m) => ({
      id: m.id,
      agency: m.agency,
      role: m.role,
      name: m.name,
      email: m.email,
      institution: m.institution,
      local: m.local,
      accepted: m.accepted_at !== null,
      invitedAt: new Date(m.invited_at).toISOString(),
      acceptedAt: m.accepted_at ? new Date(m.accepted_at).toISOString() : null,
      orcid: m.orcid,
      researcherNumber: m.researcher_number,
      effortPercent: m.effort_percent,
    }));
  }

  async invite(id: string, dto: InviteMemberDto, actor: Actor) {
    await this.draftOf(id, actor, 'owner');
    const row = await this.repository.find(id);
    if (!row) throw DomainException.notFound(`proposal ${id}`);
    const reasons: string[] = [];
    if (!row.parties.some((p) => p.agency === dto.agency))
      reasons.push(`the proposal has no party of ${dto.agency}: add the party first`);
    const members = await this.repository.members(id);
    if (dto.role === 'pi' && members.some((m) => m.agency === dto.agency && m.role === 'pi'))
      reasons.push(`the ${dto.agency} party has its principal investigator invited already`);
    if (dto.local) {
      // A local researcher is based in the country the call's disaster struck (J-RAPID).
      const { affected, country } = await this.repository.affectedCountryAndAgency(id, dto.agency);
      if (affected === null) reasons.push("the proposal's call records no disaster: it has no local researchers");
      else if (country !== affected)
        reasons.push(
          `a local researcher is based in ${affected}, the country the disaster struck: invite them to that country's party, not ${dto.agency}'s`,
        );
    }
    if (reasons.length) throw new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    let memberId: string | null;
    try {
      memberId = await this.repository.invite(q, {
        proposalId: id,
        agency: dto.agency,
        role: dto.role,
        name: dto.name,
        email: dto.email.toLowerCase(),
        institution: dto.institution,
        invitedBy: actor.userId as string,
        orcid: dto.orcid ?? null,
        researcherNumber: dto.researcherNumber ?? null,
        effortPercent: dto.effortPercent ?? null,
        local: dto.local ?? false,
      });
      await q.commitTransaction();
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
    if (!memberId) throw new DomainException(ErrorCode.Conflict, `${dto.email} is invited to this proposal already`);
    return (await this.members(id, actor)).find((m) => m.id === memberId)!;
  }

  async removeMember(id: string, memberId: string, actor: Actor): Promise<void> {
    await this.draftOf(id, actor, 'owner');
    await this.inTransaction(async (q) => {
      if (!(await this.repository.removeMember(q, id, memberId))) throw DomainException.notFound(`member ${memberId}`);
    });
  }

  /** The actor's invitation to the proposal (by their account's address): 404 when there is none. */
  async invitation(id: string, actor: Actor) {
    const row = actor.userId ? await this.repository.invitationFor(id, actor.userId) : undefined;
    if (!row) throw DomainException.notFound(`invitation to proposal ${id}`);
    return { proposalId: id, title: row.title, agency: row.agency, role: row.role, accepted: row.accepted_at !== null };
  }

  async accept(id: string, actor: Actor) {
    const invitation = await this.invitation(id, actor);
    if (invitation.accepted) return invitation;
    await this.repository.accept(id, actor.userId as string);
    return { ...invitation, accepted: true };
  }

  /** Declines the actor's invitation while it is not accepted (409 once accepted, 404 without one). */
  async decline(id: string, actor: Actor) {
    const invitation = await this.invitation(id, actor);
    if (invitation.accepted)
      throw new DomainException(
        ErrorCode.Conflict,
        'the invitation is accepted already: ask the lead PI to remove you',
      );
    await this.repository.declineInvitation(id, actor.userId as string);
    return invitation;
  }

  /** The actor's invitations still to answer (the start page lists them). */
  async pendingInvitations(actor: Actor) {
    return actor.userId ? this.repository.pendingInvitations(actor.userId) : [];
  }

  async conflicts(id: string, actor: Actor) {
    await this.engine.read('proposal', id, actor);
    return (await this.repository.declaredConflicts(id)).map((c) => ({
      id: c.id,
      name: c.name,
      institution: c.institution,
      email: c.email,
      type: c.type,
      note: c.note,
      createdAt: new Date(c.created_at).toISOString(),
    }));
  }

  async declareConflict(id: string, dto: DeclareProposalConflictDto, actor: Actor) {
    await this.draftOf(id, actor, 'editor');
    const conflictId = await this.inTransaction((q) =>
      this.repository.declareConflict(q, {
        proposalId: id,
        name: dto.name,
        institution: dto.institution,
        email: dto.email?.toLowerCase() ?? null,
        type: dto.type,
        note: dto.note ?? '',
        declaredBy: actor.userId as string,
      }),
    );
    return (await this.conflicts(id, actor)).find((c) => c.id === conflictId)!;
  }

  /**
   * Withdraws a declared conflict: only whoever declared it may, or the lead principal investigator
   * (the proposal's applicant) a declaration of its own party; a counterpart's principal
   * investigator never withdraws the lead's, nor the lead another party's (403).
   */
  async removeConflict(id: string, conflictId: string, actor: Actor): Promise<void> {
    const view = await this.draftOf(id, actor, 'editor');
    await this.inTransaction(async (q) => {
      const declarer = await this.repository.conflictDeclarer(q, id, conflictId);
      if (!declarer) throw DomainException.notFound(`conflict ${conflictId}`);
      if (!mayWithdrawConflict(actor, declarer, view.context.access as AccessContext))
        throw new DomainException(
          ErrorCode.Forbidden,
          "a declared conflict is withdrawn only by whoever declared it, or by the lead principal investigator for its own party's declarations",
        );
      await this.repository.removeConflict(q, id, conflictId);
    });
  }

  /** The ids of the proposal's declared conflicts the actor may withdraw now (the console's buttons). */
  async withdrawableConflicts(id: string, actor: Actor): Promise<Set<string>> {
    const view = await this.engine.read('proposal', id, actor);
    const access = view.context.access as AccessContext;
    const out = new Set<string>();
    for (const [conflictId, declarer] of await this.repository.conflictDeclarers(id))
      if (mayWithdrawConflict(actor, declarer, access)) out.add(conflictId);
    return out;
  }

  private async inTransaction<T>(work: (q: import('typeorm').QueryRunner) => Promise<T>): Promise<T> {
    const q = this.dataSource.createQueryRunner();
    await q.connect();
    await q.startTransaction();
    try {
      const out = await work(q);
      await q.commitTransaction();
      return out;
    } catch (e) {
      await q.rollbackTransaction();
      throw e;
    } finally {
      await q.release();
    }
  }
}
