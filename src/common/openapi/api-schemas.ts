import { z } from 'zod';

/**
 * The answers of the API as the services build them (the `present*` and `represent` functions),
 * written once in zod and emitted into the OpenAPI document as components. The generated-client
 * test validates real answers against them, so a field added to a service without its schema fails.
 */

const dateTime = z.string().meta({ format: 'date-time', example: '2026-04-01T00:00:00.000Z' });
const uuid = z.string().meta({ format: 'uuid', example: '0b6f3a52-8d0e-4a8e-9d53-1f2e3c4d5e6f' });
const agencyCode = z.string().meta({ example: 'JST' });
const workflowKey = z.string().meta({ example: 'sicorp-joint-proposal@1' });
const state = z.string().meta({ example: 'submitted' });
const count = z.number().int().min(0);
/** Values the workflow keeps per agency, keyed by agency code. */
const perAgency = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: count.meta({ example: 1 }),
    limit: count.meta({ example: 50 }),
    offset: count.meta({ example: 0 }),
  });

/** The workflow part of every workflow-backed resource (workflowFields). */
const workflowPart = {
  workflow: workflowKey,
  state,
  version: z.number().int().min(1).meta({ description: 'The row version, also the ETag', example: 3 }),
  allowedEvents: z
    .array(z.string())
    .meta({ description: 'The events you may send now', example: ['START_ELIGIBILITY_CHECK'] }),
  progress: z.record(z.string(), z.unknown()).meta({
    description:
      'What the workflow has recorded so far (its context; fields depend on the workflow and on what you may see)',
  }),
  eventSchemas: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .optional()
    .meta({ description: 'With ?include=schema: the JSON Schema of the body of each allowed event' }),
};

export const Transition = z.object({
  seq: z.number().int(),
  event: z.string().meta({ example: 'SUBMIT' }),
  from: z.string().nullable(),
  to: z.string(),
  occurredAt: dateTime,
});

const language = z.enum(['en', 'ja']);
const bilingual = (en: string, ja: string) =>
  z
    .object({ en: z.string().nullable().meta({ example: en }), ja: z.string().nullable().meta({ example: ja }) })
    .meta({ description: 'The text in English and in Japanese (null: not written in that language)' });

