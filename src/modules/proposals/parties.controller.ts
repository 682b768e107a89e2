import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/uuid-param.pipe.js';
import type { Actor } from '../../engine/actor.js';
import { CurrentActor } from '../auth/auth.guard.js';
import { PartiesService } from './parties.service.js';
import { DeclareProposalConflictDto, InviteMemberDto } from './proposals.dto.js';

/** The people of a proposal's parties (invitations by e-mail) and the conflicts its applicants declare. */
@ApiTags('proposals')
@ApiBearerAuth()
@Controller('proposals/:id')
export class PartiesController {
  constructor(private readonly parties: PartiesService) {}

  /** Everyone invited to the proposal's parties, with whether they accepted. */
  @Get('members')
  members(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.parties.members(id, actor);
  }

  /** The lead principal investigator invites a party's principal investigator or a team member (an e-mail goes out). */
  @Post('members')
  invite(@Param('id', UuidParam) id: string, @Body() dto: InviteMemberDto, @CurrentActor() actor: Actor) {
    return this.parties.invite(id, dto, actor);
  }

  @Delete('members/:memberId')
  @HttpCode(204)
  async removeMember(
    @Param('id', UuidParam) id: string,
    @Param('memberId', UuidParam) memberId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.parties.removeMember(id, memberId, actor);
  }

  /** The caller's own invitation to the proposal (matched by their account's e-mail address). */
  @Get('invitation')
  invitation(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.parties.invitation(id, actor);
  }

  @Post('invitation/accept')
  @HttpCode(200)
  accept(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.parties.accept(id, actor);
  }

  /** The conflicts of interest the applicants declared (people who must not review the proposal), with their type. */
  @Get('conflicts')
  conflicts(@Param('id', UuidParam) id: string, @CurrentActor() actor: Actor) {
    return this.parties.conflicts(id, actor);
  }

  @Post('conflicts')
  declare(@Param('id', UuidParam) id: string, @Body() dto: DeclareProposalConflictDto, @CurrentActor() actor: Actor) {
    return this.parties.declareConflict(id, dto, actor);
  }

  @Delete('conflicts/:conflictId')
  @HttpCode(204)
  async removeConflict(
    @Param('id', UuidParam) id: string,
    @Param('conflictId', UuidParam) conflictId: string,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.parties.removeConflict(id, conflictId, actor);
  }
}
