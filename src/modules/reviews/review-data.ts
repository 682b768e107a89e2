import { DomainException, ErrorCode } from '../../common/domain.exception.js';

/** The refusal of a program rule: 422 `rule-violated` with its reasons. */
export const ruleViolated = (reasons: string[]): DomainException =>
  new DomainException(ErrorCode.RuleViolated, reasons.join('; '), { reasons });

// The shared reads of the review domain live in reviews.repository.ts; re-exported here for the
// modules that read them from this file.
export { agencyIdOf, callSettings, conflictsOf, proposalSubject } from './reviews.repository.js';
