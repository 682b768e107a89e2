export * from './review-roles.js';

// The SQL of review visibility lives in reviews.repository.ts; re-exported here for the modules
// that read it from this file.
export {
  ACCESS_FACTS,
  appointedOfCallSql,
  assignmentAccessFacts,
  assignmentAccessFactsOf,
  proposalAccessFacts,
  proposalAccessFactsOf,
  staffOfProposalSql,
  submittedSql,
  unreceivedCandidatesSql,
  visibleProposalSql,
} from './reviews.repository.js';
