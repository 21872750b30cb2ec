import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DIFFICULTIES, KINDS } from '../question-rules';

export class OptionDto {
  @ApiPropertyOptional({ description: 'Keep an existing option (edit): its id from the current version.' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: 'Ngày 5/5/2022' })
  @IsString()
  @MaxLength(1000)
  text: string;

  @ApiPropertyOptional({ description: 'True for a correct option.' })
  @IsOptional()
  @IsBoolean()
  correct?: boolean;
}

export class CreateQuestionDto {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: string;

  @ApiProperty({ example: 'Bộ Chính trị ban hành Nghị quyết số 15-NQ/TW vào ngày nào?' })
  @IsString()
  @MaxLength(2000)
  text: string;

  @ApiProperty({ type: [OptionDto], minItems: 2, maxItems: 8 })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => OptionDto)
  options: OptionDto[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) explanation?: string | null;
  @ApiProperty() @IsString() @MaxLength(200) topic: string;
  @ApiProperty({ enum: DIFFICULTIES }) @IsIn(DIFFICULTIES) difficulty: string;
  @ApiPropertyOptional({ description: 'The article of the resolution the question tests.' }) @IsOptional() @IsString() @MaxLength(500) article?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) imageUrl?: string | null;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(100) points?: number;

  @ApiPropertyOptional({ description: 'Add even when a near-duplicate exists (otherwise 409 question.near-duplicate).' })
  @IsOptional()
  @IsBoolean()
  allowDuplicate?: boolean;
}

/** Any subset; the edit makes a new version (options given replace the list; ids keep existing options). */
export class UpdateQuestionDto extends PartialType(CreateQuestionDto) {}

export class QuestionQueryDto {
  @IsOptional() @IsString() @MaxLength(200) topic?: string;
  @IsOptional() @IsIn(DIFFICULTIES) difficulty?: string;
  @IsOptional() @IsIn(KINDS) kind?: string;
  @ApiPropertyOptional({ description: 'Text search, case and diacritic insensitive.' }) @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}
