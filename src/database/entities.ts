import {
  IdempotencyKey,
  OutboxEntry,
  Timer,
  TransitionLogEntry,
  WorkflowInstance,
  WorkflowProjection,
} from '../engine/engine.entities.js';
import { Agency } from '../modules/agencies/agency.entity.js';
import { UserSession } from '../modules/auth/session.entity.js';
import { Call, CallAgency, CallAgencyEnvelope, CallAppointment } from '../modules/calls/call.entity.js';
import { StateCount } from '../modules/calls/state-count.entity.js';
import { AgencyWebhook, Notification } from '../modules/notifications/notification.entity.js';
import { Program } from '../modules/programs/program.entity.js';
import { TwinProposal } from '../modules/duplicate-funding/twin-proposal.entity.js';
import { Proposal, ProposalConflict, ProposalMember, ProposalParty } from '../modules/proposals/proposal.entity.js';
import { ResearchUnit } from '../modules/research-units/research-unit.entity.js';
import { REVIEW_ENTITIES } from '../modules/reviews/review.entities.js';
import { ApiToken, RoleGrant, User } from '../modules/users/user.entity.js';
import { ServiceSecret } from './service-secret.entity.js';

export const ENTITIES = [
  Agency,
  Program,
  Call,
  CallAgency,
  CallAgencyEnvelope,
  CallAppointment,
  Proposal,
  ProposalParty,
  ProposalMember,
  ProposalConflict,
  TwinProposal,
  User,
  RoleGrant,
  ApiToken,
  UserSession,
  WorkflowInstance,
  WorkflowProjection,
  TransitionLogEntry,
  OutboxEntry,
  IdempotencyKey,
  ...REVIEW_ENTITIES,
  Timer,
  Notification,
  AgencyWebhook,
  ResearchUnit,
  StateCount,
  ServiceSecret,
];