const CallFields = {
  id: uuid,
  title: z
    .string()
    .meta({ example: 'SICORP Japan-US joint call 2026', description: 'The version in the authoritative language' }),
  description: z.string().meta({ description: 'The version in the authoritative language' }),
  titles: bilingual('SICORP Japan-US joint call 2026', 'SICORP 日米共同公募 2026'),
  descriptions: bilingual('Resilient infrastructure.', 'レジリエントなインフラ。'),
  authoritativeLanguage: language.meta({ description: 'The language whose version governs', example: 'ja' }),
  requiredLanguages: z.array(language).meta({
    description: 'The languages whose version must exist before the call is announced or opened',
    example: ['en', 'ja'],
  }),
  missingTranslations: z.array(z.string()).meta({
    description:
      "What of the call's own texts is missing in a required language (call workflows from version 2 refuse ANNOUNCE and OPEN then)",
    example: [],
  }),
  program: z.string().meta({ example: 'sicorp-bilateral' }),
  proposalWorkflow: workflowKey,
  state: state.meta({ example: 'open' }),
  version: z.number().int(),
  dates: z.object({
    opensAt: dateTime,
    submissionDeadline: dateTime,
    reviewDue: dateTime.nullable(),
    panelDate: dateTime.nullable(),
    boardDate: dateTime.nullable(),
  }),
  durationMonths: z.object({ min: z.number().int(), max: z.number().int() }),
  researchUnitId: uuid
    .nullable()
    .meta({ description: 'The IRCC research unit this call is the open fellow call of (null: none)' }),
  disaster: z
    .object({
      what: z.string().meta({ example: 'Magnitude 7.8 earthquake' }),
      occurredOn: z.string().meta({ example: '2027-02-06', description: 'The day it struck (YYYY-MM-DD)' }),
      where: z.string().meta({ example: 'Hatay province' }),
    })
    .nullable()
    .meta({ description: 'J-RAPID: the disaster the call answers (null for other programs)' }),
  affectedCountry: z
    .string()
    .nullable()
    .meta({ example: 'TR', description: 'J-RAPID: ISO code of the country the disaster struck (null otherwise)' }),
  agencies: z.array(
    z.object({
      code: agencyCode,
      role: z.string().meta({ example: 'lead' }),
      budgetEnvelope: z.number().meta({
        example: 300_000_000,
        description: "The whole envelope (in a co-owned call: the sum of the agency's fiscal years)",
      }),
      capPerProjectPerYear: z
        .number()
        .nullable()
        .meta({ example: 30_000_000, description: 'Null until the agency approves its part of a co-owned call' }),
      currency: z.string().meta({ example: 'JPY' }),
      approvedAt: dateTime
        .nullable()
        .meta({ description: 'When the agency approved its participation (co-owned calls)' }),
      envelopes: z
        .array(z.object({ fiscalYear: z.number().int().meta({ example: 2027 }), amount: z.number() }))
        .meta({ description: "The agency's envelope per fiscal year (co-owned calls; empty otherwise)" }),
      jpyPerUnit: z.number().nullable().meta({ description: 'JPY per unit of its currency, as the agency stated it' }),
      appointees: z.array(z.object({ id: uuid, name: z.string(), roles: z.array(z.string()) })).meta({
        description: 'The program officers and directors the agency appointed for the call',
        example: [{ id: '6f1c2a9e-3b7d-4c1e-9a2f-0d4b5e6f7a8b', name: 'Taro Yamada', roles: ['program_officer'] }],
      }),
    }),
  ),
  partnership: z
    .object({
      pending: z.array(agencyCode).meta({ description: 'Agencies that have not approved their participation' }),
      equivalence: z.object({
        tolerance: z.number().nullable(),
        warnings: z.array(
          z.object({ agency: agencyCode, fiscalYear: z.number().int().nullable(), message: z.string() }),
        ),
      }),
    })
    .nullable()
    .meta({
      description:
        "Co-owned calls (null otherwise): who has still to approve its part, and where a counterpart's envelope is not approximately equivalent to JST's",
    }),
};
export const CallSummary = z.object(CallFields);
export const Call = z.object({ ...CallFields, ...workflowPart });
export const CallAfterEvent = z.object({ ...CallFields, ...workflowPart, transition: Transition });
export const CallPage = page(CallSummary);

const Party = z.object({
  agency: agencyCode,
  piName: z.string(),
  piEmail: z.string().nullable().meta({ description: 'Only to those who may see it' }),
  institution: z.string(),
  country: z.string().meta({ example: 'JP' }),
  budgetPerYear: z.array(z.number().int().min(0)).meta({ example: [20_000_000, 20_000_000, 20_000_000] }),
  budgetByCategory: z
    .array(z.record(z.string(), z.number().int().min(0)))
    .nullable()
    .meta({
      description: 'The same years by cost category (goods, personnel, travel, workshops, other); null when not given',
      example: [{ goods: 8_000_000, personnel: 8_000_000, travel: 2_000_000, workshops: 1_000_000, other: 1_000_000 }],
    }),
  piOrcid: z.string().nullable().meta({ example: '0000-0002-1825-0097' }),
  piResearcherNumber: z
    .string()
    .nullable()
    .meta({ example: '12345678', description: 'National researcher number (e-Rad)' }),
  piEffortPercent: z.number().int().min(0).max(100).nullable().meta({ example: 40 }),
});
const ProposalFields = {
  id: uuid,
  callId: uuid,
  title: z.string().meta({ example: 'Resilient coastal cities' }),
  abstract: z.string(),
  durationMonths: z.number().int().meta({ example: 36 }),
  keywords: z.array(z.string()),
  applicantUserId: uuid,
  createdAt: dateTime,
  updatedAt: dateTime,
  state,
  version: z.number().int(),
  parties: z.array(Party),
};
export const ProposalSummary = z.object(ProposalFields);
export const Proposal = z.object({ ...ProposalFields, ...workflowPart, kind: z.string().optional() });
export const ProposalAfterEvent = z.object({
  ...ProposalFields,
  ...workflowPart,
  kind: z.string().optional(),
  transition: Transition,
});
export const ProposalPage = page(ProposalSummary).extend({
  total: count.meta({ description: 'Proposals in the list, counted up to 1000 (see totalExact)', example: 1 }),
  totalExact: z.boolean().meta({ description: 'false: the list holds more than `total` proposals' }),
  next: z
    .string()
    .nullable()
    .meta({ description: 'Cursor of the page after this one (pass as `cursor`); null at the end' }),
  prev: z.string().nullable().meta({ description: 'Cursor of the page before this one; null at the start' }),
});

