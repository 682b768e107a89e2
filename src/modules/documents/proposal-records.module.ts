import { Module } from '@nestjs/common';
import { DocumentsRepository } from './documents.repository.js';
import { ProposalRecords } from './proposal-records.js';

/**
 * The documents' and revisions' storage, without their API: the proposals domain records a
 * revision when a proposal is edited and asks for missing documents at submission, and the
 * documents module (which imports the proposals module) serves them.
 */
@Module({
  providers: [DocumentsRepository, ProposalRecords],
  exports: [DocumentsRepository, ProposalRecords],
})
export class ProposalRecordsModule {}
