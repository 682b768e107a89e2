import type { AnyStateMachine } from 'xstate';
import { z } from 'zod';
import { rulesFor, type EventRule } from './definition.js';
import {
  announcementRefusals,
  consolidationRefusals,
  extensionRefusals,
  fundingApprovalRefusals,
  fundingRefusals,
  nationalRulingRefusals,
  peerReviewRefusals,
  promotionRefusals,
  queueRefusals,
  redressRefusals,
  rulingRefusals,
  selectionRefusals,
  sendBackRefusals,
  signOffRefusals,
  waiverRefusals,
  WAIVABLE_CONFLICT_KINDS,
  type ProposalContext,
  type ProposalEv,
} from './proposal-kit.js';
import { panelViolations } from './review-rules.js';
import { AGENCY_STAFF } from './roles.js';
import { submissionViolations } from './rules.js';

/**
 * Who may send each proposal event, its payload and its explanation: one rule per event of the
 * shared vocabulary. A program's definition picks the events its machine handles (`pickRules`) and
 * may restate a rule where its procedure differs (other roles, another description).
 */

const agencyCode = z.string().regex(/^[A-Z0-9-]{2,16}$/, 'an agency code such as JST');
const text = (max: number) => z.string().trim().min(1).max(max);
const empty = z.object({}).strict();
const system = { roles: ['administrator'] as const, scope: 'lead' as const, system: true, payload: empty };
const announcers = ['program_officer', 'program_director', 'administrator'] as const;