const ReviewerRef = z.object({ id: uuid, userId: uuid, name: z.string() });
const Review = z.object({
  scores: z.record(z.string(), z.number()).meta({ example: { excellence: 4, feasibility: 3 } }),
  total: z.number().nullable(),
  recommendation: z.string().nullable(),
  commentsToApplicants: z.string().nullable(),
  confidentialComments: z.string().nullable(),
  submittedAt: dateTime.nullable(),
});
const AssignmentFields = {
  id: uuid,
  callId: uuid,
  proposalId: uuid.nullable().meta({
    description: 'null for its reviewer once conflicted with the proposal (declared, or found since)',
  }),
  agency: agencyCode,
  proposal: z
    .object({
      title: z.string(),
      parties: z.array(z.object({ agency: agencyCode, piName: z.string(), institution: z.string() })),
    })
    .nullable()
    .meta({ description: 'null for its reviewer once conflicted with the proposal (declared, or found since)' }),
  reviewer: ReviewerRef.extend({ institution: z.string().nullable() }),
  replacesId: uuid.nullable(),
  createdAt: dateTime,
  review: Review.nullable(),
};
export const Assignment = z.object({ ...AssignmentFields, ...workflowPart });
export const AssignmentAfterEvent = z.object({ ...AssignmentFields, ...workflowPart, transition: Transition });
export const AssignmentPage = page(
  z.object({
    id: uuid,
    callId: uuid,
    proposalId: uuid,
    agency: agencyCode,
    reviewer: ReviewerRef,
    state: state.meta({ example: 'invited' }),
    version: z.number().int(),
  }),
);

export const History = z.object({
  items: z.array(
    z.object({
      seq: z.number().int().min(1),
      event: z.string().meta({ example: 'SUBMIT' }),
      payload: z.record(z.string(), z.unknown()),
      from: z.string().nullable(),
      to: z.string(),
      actor: z.object({ id: uuid.nullable(), name: z.string() }),
      at: dateTime,
      hash: z.string(),
      gap: z.literal(true).optional().meta({
        description:
          "Present when steps you may not see (the agencies' internal steps) moved the state since the item before: `from` is then where they left it (masked as you see states), not that item's `to`",
      }),
    }),
  ),
  verification: z
    .object({
      valid: z.boolean(),
      checked: count,
      firstInvalidSeq: z.number().int().nullable(),
      reason: z.string().nullable(),
      checks: z.object({ chain: z.boolean(), version: z.boolean(), state: z.boolean() }).meta({
        description:
          "Each check on its own: the hash chain; the instance's version equals its number of log rows; its state (column and snapshot) is the log head's target",
      }),
    })
    .optional()
    .meta({
      description: 'With ?verify=true: the hash chain recomputed, and the instance checked against the head of its log',
    }),
});

export const Agency = z.object({
  code: agencyCode,
  name: z.string().meta({ example: 'Japan Science and Technology Agency', description: 'The name in English' }),
  names: bilingual('Japan Science and Technology Agency', '科学技術振興機構'),
  country: z.string().meta({ example: 'JP' }),
  currency: z.string().meta({ example: 'JPY' }),
  governmental: z.boolean().meta({
    description: "A government organisation of its country (a J-RAPID call's counterpart must be one)",
  }),
});
export const AgencyList = z.object({ items: z.array(Agency) });

