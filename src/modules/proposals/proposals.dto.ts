import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CONFLICT_TYPES, type ConflictType } from './proposal.entity.js';
import { IsOrcid, IsResearcherNumber } from '../duplicate-funding/researcher-identity.js';
import { PageQuery } from '../../common/pagination.js';
import { QueryInteger } from '../../common/query-integer.js';

export class PartyDto {
  @ApiProperty({ example: 'JST', description: "The agency that funds this party's side" })
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'agency must be an agency code such as JST' })
  agency: string;
  @ApiProperty({ example: 'Hanako Sato' }) @IsString() @Length(1, 200) piName: string;
  @ApiPropertyOptional({ example: 'hanako.sato@example.ac.jp' }) @IsOptional() @IsEmail() piEmail?: string;
  @ApiProperty({ example: 'Tohoku University' }) @IsString() @Length(1, 300) institution: string;
  @ApiProperty({ example: 'JP' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;
  @ApiProperty({
    type: 'integer',
    isArray: true,
    minimum: 0,
    example: [20_000_000, 20_000_000, 20_000_000],
    description:
      "Amount requested from the party's agency for each project year; may be left out when `budgetByCategory` is given (its yearly sums)",
  })
  @ValidateIf((o: PartyDto) => o.budgetByCategory === undefined || o.budgetPerYear !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(0, { each: true })
  budgetPerYear: number[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    example: [{ goods: 8_000_000, personnel: 8_000_000, travel: 2_000_000, workshops: 1_000_000, other: 1_000_000 }],
    description:
      "The same years by the program's cost categories (goods, personnel, travel, workshops, other); each year's amounts add up to its total",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  budgetByCategory?: Record<string, number>[];
  @ApiPropertyOptional({
    example: '0000-0002-1825-0097',
    description:
      "The principal investigator's ORCID iD (0000-0000-0000-000X; the last character is its ISO 7064 MOD 11-2 check digit)",
  })
  @IsOptional()
  @IsOrcid()
  piOrcid?: string;
  @ApiPropertyOptional({
    example: '12345678',
    description: "The principal investigator's national researcher number (e-Rad, Japan): 8 digits",
  })
  @IsOptional()
  @IsResearcherNumber()
  piResearcherNumber?: string;
  @ApiPropertyOptional({
    example: 40,
    minimum: 0,
    maximum: 100,
    description:
      'The share of their working time the principal investigator gives this project, in percent (e-Rad effort)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  piEffortPercent?: number;
}

/** A person the lead principal investigator invites to a party: its principal investigator or a team member. */
export class InviteMemberDto {
  @ApiProperty({ example: 'NSF', description: "The party's agency" })
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'agency must be an agency code such as JST' })
  agency: string;
  @ApiProperty({
    enum: ['pi', 'member'],
    description: "`pi`: the party's principal investigator (co-edits the proposal); `member`: a team member",
  })
  @IsIn(['pi', 'member'])
  role: 'pi' | 'member';
  @ApiProperty({ example: 'Alex Smith' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 'alex.smith@example.edu' }) @IsEmail() @Length(3, 320) email: string;
  @ApiProperty({ example: 'University of Washington' }) @IsString() @Length(1, 300) institution: string;
  @ApiPropertyOptional({
    example: '0000-0002-1694-233X',
    description: "The person's ORCID iD (0000-0000-0000-000X; the last character is its check digit)",
  })
  @IsOptional()
  @IsOrcid()
  orcid?: string;
  @ApiPropertyOptional({
    example: '87654321',
    description: "The person's national researcher number (e-Rad): 8 digits",
  })
  @IsOptional()
  @IsResearcherNumber()
  researcherNumber?: string;
  @ApiPropertyOptional({
    example: 20,
    minimum: 0,
    maximum: 100,
    description: 'The share of their working time the person gives this project, in percent',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  effortPercent?: number;
  @ApiPropertyOptional({
    example: false,
    description:
      "A researcher based in the country the call's disaster struck (J-RAPID's local researchers; only in a call that records its disaster, for a party of that country)",
  })
  @IsOptional()
  @IsBoolean()
  local?: boolean;
}

/** A person the applicants declare must not review the proposal, with the kind of tie. */
export class DeclareProposalConflictDto {
  @ApiProperty({ example: 'Taro Yamada' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ example: 'Kyoto University' }) @IsString() @Length(1, 300) institution: string;
  @ApiPropertyOptional({ example: 'taro.yamada@example.ac.jp' }) @IsOptional() @IsEmail() email?: string;
  @ApiProperty({ enum: CONFLICT_TYPES }) @IsIn(CONFLICT_TYPES) type: ConflictType;
  @ApiPropertyOptional({ example: 'Co-supervised a student until 2025' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

export class CreateProposalDto {
  @ApiProperty() @IsUUID() callId: string;
  @ApiProperty({ example: 'Early warning of landslides from dense seismic arrays' })
  @IsString()
  @Length(1, 300)
  title: string;
  @ApiProperty() @IsString() @Length(1, 20000) abstract: string;
  @ApiProperty({ example: 36 }) @IsInt() @Min(1) @Max(120) durationMonths: number;
  @ApiPropertyOptional({ example: ['seismology', 'landslides'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  keywords?: string[];
  @ApiPropertyOptional({
    example: 'workshop',
    description:
      "A further kind of proposal the call's program takes, run on its own workflow (IRCC: `workshop`, a workshop support request); absent: a research proposal",
  })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{0,39}$/, { message: 'kind must be a word such as workshop' })
  kind?: string;
  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties: PartyDto[];
}

/**
 * A proposal's new text, research period and parties, while its applicants still draft it. Every
 * field is replaced; the parties' agencies of a proposal routed to its parties' agencies stay as drafted.
 */
export class UpdateProposalDto extends OmitType(CreateProposalDto, ['callId', 'kind'] as const) {}

export const PROPOSAL_SORTS = [
  'created',
  '-created',
  'title',
  '-title',
  'state',
  '-state',
  'updated',
  '-updated',
] as const;
export type ProposalSort = (typeof PROPOSAL_SORTS)[number];

/**
 * The deepest `offset` of the proposal lists. PostgreSQL finds every skipped row (and for staff
 * tests its visibility) before dropping it, so a deep offset costs in proportion to its depth; the
 * lists' cursors reach any depth at the cost of one page.
 */
export const MAX_PROPOSAL_OFFSET = 10_000;

/** What an offset deeper than MAX_PROPOSAL_OFFSET is told (the list's query and its service say the same). */
export const PROPOSAL_OFFSET_TOO_DEEP = `must be at most ${MAX_PROPOSAL_OFFSET} (deeper pages: follow the next or prev cursor of a page)`;

export class ListProposalsQuery extends PageQuery {
  @ApiPropertyOptional({ type: Number, default: 0, minimum: 0, maximum: MAX_PROPOSAL_OFFSET })
  @IsOptional()
  @QueryInteger(0, MAX_PROPOSAL_OFFSET, `$property ${PROPOSAL_OFFSET_TOO_DEEP}`)
  override offset = 0;
  @ApiPropertyOptional({
    description:
      "Keyset paging: the `next` or `prev` of a page of this list (same sort), for the page after or before it; fast at any depth, unlike `offset` (which goes no deeper than 10,000 rows: 400 beyond). Signed for the user it was given to: altered, hand-made or another user's, it is refused (400)",
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  cursor?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() callId?: string;
  @ApiPropertyOptional({
    description: "Words in the title or a principal investigator's name (case-insensitive)",
    example: 'landslide',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;
  @ApiPropertyOptional({ enum: PROPOSAL_SORTS, default: '-created', description: 'Order; a leading - is descending' })
  @IsOptional()
  @IsIn(PROPOSAL_SORTS)
  sort?: ProposalSort;
  @ApiPropertyOptional({ example: 'under_review' }) @IsOptional() @IsString() state?: string;
  @ApiPropertyOptional({ example: 'NSF', description: 'Proposals with a party funded by this agency' })
  @IsOptional()
  @Matches(/^[A-Z0-9-]{2,16}$/, { message: 'agency must be an agency code such as JST' })
  agency?: string;
}
