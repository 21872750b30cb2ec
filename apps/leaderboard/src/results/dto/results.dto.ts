import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class ResultsExportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'], { message: 'leaderboard.field.format' })
  format?: 'csv' | 'xlsx';
}

export class PageQueryDto {
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
  offset?: number;
}
