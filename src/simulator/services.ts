import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkflowEngine } from '../engine/workflow-engine.service.js';
import { CallsService } from '../modules/calls/calls.service.js';
import { PartiesService } from '../modules/proposals/parties.service.js';
import { ProposalsService } from '../modules/proposals/proposals.service.js';
import { AssignmentsService } from '../modules/reviews/assignments.service.js';
import { ReviewersService } from '../modules/reviews/reviewers.service.js';
import { SelectionQueries } from '../modules/selection/selection-queries.service.js';
import { UsersService } from '../modules/users/users.service.js';
import type { SimulationServices } from './simulation.js';

/** The service's objects the simulator drives, from an application context built on the CLI module. */
export function simulationServicesOf(app: INestApplicationContext): SimulationServices {
  return {
    dataSource: app.get(DataSource),
    engine: app.get(WorkflowEngine),
    users: app.get(UsersService),
    calls: app.get(CallsService),
    proposals: app.get(ProposalsService),
    reviewers: app.get(ReviewersService),
    assignments: app.get(AssignmentsService),
    selection: app.get(SelectionQueries),
    parties: app.get(PartiesService),
  };
}
