import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { RESULTS_FILE_FORMATS, type PageQueryV1, type ResultsFileFormat } from '@hoi-thi/contracts';

export class ResultsExportQueryDto {
  @ApiPropertyOptional({ enum: RESULTS_FILE_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn([...RESULTS_FILE_FORMATS], { message: 'leaderboard.field.format' })
  format?: ResultsFileFormat;
}

/** The query of the leaderboard's keyset-paged lists: `limit` 1–200 (default 50) and the previous page's `nextCursor`. */
export class PageQueryDto implements PageQueryV1 {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'leaderboard.field.page-limit' })
  @Min(1, { message: 'leaderboard.field.page-limit' })
  @Max(200, { message: 'leaderboard.field.page-limit' })
  limit?: number;

  @ApiPropertyOptional({ description: 'the previous page’s `nextCursor` (opaque)' })
  @IsOptional()
  @IsString({ message: 'leaderboard.field.cursor' })
  @MaxLength(200, { message: 'leaderboard.field.cursor' })
  cursor?: string;
}
