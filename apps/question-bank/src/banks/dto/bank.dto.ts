import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CreateBankRequestV1, PageQueryV1, UpdateBankRequestV1 } from '@hoi-thi/contracts';

export class CreateBankDto implements CreateBankRequestV1 {
  @ApiProperty({ example: 'Ngân hàng câu hỏi Nghị quyết 15-NQ/TW' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) description?: string;
}

export class UpdateBankDto implements UpdateBankRequestV1 {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) description?: string;
}

/** `?limit=` (1–200, default 50) and `?cursor=` (the previous page's `nextCursor`) of the question bank's lists. */
export class PageQueryDto implements PageQueryV1 {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