export const Program = z.object({
  code: z.string().meta({ example: 'sicorp-bilateral' }),
  name: z.string(),
  description: z.string(),
  callWorkflow: workflowKey.meta({ example: 'sicorp-joint-call@1' }),
  proposalWorkflow: workflowKey,
  minAgencies: z.number().int(),
  maxAgencies: z.number().int().nullable(),
  durationMonths: z.object({ min: z.number().int(), max: z.number().int() }),
  jstBudgetPerYear: z.object({ min: z.number().nullable(), max: z.number().nullable(), currency: z.string() }),
  rules: z
    .record(z.string(), z.unknown())
    .meta({ description: 'mustInclude, regions, minCountries, routing, minParties' }),
  workflows: z.record(z.string(), workflowKey).meta({
    description: 'The published workflow of each kind of subject',
    example: { call: 'sicorp-joint-call@1', proposal: 'sicorp-joint-proposal@1' },
  }),
});
export const ProgramList = z.object({ items: z.array(Program) });

const sha256 = z.string().meta({
  description: 'SHA-256 of the content, hex',
  example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
});
const documentType = z
  .enum(['research-plan', 'cv', 'budget-sheet', 'letter-of-support', 'other'])
  .meta({ example: 'research-plan' });
export const ProposalDocument = z.object({
  id: uuid,
  proposalId: uuid,
  type: documentType,
  version: z.number().int().min(1).meta({ description: 'A new upload of the same type is the next version' }),
  latest: z.boolean().meta({ description: 'The newest version of its type' }),
  filename: z.string().meta({ example: 'research-plan.pdf' }),
  mediaType: z.string().meta({ description: 'Sniffed from the content', example: 'application/pdf' }),
  sizeBytes: z.number().int().min(1),
  sha256,
  uploadedAt: dateTime,
  uploadedBy: z.object({ id: uuid, name: z.string().nullable() }),
  href: z.string().meta({ description: 'Where to download the content' }),
});
export const ProposalDocumentList = z.object({
  required: z.array(documentType).meta({ description: "Types the proposal's program requires before SUBMIT" }),
  missing: z.array(documentType).meta({ description: 'Required types the proposal has no version of' }),
  types: z.array(z.object({ type: documentType, formats: z.array(z.string()) })),
  items: z.array(ProposalDocument),
});
const RevisionFields = {
  number: z.number().int().min(0).meta({ description: '0: the proposal before its first recorded change' }),
  kind: z.enum(['original', 'edit', 'document']),
  amendment: z.boolean().meta({ description: 'Made while more information was requested' }),
  createdAt: dateTime,
  by: z.object({ id: uuid.nullable(), name: z.string().nullable() }),
  answeredInformationRequestAt: dateTime
    .nullable()
    .meta({ description: 'When PROVIDE_INFORMATION answered the request with this revision' }),
  summary: z.array(z.string()).meta({ description: 'What changed since the revision before, in words' }),
};
export const ProposalRevisionList = z.object({ items: z.array(z.object(RevisionFields)) });
export const ProposalRevision = z.object({
  ...RevisionFields,
  content: z
    .record(z.string(), z.unknown())
    .meta({ description: 'title, abstract, durationMonths, keywords, parties, documents (the newest of each type)' }),
});
export const RevisionDiff = z.object({
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  changes: z.array(z.record(z.string(), z.unknown())).meta({
    description:
      'One entry per change: `field` (title, abstract with `words` added/removed/same, durationMonths, keywords, party, document) with before and after',
  }),
  summary: z.array(z.string()),
});

const About = z.object({ type: z.string().meta({ example: 'proposal' }), id: uuid });
export const InboxItem = z.object({
  id: uuid,
  template: z.string().meta({ example: 'proposal-submitted' }),
  subject: z.string(),
  body: z.string(),
  about: About.nullable(),
  createdAt: dateTime,
  read: z.boolean(),
  readAt: dateTime.nullable(),
});
export const Inbox = page(InboxItem).extend({ unread: count });
export const Marked = z.object({ marked: count });

