import { IdempotencyKey, OutboxEntry, Timer, TransitionLogEntry, WorkflowInstance } from '../engine/engine.entities.js';
import { Agency } from '../modules/agencies/agency.entity.js';
import { Call, CallAgency } from '../modules/calls/call.entity.js';
import { AgencyWebhook, Notification } from '../modules/notifications/notification.entity.js';
import { Program } from '../modules/programs/program.entity.js';
import { Proposal, ProposalParty } from '../modules/proposals/proposal.entity.js';
import { ApiToken, RoleGrant, User } from '../modules/users/user.entity.js';

export const ENTITIES = [
  Agency,
  Program,
  Call,
  CallAgency,
  Proposal,
  ProposalParty,
  User,
  RoleGrant,
  ApiToken,
  WorkflowInstance,
  TransitionLogEntry,
  OutboxEntry,
  IdempotencyKey,
  Timer,
  Notification,
  AgencyWebhook,
];
