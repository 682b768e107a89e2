import { Module } from '@nestjs/common';
import { ConsoleModule } from '../../console/console.module.js';
import { ProposalRecordsModule } from '../documents/proposal-records.module.js';
import { ReviewReadsModule } from '../reviews/review-reads.module.js';
import { ConsoleProposalFormController } from './console/proposal-form.controller.js';
import { ConsoleProposalsController } from './console/proposals.controller.js';
import { ConsolePartiesController } from './console/parties.controller.js';
import { ProposalsWorklist } from './console/proposals-worklist.js';
import { ProposalPagePanels } from './console/proposal-panels.js';
import { InvitationsWorklist } from './console/invitations-worklist.js';
import { PartiesController } from './parties.controller.js';
import { PartiesService } from './parties.service.js';
import { ProposalsController } from './proposals.controller.js';
import { ProposalsHooks } from './proposals.hooks.js';
import { ProposalsRepository } from './proposals.repository.js';
import { CursorKey } from './cursor-key.js';
import { ProposalsService } from './proposals.service.js';
import { CreateProposal } from './use-cases/create-proposal.use-case.js';
import { EditProposal } from './use-cases/edit-proposal.use-case.js';

/**
 * Proposals: the API, their repository (with who sees a proposal), the submission rules' facts (proposals.hooks.ts), the
 * console's proposal page. The page shows the reviews beside the proposal, hence ReviewsModule.
 */
@Module({
  imports: [ConsoleModule, ReviewReadsModule, ProposalRecordsModule],
  controllers: [
    ProposalsController,
    PartiesController,
    ConsoleProposalsController,
    ConsolePartiesController,
    ConsoleProposalFormController,
  ],
  providers: [
    ProposalsRepository,
    CursorKey,
    ProposalsService,
    PartiesService,
    ProposalsHooks,
    ProposalsWorklist,
    ProposalPagePanels,
    InvitationsWorklist,
    CreateProposal,
    EditProposal,
  ],
  exports: [ProposalsService, PartiesService, ProposalPagePanels],
})
export class ProposalsModule {}