export const NotificationRecord = z.object({
  id: uuid,
  template: z.string(),
  channel: z.enum(['email', 'inbox', 'webhook']),
  status: z.enum(['pending', 'delivered', 'failed']),
  about: About.nullable(),
  recipient: z
    .record(z.string(), z.unknown())
    .meta({ description: 'userId, or the agency of a webhook; never an address' }),
  attempts: count,
  retries: count,
  error: z.string().nullable(),
  createdAt: dateTime,
  deliveredAt: dateTime.nullable(),
  failedAt: dateTime.nullable(),
});
export const NotificationPage = page(NotificationRecord);
export const Retried = z.object({ id: uuid, status: z.string().meta({ example: 'pending' }), retries: count });
export const RetriedMany = z.object({ retried: count, ids: z.array(uuid) });
export const Webhook = z.object({
  agency: agencyCode,
  url: z.string().meta({ format: 'uri', example: 'https://hooks.example.org/tandem' }),
  active: z.boolean(),
  secretSet: z.boolean().optional(),
  updatedAt: dateTime,
});

export const Reviewer = z.object({
  id: uuid,
  agency: agencyCode,
  userId: uuid,
  email: z.string().meta({ example: 'reviewer@jst.example' }),
  name: z.string(),
  institution: z.string().nullable(),
  expertise: z.array(z.string()),
  recentCoauthors: z.array(z.string()),
});
export const ReviewerList = z.object({ items: z.array(Reviewer) });

