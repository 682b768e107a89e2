import { InitialSchema1763719200000 } from './1763719200000-initial-schema.js';
import { JointReview1763805600000 } from './1763805600000-joint-review.js';
import { ConsoleSignIn1763900000000 } from './1763900000000-console-sign-in.js';
import { EffectsDelivery1764000000000 } from './1764000000000-effects-delivery.js';
import { InstancesHotUpdates1764100000000 } from './1764100000000-instances-hot-updates.js';
import { CallsPinWorkflows1764150000000 } from './1764150000000-calls-pin-workflows.js';
import { ProgramCatalog1764200000000 } from './1764200000000-program-catalog.js';
import { IdempotencyLease1764310000000 } from './1764310000000-idempotency-lease.js';
import { DeliveryRequeues1764320000000 } from './1764320000000-delivery-requeues.js';
import { ReviewIntegrity1764690000000 } from './1764690000000-review-integrity.js';
import { WorkflowProjections1764710000000 } from './1764710000000-workflow-projections.js';
import { ProposalDocuments1764781000000 } from './1764781000000-proposal-documents.js';
import { PartyMembers1764800000000 } from './1764800000000-party-members.js';
import { CallParticipation1764810000000 } from './1764810000000-call-participation.js';
import { BilingualTexts1764820000000 } from './1764820000000-bilingual-texts.js';
import { AgencyRankings1764832000000 } from './1764832000000-agency-rankings.js';
import { IrccResearchUnits1764833000000 } from './1764833000000-ircc-research-units.js';
import { DuplicateFunding1764835000000 } from './1764835000000-duplicate-funding.js';
import { BulkOperations1764836000000 } from './1764836000000-bulk-operations.js';
import { DisasterAndPeriods1764834000000 } from './1764834000000-disaster-and-periods.js';
import { ProjectionWithoutVersion1764840000000 } from './1764840000000-projection-without-version.js';
import { QuietOutbox1764840100000 } from './1764840100000-quiet-outbox.js';
import { ExportKeysets1764852000000 } from './1764852000000-export-keysets.js';
import { ExportKeyset1764844000000 } from './1764844000000-export-keyset.js';
import { OneFellowCallPerUnit1764847000000 } from './1764847000000-one-fellow-call-per-unit.js';
import { ProposalLists1764843000000 } from './1764843000000-proposal-lists.js';
import { StateCounts1764853000000 } from './1764853000000-state-counts.js';
import { ProposalListReads1764851000000 } from './1764851000000-proposal-list-reads.js';
import { ProposalListOrders1764862000000 } from './1764862000000-proposal-list-orders.js';
import { CallPageReads1764871000000 } from './1764871000000-call-page-reads.js';
import { DuplicateFundingRulings1764872000000 } from './1764872000000-duplicate-funding-rulings.js';
import { StaffListOrders1764873000000 } from './1764873000000-staff-list-orders.js';
import { StateCountsCachedPlans1764874000000 } from './1764874000000-state-counts-cached-plans.js';

/** Every migration, in order. Never edit one that has landed: add a new one. */
export const MIGRATIONS = [
  InitialSchema1763719200000,
  JointReview1763805600000,
  ConsoleSignIn1763900000000,
  EffectsDelivery1764000000000,
  InstancesHotUpdates1764100000000,
  CallsPinWorkflows1764150000000,
  ProgramCatalog1764200000000,
  IdempotencyLease1764310000000,
  DeliveryRequeues1764320000000,
  ReviewIntegrity1764690000000,
  WorkflowProjections1764710000000,
  ProposalDocuments1764781000000,
  PartyMembers1764800000000,
  CallParticipation1764810000000,
  BilingualTexts1764820000000,
  // easia (issue 15): e-ASIA's agency rankings and the joint ranking's compilation.
  AgencyRankings1764832000000,
  // Branch ircc.
  IrccResearchUnits1764833000000,
  DuplicateFunding1764835000000,
  // bulk
  BulkOperations1764836000000,
  // chirp-jrapid
  DisasterAndPeriods1764834000000,
  // engine17
  ProjectionWithoutVersion1764840000000,
  QuietOutbox1764840100000,
  // dash17 (issue 17): streamed exports.
  ExportKeyset1764844000000,
  // embedded16
  OneFellowCallPerUnit1764847000000,
  // lists17 (issue 17): proposal lists at 100,000 proposals.
  ProposalLists1764843000000,
  // lists18 (issue 17): officers' lists, signed cursors.
  ProposalListReads1764851000000,
  // exports18 (issue 17): keyset indexes of the streamed exports.
  ExportKeysets1764852000000,
  // dash18 (issue 17): the dashboard's counters, kept by triggers in each transition's transaction.
  StateCounts1764853000000,
  // lists19 (issue 17): every role's proposal lists, state filter and update order by index.
  ProposalListOrders1764862000000,
  // call20 (issue 17): the console call page, a user's grants and a call's counters by index.
  CallPageReads1764871000000,
  // dup20 (issue 17): the call's duplicate-funding CSV, rulings by index.
  DuplicateFundingRulings1764872000000,
  // lists20 (issue 17): staff lists sorted by the state shown, the lead's routed-away proposals by index.
  StaffListOrders1764873000000,
  // Issue 17: the counters' trigger function keeps its plan (PL/pgSQL).
  StateCountsCachedPlans1764874000000,
];
