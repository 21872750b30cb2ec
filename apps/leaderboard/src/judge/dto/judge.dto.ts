import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DisqualifyRequestV1 } from '@hoi-thi/contracts';
import { PageQueryDto } from '../../results/dto/results.dto';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

/** `?limit=` 1–200 (default 50), `?cursor=`, and the filters. */
export class AttemptListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'leaderboard.field.contestant-id' })
  contestantId?: string;

  @ApiPropertyOptional({ description: 'only attempts flagged as implausibly fast' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  fast?: boolean;
}

export class DisqualifyDto implements DisqualifyRequestV1 {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'leaderboard.field.contestant-id' })
  contestantId: string;

  @ApiProperty({ minLength: 3, maxLength: 500 })
  @IsString({ message: 'leaderboard.field.reason' })
  @MinLength(3, { message: 'leaderboard.field.reason' })
  @MaxLength(500, { message: 'leaderboard.field.reason' })
  reason: string;
}

export class WhatIfQueryDto {
  @ApiPropertyOptional({ default: 1, description: 'true value + delta (−1 and +1 are the usual questions)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'leaderboard.field.delta' })
  @Min(-1000, { message: 'leaderboard.field.delta' })
  @Max(1000, { message: 'leaderboard.field.delta' })
  delta?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'leaderboard.field.limit' })
  @Min(1, { message: 'leaderboard.field.limit' })
  @Max(1000, { message: 'leaderboard.field.limit' })
  limit?: number;
}