export const ProposedAssignment = z.object({
  callId: uuid,
  agency: agencyCode,
  minimum: count,
  plan: z.object({
    pairs: z.array(z.object({ proposalId: uuid, reviewerId: uuid, matchedKeywords: count })),
    shortfalls: z.array(z.record(z.string(), z.unknown())),
    loads: z.array(z.object({ reviewerId: uuid, load: count })),
  }),
  fingerprint: z.string(),
});
export const BulkAssigned = z.object({
  callId: uuid,
  agency: agencyCode,
  created: count,
  assignmentIds: z.array(uuid),
});
export const Ranking = z.object({
  callId: uuid,
  items: z.array(
    z.object({
      position: z.number().int(),
      computedPosition: z.number().int(),
      proposalId: uuid,
      title: z.string(),
      consensusScore: z.number().nullable(),
      recommendation: z.string().nullable(),
      agencyRanks: perAgency(z.number().int()),
      moves: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
});
/** e-ASIA (call @3): the secretariat, the agencies' ordered rankings and the joint ranking compiled from them. */
const RankedProposal = z.object({ proposalId: uuid, title: z.string() });
export const JointRanking = z.object({
  callId: uuid,
  state: z.string().meta({ example: 'selection' }),
  secretariat: z.object({
    agency: z.string().meta({ example: 'JST' }),
    appointees: z.array(z.object({ id: uuid, name: z.string().meta({ example: 'JST Program Officer' }) })),
  }),
  rules: z.array(
    z.object({
      rule: z.enum(['mean-normalised-borda', 'sum-of-ranks']),
      description: z.string(),
      default: z.boolean(),
    }),
  ),
  toRank: z.array(z.object({ agency: z.string(), proposals: z.array(RankedProposal), submitted: z.boolean() })),
  agencyRankings: z.array(
    z.object({
      agency: z.string(),
      submittedBy: z.string().nullable(),
      submittedAt: z.string(),
      items: z.array(RankedProposal.extend({ position: z.number().int() })),
    }),
  ),
  compilation: z
    .object({
      rule: z.enum(['mean-normalised-borda', 'sum-of-ranks']),
      ruleDescription: z.string(),
      tieOrder: z.array(uuid),
      note: z.string().nullable(),
      compiledBy: z.string().nullable(),
      compiledAt: z.string(),
    })
    .nullable(),
  items: z.array(
    z.object({
      position: z.number().int(),
      computedPosition: z.number().int(),
      proposalId: uuid,
      title: z.string(),
      merit: z.number().nullable(),
      agencyRanks: perAgency(z.number().int()),
    }),
  ),
});
export const ProposedSelection = z.object({
  callId: uuid,
  items: z.array(
    z.object({
      proposalId: uuid,
      position: z.number().int(),
      decision: z.string().meta({ example: 'select' }),
      requests: perAgency(z.number()),
      blockedBy: z.array(z.string()),
    }),
  ),
  budgets: z.array(z.object({ agency: agencyCode, envelope: z.number(), used: z.number(), remaining: z.number() })),
});
/** A review as its reader may see it: fields the reader may not see are left out (applicants: the comments to them). */
export const ProposalReviews = z.object({
  proposalId: uuid,
  items: z.array(
    Review.partial().extend({
      label: z.string().meta({ example: 'Reviewer 1' }),
      agency: agencyCode,
      commentsToApplicants: z.string().nullable(),
      assignmentId: uuid.optional(),
      reviewer: z.object({ userId: uuid, name: z.string() }).optional(),
    }),
  ),
});
export const Panel = z.object({
  proposalId: uuid,
  panelOn: z.boolean(),
  assessments: z.array(
    z.object({
      agency: agencyCode,
      score: z.number(),
      recommendation: z.string(),
      summary: z.string().nullable(),
      recordedBy: z.string().nullable(),
      recordedAt: dateTime.nullable(),
    }),
  ),
  reviewsCompleted: z.array(agencyCode),
  consensus: z.record(z.string(), z.unknown()).nullable(),
  signOffs: z.array(z.record(z.string(), z.unknown())),
});

export const Health = z.object({ status: z.string().meta({ example: 'ok' }) });
export const Readiness = z.object({
  status: z.string().meta({ example: 'ok' }),
  info: z.record(z.string(), z.unknown()).optional(),
  error: z.record(z.string(), z.unknown()).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** RFC 9457 problem details with the service's `code` and the extensions of some codes. */
export const Problem = z.looseObject({
  type: z.string().meta({ example: 'urn:tandem:problem:event-not-allowed' }),
  title: z.string().meta({ example: 'Event not allowed' }),
  status: z.number().int().min(400).max(599).meta({ example: 409 }),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string().meta({ example: 'event-not-allowed' }),
  errors: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .meta({ description: 'validation-failed: each field and why' }),
  reasons: z.array(z.string()).optional().meta({ description: 'rule-violated: each rule that refuses it' }),
  allowedEvents: z.array(z.string()).optional().meta({ description: 'event-not-allowed: what you may send now' }),
  errorId: z.string().optional().meta({ description: 'internal: quote it when reporting the error' }),
});

/** Every named schema of the document's components. */
/** A person invited to a proposal's party (issue 15). */
export const PartyMember = z.object({
  id: uuid,
  agency: agencyCode,
  role: z
    .enum(['pi', 'member'])
    .meta({ description: "`pi`: the party's principal investigator (co-edits); `member`: a team member" }),
  name: z.string().meta({ example: 'Alex Smith' }),
  email: z.string().meta({ example: 'alex.smith@example.edu' }),
  institution: z.string().meta({ example: 'University of Washington' }),
  local: z.boolean().meta({
    description: "Based in the country the call's disaster struck (J-RAPID's local researchers)",
  }),
  accepted: z.boolean().meta({ description: 'Whether the invited person accepted and is a member of the party' }),
  invitedAt: dateTime,
  acceptedAt: dateTime.nullable(),
  orcid: z.string().nullable().meta({ example: '0000-0002-1694-233X' }),
  researcherNumber: z
    .string()
    .nullable()
    .meta({ example: '87654321', description: 'National researcher number (e-Rad)' }),
  effortPercent: z.number().int().min(0).max(100).nullable().meta({ example: 20 }),
});
export const PartyMemberList = z.array(PartyMember);
export const Invitation = z.object({
  proposalId: uuid,
  title: z.string().meta({ example: 'Resilient coastal cities' }),
  agency: agencyCode,
  role: z.enum(['pi', 'member']),
  accepted: z.boolean(),
});
/** A conflict of interest the applicants declared on their proposal. */
export const DeclaredConflict = z.object({
  id: uuid,
  name: z.string().meta({ example: 'Taro Yamada' }),
  institution: z.string().meta({ example: 'Kyoto University' }),
  email: z.string().nullable(),
  type: z.enum(['collaborator', 'advisor', 'institutional', 'personal', 'other']),
  note: z.string(),
  createdAt: dateTime,
});
export const DeclaredConflictList = z.array(DeclaredConflict);

// Branch ircc: IRCC research units (presentUnit and ResearchUnitsService.represent).
const ResearchUnitFields = {
  id: uuid,
  name: z.string().meta({ example: 'IRCC unit for exoplanet astronomy' }),
  lead: agencyCode.meta({ description: 'The agency the unit is set up in (NINS)', example: 'NINS' }),
  head: z.object({
    name: z.string().meta({ example: 'Hanako Sato' }),
    department: z.string().meta({ example: 'National Astronomical Observatory of Japan' }),
  }),
  partner: z.object({
    agency: agencyCode.meta({ example: 'MPG' }),
    institute: z.string().meta({ example: 'Max Planck Institute for Astronomy' }),
    country: z.string().meta({ example: 'DE' }),
  }),
  agreement: z.object({
    title: z.string().meta({ example: 'Memorandum on research collaboration, NINS-MPIA' }),
    signedOn: z.string().nullable().meta({ format: 'date', example: '2027-04-01' }),
  }),
  overseasBranch: z.string().nullable().meta({ example: 'NINS Europe office, Heidelberg' }),
  state: z.string().meta({ example: 'established' }),
  createdAt: dateTime,
};
const FellowCallSummary = z.object({
  id: uuid,
  title: z.string(),
  state: z.string().meta({ example: 'open' }),
  opensAt: dateTime,
  submissionDeadline: dateTime,
});
export const ResearchUnitSummary = z.object(ResearchUnitFields);
export const ResearchUnit = z.object({
  ...ResearchUnitFields,
  ...workflowPart,
  fellowCalls: z.array(FellowCallSummary).meta({ description: 'The open calls for its fellow raised from the unit' }),
});
export const ResearchUnitAfterEvent = z.object({
  ...ResearchUnitFields,
  ...workflowPart,
  fellowCalls: z.array(FellowCallSummary),
  transition: Transition,
});
export const ResearchUnitList = z.object({ items: z.array(ResearchUnitSummary), total: count.meta({ example: 1 }) });
export const FellowCallRaised = z.object({ id: uuid, researchUnitId: uuid });

/** Duplicate-funding checks (issue 16). */
const day = z.string().meta({ format: 'date', example: '2027-04-01' });
const effort = z.number().int().min(0).max(100).nullable().meta({ example: 40 });
const OverlapStatus = z
  .enum(['funded', 'pending'])
  .meta({ description: '`funded`: holds its budgets; `pending`: submitted, not decided yet' });
const Overlap = z.union([
  z.object({
    visible: z.literal(true),
    proposalId: uuid,
    title: z.string(),
    call: z.object({ id: uuid, title: z.string() }),
    agencies: z.array(agencyCode),
    state,
    status: OverlapStatus,
    startsOn: day,
    endsOn: day,
    effortPercent: effort,
  }),
  z
    .object({ visible: z.literal(false), status: OverlapStatus, startsOn: day, endsOn: day, effortPercent: effort })
    .meta({ description: 'A proposal you may not see: its period and effort only, no title, agency, call or content' }),
]);
export const TwinProposal = z.object({
  agency: agencyCode,
  system: z.string().meta({ example: 'e-Rad' }),
  reference: z.string().meta({ example: 'JP-2026-00123' }),
  title: z.string(),
  principalInvestigators: z.array(z.string()),
  budget: z.number().int().min(0),
  startsOn: day,
  endsOn: day,
  recordedBy: z.string(),
  recordedAt: dateTime,
  differences: z.array(
    z.object({
      field: z.enum(['title', 'principalInvestigators', 'budget', 'durationMonths']),
      tandem: z.union([z.string(), z.number(), z.array(z.string())]),
      twin: z.union([z.string(), z.number(), z.array(z.string())]),
    }),
  ),
});
const RulingValue = z.enum(['cleared', 'requires-adjustment', 'unreasonable-duplication', 'excessive-concentration']);
export const DuplicateFundingRuling = z.object({
  seq: z.number().int().min(1).meta({ description: "The step's number in the proposal's log" }),
  agency: agencyCode,
  ruling: RulingValue,
  note: z.string(),
  at: dateTime,
});
export const DuplicateFundingCheck = z.object({
  proposalId: uuid,
  callId: uuid,
  period: z.object({ startsOn: day, endsOn: day, durationMonths: z.number().int() }).meta({
    description: "The proposal's period as reckoned: from the month after its call's board date (or deadline)",
  }),
  maxEffortPercent: z
    .number()
    .meta({ description: "The program's limit on a researcher's effort added up", example: 100 }),
  flags: z.object({ overlapping: count, overEffort: count, unidentified: count }),
  flagged: z.boolean(),
  researchers: z.array(
    z.object({
      name: z.string(),
      agency: agencyCode,
      role: z.enum(['pi', 'member']),
      orcid: z.string().nullable(),
      researcherNumber: z.string().nullable(),
      identified: z.boolean(),
      effortPercent: effort,
      totalEffortPercent: z.number().int().min(0),
      overEffort: z.boolean(),
      overlaps: z.array(Overlap),
    }),
  ),
  twins: z.array(TwinProposal),
  rulings: z.array(
    z.object({
      seq: z.number().int(),
      agency: agencyCode.nullable(),
      ruling: RulingValue.nullable(),
      note: z.string(),
      by: z.string(),
      at: dateTime,
    }),
  ),
  ruling: z.object({ agency: agencyCode.nullable(), ruling: RulingValue.nullable() }).nullable(),
});

// --- bulk ---
const BulkItem = z.object({
  position: z.number().int().min(1),
  subjectId: uuid,
  result: z.enum(['done', 'refused', 'not-allowed', 'not-found', 'cancelled']).nullable().meta({
    description: 'null while the item waits to run',
  }),
  code: z.string().nullable().meta({ example: null }),
  reason: z.string().nullable().meta({ example: null }),
  transition: z.object({ seq: z.number().int(), from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  finishedAt: dateTime.nullable(),
});
export const BulkBatch = z.object({
  id: uuid,
  origin: z.enum(['request', 'call-cancel']),
  subjectType: z.enum(['proposal', 'assignment']),
  event: z.record(z.string(), z.unknown()).meta({ example: { type: 'START_ELIGIBILITY_CHECK' } }),
  callId: uuid.nullable(),
  selection: z.record(z.string(), z.unknown()),
  state: z.enum(['queued', 'running', 'finished', 'cancelled']),
  total: count,
  counts: z.record(z.string(), count).meta({
    example: { pending: 0, done: 3, refused: 1, 'not-allowed': 0, 'not-found': 0, cancelled: 0 },
  }),
  createdAt: dateTime,
  startedAt: dateTime.nullable(),
  finishedAt: dateTime.nullable(),
  cancelledAt: dateTime.nullable(),
  items: z.array(BulkItem),
});
export const BulkBatchList = z.object({ items: z.array(BulkBatch) });

export const API_SCHEMAS = {
  ResearchUnitSummary,
  ResearchUnit,
  ResearchUnitAfterEvent,
  ResearchUnitList,
  FellowCallRaised,
  DuplicateFundingCheck,
  TwinProposal,
  DuplicateFundingRuling,
  // bulk
  BulkBatch,
  BulkBatchList,
  PartyMember,
  PartyMemberList,
  Invitation,
  DeclaredConflict,
  DeclaredConflictList,
  Transition,
  CallSummary,
  Call,
  CallAfterEvent,
  CallPage,
  ProposalSummary,
  Proposal,
  ProposalAfterEvent,
  ProposalPage,
  ProposalDocument,
  ProposalDocumentList,
  ProposalRevision,
  ProposalRevisionList,
  RevisionDiff,
  Assignment,
  AssignmentAfterEvent,
  AssignmentPage,
  History,
  Agency,
  AgencyList,
  Program,
  ProgramList,
  InboxItem,
  Inbox,
  Marked,
  NotificationRecord,
  NotificationPage,
  Retried,
  RetriedMany,
  Webhook,
  Reviewer,
  ReviewerList,
  ProposedAssignment,
  BulkAssigned,
  Ranking,
  JointRanking,
  ProposedSelection,
  ProposalReviews,
  Panel,
  Health,
  Readiness,
  Problem,
} satisfies Record<string, z.ZodType>;
export type ApiSchemaName = keyof typeof API_SCHEMAS;
