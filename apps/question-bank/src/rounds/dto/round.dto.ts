import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  BLUEPRINT_DIFFICULTIES,
  type CorrectKeyRequestV1,
  type CreateRoundRequestV1,
  type Difficulty,
  PARTIAL_CREDITS,
  type PartialCredit,
  PREDICTION_TARGETS,
  type PredictionTarget,
  RANKING_CRITERIA,
  type RankingCriterion,
  REVEAL_POLICIES,
  type RevealPolicy,
  type RoundBlueprintCellV1,
  type RoundPredictionRequestV1,
  TIE_SIDES,
  type TieSide,
  type UpdateRoundRequestV1,
} from '@hoi-thi/contracts';
import { ISO_WITH_OFFSET } from '../../common/vn-time';

export class BlueprintCellDto implements RoundBlueprintCellV1 {
  @ApiProperty({ description: "A topic of the bank, or '*'" }) @IsString() @MinLength(1) @MaxLength(200) topic: string;
  @ApiProperty({ enum: BLUEPRINT_DIFFICULTIES }) @IsIn(BLUEPRINT_DIFFICULTIES) difficulty: Difficulty | '*';
  @ApiProperty() @IsInt() @Min(1) @Max(127) count: number;
}

export class PredictionDto implements RoundPredictionRequestV1 {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiPropertyOptional({ enum: PREDICTION_TARGETS, default: 'perfect-scorers' }) @IsOptional() @IsIn(PREDICTION_TARGETS) target?: PredictionTarget;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) wording?: string;
  @ApiPropertyOptional({ enum: TIE_SIDES, default: 'under', description: 'Which guess wins at equal distance.' })
  @IsOptional()
  @IsIn(TIE_SIDES)
  tieSide?: TieSide;
}

const iso = { message: 'round.time.offset' };

export class CreateRoundDto implements CreateRoundRequestV1 {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title: string;
  @ApiProperty() @IsUUID() bankId: string;
  @ApiProperty({ example: '2026-08-01T10:00:00+07:00' }) @Matches(ISO_WITH_OFFSET, iso) opensAt: string;
  @ApiProperty({ example: '2026-08-31T09:00:00+07:00' }) @Matches(ISO_WITH_OFFSET, iso) closesAt: string;
  @ApiProperty({ type: [BlueprintCellDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BlueprintCellDto)
  blueprint: BlueprintCellDto[];
  @ApiProperty({ example: 900 }) @IsInt() @Min(60) @Max(7200) timeLimitSeconds: number;
  @ApiPropertyOptional({ nullable: true, description: 'null: unlimited' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(1)
  @Max(1000)
  attemptsAllowed?: number | null;
  @ApiPropertyOptional({ nullable: true, description: "Points of every question (null: each question's own points)" })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(1)
  @Max(100)
  pointsPerQuestion?: number | null;
  @ApiPropertyOptional({ type: PredictionDto }) @IsOptional() @ValidateNested() @Type(() => PredictionDto) prediction?: PredictionDto;
  @ApiPropertyOptional({ enum: RANKING_CRITERIA, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(RANKING_CRITERIA.length)
  @IsIn(RANKING_CRITERIA, { each: true })
  rankingRule?: RankingCriterion[];
  @ApiPropertyOptional({ enum: REVEAL_POLICIES, default: 'after-close' }) @IsOptional() @IsIn(REVEAL_POLICIES) revealPolicy?: RevealPolicy;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() practice?: boolean;
  @ApiPropertyOptional({ enum: PARTIAL_CREDITS, default: 'all-or-nothing' }) @IsOptional() @IsIn(PARTIAL_CREDITS) partialCredit?: PartialCredit;
}

/** Any subset. Once published, only `closesAt` (later) is accepted; anything else answers 409 round.frozen. */
export class UpdateRoundDto extends PartialType(CreateRoundDto) implements UpdateRoundRequestV1 {}

export class CorrectKeyDto implements CorrectKeyRequestV1 {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(8) @IsUUID('all', { each: true }) correctOptionIds: string[];
  @ApiProperty({ description: 'Why the key changes (kept in the audit log).' }) @IsString() @MinLength(3) @MaxLength(2000) reason: string;
}

export class RoundListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
