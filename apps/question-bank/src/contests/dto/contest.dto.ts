import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';

export const MATERIAL_KINDS = ['link', 'pdf', 'audio', 'video', 'document'] as const;
/** Profile fields a contest may require at registration (full name, phone and password always are). */
export const REGISTRATION_FIELDS = ['citizenId', 'email', 'dateOfBirth', 'province', 'ward', 'unit', 'category'] as const;

export class MaterialDto {
  @ApiPropertyOptional({ description: 'Keep an existing material (and its QR code URL) by its id.' }) @IsOptional() @IsUUID() id?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title: string;
  @ApiProperty() @IsString() @MaxLength(2000) url: string;
  @ApiProperty({ enum: MATERIAL_KINDS }) @IsIn(MATERIAL_KINDS) kind: (typeof MATERIAL_KINDS)[number];
}

export class CreateContestDto {
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
  requiredRegistrationFields?: string[];
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID() unitTreeRootId?: string | null;
  @ApiPropertyOptional({ description: 'Visible to the public (GET /api/contests).' }) @IsOptional() @IsBoolean() published?: boolean;
}

export class UpdateContestDto extends PartialType(CreateContestDto) {}

export class ContestListQueryDto {
  @ApiPropertyOptional({ description: 'Organizers: include unpublished contests.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  drafts?: string;
}