export const PROPOSAL_EVENTS = {
  SUBMIT: {
    roles: ['applicant'],
    scope: 'owner',
    payload: empty,
    needsFacts: true,
    explain: (_c: ProposalContext, e: ProposalEv<'SUBMIT'>) => submissionViolations(e.facts),
    description: 'The applicants submit the joint proposal while the call is open.',
  },
  INVITE_FULL_PROPOSAL: {
    roles: ['program_officer', 'program_director'],
    scope: 'lead',
    payload: empty,
    description: 'The pre-proposal is retained: its applicants are invited to submit a full proposal.',
  },
  DECLINE_PRE_PROPOSAL: {
    roles: ['program_officer', 'program_director'],
    scope: 'lead',
    payload: z.object({ reason: text(4000) }).strict(),
    description: 'The pre-proposal is not retained, with a reason.',
  },
  SUBMIT_FULL_PROPOSAL: {
    roles: ['applicant'],
    scope: 'owner',
    payload: empty,
    needsFacts: true,
    explain: (_c: ProposalContext, e: ProposalEv<'SUBMIT_FULL_PROPOSAL'>) =>
      submissionViolations(e.facts, 'full_proposals'),
    description: 'The invited applicants submit their full proposal while the call takes full proposals.',
  },
  START_ELIGIBILITY_CHECK: {
    roles: [...AGENCY_STAFF],
    scope: 'participant',
    payload: empty,
    description: 'An agency starts the eligibility check of a submitted proposal.',
  },
  RULE_ELIGIBILITY: {
    roles: ['agency_officer', 'program_officer'],
    scope: 'event-agency',
    payload: z
      .object({ agency: agencyCode.optional(), eligible: z.boolean(), reasons: z.array(text(1000)).max(20).optional() })
      .strict(),
    explain: (c: ProposalContext, e: ProposalEv<'RULE_ELIGIBILITY'>) =>
      rulingRefusals(c, c.eligibility, e.agency, 'ruled on eligibility'),
    description: 'An agency rules on the eligibility of its own party.',
  },
  RULE_NATIONAL_ELIGIBILITY: {
    roles: ['agency_officer', 'program_officer'],
    scope: 'event-agency',
    payload: z.object({ agency: agencyCode.optional(), unmet: z.array(text(500)).max(20) }).strict(),
    needsFacts: true,
    explain: (c: ProposalContext, e: ProposalEv<'RULE_NATIONAL_ELIGIBILITY'>) => nationalRulingRefusals(c, e),
    description:
      'An agency rules on its own party against the national criteria it published with the call, naming those not met (none: eligible).',
  },
  RULE_COMMON_ELIGIBILITY: {
    roles: ['agency_officer', 'program_officer'],
    scope: 'lead',
    payload: z.object({ eligible: z.boolean(), reasons: z.array(text(1000)).max(20).optional() }).strict(),
    explain: (c: ProposalContext) =>
      c.eligibility.common ? ['the common eligibility criteria have already been ruled on'] : [],
    description:
      "The lead agency, for the joint call secretariat, rules on the criteria common to the call (the consortium's make-up).",
  },
  REQUEST_INFORMATION: {
    roles: [...AGENCY_STAFF],
    scope: 'participant',
    payload: z.object({ message: text(4000) }).strict(),
    description: 'An agency sends the proposal back to its applicants for more information.',
  },
  PROVIDE_INFORMATION: {
    roles: ['applicant'],
    scope: 'owner',
    payload: z.object({ response: text(10000) }).strict(),
    description: 'The applicants answer; the proposal returns where it was.',
  },
  WAIVE_CONFLICT: {
    roles: ['program_director'],
    scope: 'event-agency',
    payload: z
      .object({
        agency: agencyCode.optional(),
        reviewerUserId: z.uuid(),
        kind: z.enum(WAIVABLE_CONFLICT_KINDS).optional(),
        justification: text(4000),
      })
      .strict(),
    needsFacts: true,
    confidential: 'event-agency',
    namesPeople: ['reviewerUserId'],
    explain: (_c: ProposalContext, e: ProposalEv<'WAIVE_CONFLICT'>) => waiverRefusals(e),
    description:
      "The agency's PD waives one conflict of interest (its kind; needed when there are several) of a reviewer of the agency's own pool with this proposal, with a written justification; a party's is never waived.",
  },
  COMPLETE_AGENCY_REVIEW: {
    roles: ['program_officer', 'agency_officer'],
    scope: 'event-agency',
    payload: z
      .object({
        agency: agencyCode.optional(),
        score: z.number().finite(),
        recommendation: z.string().max(40),
        summary: text(20000),
      })
      .strict(),
    needsFacts: true,
    confidential: 'event-agency',
    explain: (c: ProposalContext, e: ProposalEv<'COMPLETE_AGENCY_REVIEW'>) => consolidationRefusals(c, e),
    description:
      "Once its minimum reviews are in, an agency's PO (or the counterpart's officer) records its assessment and completes its review.",
  },
  SEND_BACK_AGENCY_REVIEW: {
    roles: ['program_director'],
    scope: 'event-agency',
    payload: z.object({ agency: agencyCode.optional(), reason: text(4000) }).strict(),
    confidential: 'event-agency',
    explain: (c: ProposalContext, e: ProposalEv<'SEND_BACK_AGENCY_REVIEW'>) => sendBackRefusals(c, e),
    description: "The agency's PD sends its agency's consolidation back to the PO, with a reason.",
  },
  COMPLETE_PEER_REVIEW: {
    roles: ['program_officer', 'program_director'],
    scope: 'lead',
    payload: z.object({ summary: text(20000).optional() }).strict(),
    needsFacts: true,
    confidential: true,
    description:
      'The joint call secretariat closes the online peer review of the proposal once its evaluators have all submitted.',
  },
  RECORD_PANEL_RESULT: {
    roles: ['panel_member', 'program_officer', 'program_director'],
    scope: 'participant',
    payload: z
      .object({
        recommendation: z.enum(['fund', 'reserve', 'do_not_fund']),
        score: z.number().finite(),
        minutes: text(20000).optional(),
      })
      .strict(),
    needsFacts: true,
    confidential: true,
    explain: (_c: ProposalContext, e: ProposalEv<'RECORD_PANEL_RESULT'>) => panelViolations(e.facts, e),
    description:
      'The joint panel records its consensus score, recommendation and minutes; every agency then signs it off.',
  },
  SIGN_OFF_PANEL: {
    roles: ['program_director', 'program_officer'],
    scope: 'event-agency',
    confidential: true,
    payload: z.object({ agency: agencyCode.optional() }).strict(),
    explain: (c: ProposalContext, e: ProposalEv<'SIGN_OFF_PANEL'>) => signOffRefusals(c, e.agency),
    description: "An agency signs off the panel's result; it is final once every agency has.",
  },
  REOPEN_PANEL: {
    roles: ['program_director', 'program_officer'],
    scope: 'event-agency',
    payload: z.object({ agency: agencyCode.optional(), reason: text(4000) }).strict(),
    confidential: true,
    explain: (c: ProposalContext, e: ProposalEv<'REOPEN_PANEL'>) => signOffRefusals(c, e.agency),
    description: "An agency that has not signed yet reopens the panel's discussion of the proposal.",
  },
  RECORD_SELECTION: {
    roles: ['program_director', 'program_officer'],
    scope: 'event-agency',
    confidential: true,
    payload: z.object({ agency: agencyCode.optional(), decision: z.enum(['select', 'waitlist', 'reject']) }).strict(),
    needsFacts: true,
    explain: (c: ProposalContext, e: ProposalEv<'RECORD_SELECTION'>) => selectionRefusals(c, e),
    description:
      'An agency records its funding decision, selecting only within what is left of its envelope; the project is selected only when every agency selects it.',
  },
  PROMOTE_FROM_WAITLIST: {
    roles: ['program_director'],
    scope: 'lead',
    confidential: true,
    payload: empty,
    needsFacts: true,
    explain: (c: ProposalContext, e: ProposalEv<'PROMOTE_FROM_WAITLIST'>) => promotionRefusals(c, e),
    description: 'The lead agency promotes a waitlisted proposal once every agency has budget for it.',
  },
  CLOSE_WAITLIST: {
    roles: ['program_director'],
    scope: 'lead',
    confidential: true,
    payload: empty,
    description: 'The waitlist closes; the proposal is rejected.',
  },
  BOARD_APPROVE: {
    roles: ['board_member'],
    scope: 'lead',
    confidential: true,
    payload: empty,
    description: 'The board meeting approves the selected project.',
  },
  BOARD_REJECT: {
    roles: ['board_member'],
    scope: 'lead',
    confidential: true,
    payload: z.object({ reason: text(4000) }).strict(),
    description: 'The board meeting rejects the selected project, with a reason.',
  },
  BOARD_DEFER: {
    roles: ['board_member'],
    scope: 'lead',
    confidential: true,
    payload: z.object({ until: z.iso.datetime({ offset: true }), reason: text(4000).optional() }).strict(),
    description: 'The board meeting defers the project to a later meeting.',
  },
  BRING_BACK_TO_BOARD: {
    ...system,
    confidential: true,
    roles: ['program_director', 'administrator'],
    description: 'Timer (or the lead PD): a deferred project returns to the board list for its later meeting.',
  },
  APPROVE_FUNDING: {
    roles: ['board_member'],
    scope: 'event-agency',
    confidential: true,
    payload: z.object({ agency: agencyCode.optional() }).strict(),
    needsFacts: true,
    explain: (c: ProposalContext, e: ProposalEv<'APPROVE_FUNDING'>) => fundingApprovalRefusals(c, e),
    description:
      "An involved agency's board approves funding its side of the selected project, within what is left of its envelope.",
  },
  DECLINE_FUNDING: {
    roles: ['board_member'],
    scope: 'event-agency',
    confidential: true,
    payload: z.object({ agency: agencyCode.optional(), reason: text(4000) }).strict(),
    explain: (c: ProposalContext, e: ProposalEv<'DECLINE_FUNDING'>) => fundingRefusals(c, e.agency),
    description:
      "An involved agency's board declines to fund its side, with a reason: the joint project is not funded.",
  },
  ANNOUNCE_RESULT: {
    roles: [...announcers],
    scope: 'lead',
    payload: empty,
    needsFacts: true,
    explain: (_c: ProposalContext, e: ProposalEv<'ANNOUNCE_RESULT'>) => announcementRefusals(e),
    description:
      "The result is announced: each party's principal investigator is told the decision, with the comments to the applicants.",
  },
  REQUEST_REDRESS: {
    roles: ['applicant'],
    scope: 'owner',
    payload: z.object({ grounds: text(10000) }).strict(),
    needsFacts: true,
    explain: (c: ProposalContext, e: ProposalEv<'REQUEST_REDRESS'>) => redressRefusals(c, e),
    description: 'The applicants of a rejected proposal ask for a review of the procedure within the redress period.',
  },
  DECIDE_REDRESS: {
    roles: ['program_director'],
    scope: 'participant',
    payload: z.object({ outcome: z.enum(['uphold', 'dismiss']), reasons: text(10000) }).strict(),
    description: 'The PD upholds or dismisses the redress request, with reasons.',
  },
  CLOSE_REDRESS_WINDOW: {
    ...system,
    needsFacts: true,
    explain: (c: ProposalContext) => [`the redress period ends on ${c.redress?.windowEndsAt ?? '(not started)'}`],
    description: 'Timer: the redress period has ended without a request.',
  },
  START_INTERIM_EVALUATION: {
    roles: ['program_officer', 'program_director'],
    scope: 'lead',
    payload: empty,
    description:
      'The first period of the awarded project ends: the interim evaluation starts and its applicants are asked for their report.',
  },
  SUBMIT_INTERIM_REPORT: {
    roles: ['applicant'],
    scope: 'owner',
    payload: z.object({ report: text(20000) }).strict(),
    description: 'The applicants submit the interim report of the project.',
  },
  DECIDE_EXTENSION: {
    roles: ['program_director', 'board_member'],
    scope: 'event-agency',
    payload: z.object({ agency: agencyCode.optional(), extend: z.boolean(), reason: text(4000).optional() }).strict(),
    confidential: true,
    explain: (c: ProposalContext, e: ProposalEv<'DECIDE_EXTENSION'>) => extensionRefusals(c, e.agency),
    description:
      'An agency decides on extending its side of the project past its first period; it is extended only if every agency extends.',
  },
  APPROVE_REQUEST: {
    roles: ['program_officer', 'program_director'],
    scope: 'lead',
    payload: empty,
    confidential: true,
    description: 'The lead agency approves the request.',
  },
  DECLINE_REQUEST: {
    roles: ['program_officer', 'program_director'],
    scope: 'lead',
    payload: z.object({ reason: text(4000) }).strict(),
    confidential: true,
    description: 'The lead agency declines the request, with a reason.',
  },
  SUBMIT_REPORT: {
    roles: ['applicant'],
    scope: 'owner',
    payload: z.object({ report: text(20000) }).strict(),
    description: 'The applicants report on the activity the request supported.',
  },
  WITHDRAW: {
    roles: ['applicant'],
    scope: 'owner',
    payload: z.object({ reason: text(4000).optional() }).strict(),
    description: 'The applicants withdraw the proposal before selection; the reviews still awaited of it end.',
  },
} satisfies Record<string, EventRule>;

