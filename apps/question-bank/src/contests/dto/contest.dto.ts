import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  type ContestMaterialRequestV1,
  type CreateContestRequestV1,
  MATERIAL_KINDS,
  type MaterialKind,
  REGISTRATION_FIELDS,
  type RegistrationField,
  type UpdateContestRequestV1,
} from '@hoi-thi/contracts';

export class MaterialDto implements ContestMaterialRequestV1 {
  @ApiPropertyOptional({ description: 'Keep an existing material (and its QR code URL) by its id.' }) @IsOptional() @IsUUID() id?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title: string;
  @ApiProperty() @IsString() @MaxLength(2000) url: string;
  @ApiProperty({ enum: MATERIAL_KINDS }) @IsIn(MATERIAL_KINDS) kind: MaterialKind;
}

export class CreateContestDto implements CreateContestRequestV1 {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) rules?: string;
  @ApiPropertyOptional({ type: [MaterialDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MaterialDto)
  materials?: MaterialDto[];
  @ApiPropertyOptional({ enum: REGISTRATION_FIELDS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REGISTRATION_FIELDS.length)
  @IsIn(REGISTRATION_FIELDS, { each: true })
  requiredRegistrationFields?: RegistrationField[];
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID() unitTreeRootId?: string | null;
  @ApiPropertyOptional({ description: 'Visible to the public (GET /api/contests).' }) @IsOptional() @IsBoolean() published?: boolean;
}

export class UpdateContestDto extends PartialType(CreateContestDto) implements UpdateContestRequestV1 {}

export class ContestListQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Organizers: include unpublished contests.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  drafts?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}
