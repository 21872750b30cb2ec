import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

export class BoardQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'leaderboard.field.limit' })
  @Min(1, { message: 'leaderboard.field.limit' })
  @Max(100, { message: 'leaderboard.field.limit' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'leaderboard.field.offset' })
  @Min(0, { message: 'leaderboard.field.offset' })
  @Max(10_000_000, { message: 'leaderboard.field.offset' })
  offset?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'leaderboard.field.unit-id' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'province code' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'leaderboard.field.province' })
  province?: string;
}
