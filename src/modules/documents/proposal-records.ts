import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { Actor } from '../../engine/actor.js';
import { DocumentsRepository } from './documents.repository.js';
import { type RevisionContent, diffRevisions } from './revision-diff.js';

export interface BeforeChange {
  last: number;
  content: RevisionContent;
}

/**
 * Records a proposal's revisions: call `before` under the proposal's lock, make the change, then
 * `after`. The first change keeps the proposal as it stood as revision 0; a change that changed
 * nothing records nothing.
 */
@Injectable()
export class ProposalRecords {
  constructor(private readonly repository: DocumentsRepository) {}

  async before(q: QueryRunner, proposalId: string): Promise<BeforeChange> {
    const content = await this.repository.content(q, proposalId);
    const last = await this.repository.lastRevisionNumber(q, proposalId);
    if (last === null) await this.repository.insertOriginal(q, proposalId, content);
    return { last: last ?? 0, content };
  }

  /** The new revision's number, or null when nothing changed. */
  async after(
    q: QueryRunner,
    proposalId: string,
    before: BeforeChange,
    change: { actor: Actor; kind: 'edit' | 'document'; amendment: boolean },
  ): Promise<number | null> {
    const content = await this.repository.content(q, proposalId);
    if (diffRevisions(before.content, content).length === 0) return null;
    const number = before.last + 1;
    await this.repository.insertRevision(
      q,
      { proposalId, number, userId: change.actor.userId, kind: change.kind, amendment: change.amendment },
      content,
    );
    return number;
  }
}
