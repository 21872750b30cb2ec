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
import { ISO_WITH_OFFSET } from '../../common/vn-time';

export const PREDICTION_TARGETS = ['perfect-scorers', 'participations', 'contestants', 'perfect-percentage'] as const;
export const REVEAL_POLICIES = ['never', 'after-submit', 'after-close'] as const;
export const PARTIAL_CREDIT = ['all-or-nothing', 'proportional'] as const;
export const CRITERIA = ['points', 'prediction', 'duration', 'submittedAt'] as const;

export class BlueprintCellDto {
  @ApiProperty({ description: "A topic of the bank, or '*'" }) @IsString() @MinLength(1) @MaxLength(200) topic: string;
  @ApiProperty({ enum: ['easy', 'medium', 'hard', '*'] }) @IsIn(['easy', 'medium', 'hard', '*']) difficulty: 'easy' | 'medium' | 'hard' | '*';
  @ApiProperty() @IsInt() @Min(1) @Max(127) count: number;
}

export class PredictionDto {
  @ApiProperty() @IsBoolean() enabled: boolean;
  @ApiPropertyOptional({ enum: PREDICTION_TARGETS, default: 'perfect-scorers' }) @IsOptional() @IsIn(PREDICTION_TARGETS) target?: (typeof PREDICTION_TARGETS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) wording?: string;
  @ApiPropertyOptional({ enum: ['over', 'under'], default: 'under', description: 'Which guess wins at equal distance.' })
  @IsOptional()
  @IsIn(['over', 'under'])
  tieSide?: 'over' | 'under';
}

const iso = { message: 'round.time.offset' };

export class CreateRoundDto {
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
  @ApiPropertyOptional({ nullable: true, description: 'null: unlimited' }) @ValidateIf((_, v) => v !== null && v !== undefined) @IsInt() @Min(1) @Max(1000) attemptsAllowed?: number | null;
  @ApiPropertyOptional({ nullable: true, description: "Points of every question (null: each question's own points)" })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(1)
  @Max(100)
  pointsPerQuestion?: number | null;
  @ApiPropertyOptional({ type: PredictionDto }) @IsOptional() @ValidateNested() @Type(() => PredictionDto) prediction?: PredictionDto;
  @ApiPropertyOptional({ enum: CRITERIA, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(CRITERIA.length) @IsIn(CRITERIA, { each: true }) rankingRule?: string[];
  @ApiPropertyOptional({ enum: REVEAL_POLICIES, default: 'after-close' }) @IsOptional() @IsIn(REVEAL_POLICIES) revealPolicy?: (typeof REVEAL_POLICIES)[number];
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() practice?: boolean;
  @ApiPropertyOptional({ enum: PARTIAL_CREDIT, default: 'all-or-nothing' }) @IsOptional() @IsIn(PARTIAL_CREDIT) partialCredit?: (typeof PARTIAL_CREDIT)[number];
}

/** Any subset. Once published, only `closesAt` (later) is accepted; anything else answers 409 round.frozen. */
export class UpdateRoundDto extends PartialType(CreateRoundDto) {}

export class CorrectKeyDto {
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(8) @IsUUID('all', { each: true }) correctOptionIds: string[];
  @ApiProperty({ description: 'Why the key changes (kept in the audit log).' }) @IsString() @MinLength(3) @MaxLength(2000) reason: string;
}
