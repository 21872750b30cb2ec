import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateIf } from 'class-validator';
import { ROLES, Role, type SetCitizenIdRequestV1, type SetRolesRequestV1 } from '@hoi-thi/contracts';
import { Check } from '../../common/check';
import { isValidCitizenId, normalizeCitizenId } from '../profile-rules';

const isRoleList = (v: unknown) =>
  Array.isArray(v) && v.length >= 1 && v.length <= ROLES.length && new Set(v).size === v.length && v.every((r) => (ROLES as readonly unknown[]).includes(r));

export class ListUsersQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @Check((v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100, 'validation.failed')
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Check((v) => typeof v === 'string' && v.length <= 200, 'users.cursor.invalid')
  cursor?: string;

  @ApiPropertyOptional({ description: 'a phone number (any format, exact) or part of a name' })
  @IsOptional()
  @Check((v) => typeof v === 'string' && v.length <= 100, 'validation.failed')
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @Check((v) => (ROLES as readonly unknown[]).includes(v), 'user.roles.invalid')
  role?: Role;
}

export class SetRolesDto implements SetRolesRequestV1 {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['contestant', 'organizer'] })
  @Check(isRoleList, 'user.roles.invalid')
  roles: Role[];
}

/** PATCH /api/users/:id/citizen-id (admin). */
export class SetCitizenIdDto implements SetCitizenIdRequestV1 {
  @ApiProperty({ example: '001090012345', nullable: true, type: String, description: 'CCCD, 12 digits (the rule of registration); null clears it' })
  @ValidateIf((_dto, v) => v !== null)
  @Transform(({ value }) => normalizeCitizenId(value))
  @Check(isValidCitizenId, 'user.citizenId.invalid')
  citizenId: string | null;
}
