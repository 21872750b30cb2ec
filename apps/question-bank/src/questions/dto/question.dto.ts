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
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import type { CreateQuestionRequestV1, Difficulty, QuestionKind, QuestionOptionRequestV1, UpdateQuestionRequestV1 } from '@hoi-thi/contracts';
import { PageQueryDto } from '../../banks/dto/bank.dto';
import { DIFFICULTIES, KINDS } from '../question-rules';

export class OptionDto implements QuestionOptionRequestV1 {
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

/** POST /api/banks/:bankId/questions; the contract (CreateQuestionRequestV1) is what a client may send, these checks its validation. */
export class CreateQuestionDto implements CreateQuestionRequestV1 {
  @ApiProperty({ enum: KINDS })
  @IsIn(KINDS)
  kind: QuestionKind;

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
  @ApiProperty({ enum: DIFFICULTIES }) @IsIn(DIFFICULTIES) difficulty: Difficulty;
  @ApiPropertyOptional({ description: 'The article of the resolution the question tests.' }) @IsOptional() @IsString() @MaxLength(500) article?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) imageUrl?: string | null;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(100) points?: number;

  @ApiPropertyOptional({ description: 'Add even when a near-duplicate exists (otherwise 409 question.near-duplicate).' })
  @IsOptional()
  @IsBoolean()
  allowDuplicate?: boolean;
}

/** Any subset; the edit makes a new version (options given replace the list; ids keep existing options). */
export class UpdateQuestionDto extends PartialType(CreateQuestionDto) implements UpdateQuestionRequestV1 {}

/** The filters of a bank's question list, keyset-paged (`?limit=&cursor=`). */
export class QuestionQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) topic?: string;
  @ApiPropertyOptional({ enum: DIFFICULTIES }) @IsOptional() @IsIn(DIFFICULTIES) difficulty?: Difficulty;
  @ApiPropertyOptional({ enum: KINDS }) @IsOptional() @IsIn(KINDS) kind?: QuestionKind;
  @ApiPropertyOptional({ description: 'Text search, case and diacritic insensitive.' }) @IsOptional() @IsString() @MaxLength(200) q?: string;
}