export type ProposalEventType = keyof typeof PROPOSAL_EVENTS;

/** The rules of the events a program's proposal machine handles, with the program's own restatements. */
export const proposalRules = (
  machine: AnyStateMachine,
  overrides: Partial<Record<ProposalEventType, Partial<EventRule>>> = {},
) => rulesFor(machine, PROPOSAL_EVENTS, overrides);

/** The refusal of COMPLETE_PEER_REVIEW for a program's number of evaluators. */
export const peerReviewExplain = (evaluators: number) => (_c: ProposalContext, e: ProposalEv<'COMPLETE_PEER_REVIEW'>) =>
  peerReviewRefusals(e, evaluators);

/** START_ELIGIBILITY_CHECK in order of receipt (J-RAPID): the server counts the proposals received earlier still waiting. */
export const IN_ORDER_OF_RECEIPT: Partial<EventRule> = {
  needsFacts: true,
  explain: (_c: ProposalContext, e: ProposalEv<'START_ELIGIBILITY_CHECK'>) => queueRefusals(e),
  description: 'An agency takes up the next proposal received, in order of receipt.',
} as Partial<EventRule>;

/** SUBMIT of a request that is not a research project (IRCC workshop support): the program's research period does not apply. */
export const REQUEST_SUBMISSION: Partial<EventRule> = {
  explain: (_c: ProposalContext, e: ProposalEv<'SUBMIT'>) =>
    submissionViolations(e.facts, 'open', { projectPeriod: false }),
  description: 'The applicants submit the request while the call is open.',
} as Partial<EventRule>;
