import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, ValidateIf } from 'class-validator';
import { Check } from '../../common/check';
import { findProvince, findWard, isWardInProvince } from '../../geo/vn-admin-units';
import {
  isStrongEnoughPassword,
  isValidBirthDate,
  isValidCitizenId,
  isValidEmail,
  isValidFullName,
  normalizeCitizenId,
  normalizeEmail,
  normalizeFullName,
  normalizeVnMobile,
} from '../profile-rules';
import type { RegisterRequestV1, Role, UpdateMeRequestV1, UserV1 } from '@hoi-thi/contracts';
import { USER_CATEGORIES, UserCategory } from '../user.entity';

export const isUuid = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
const isCategory = (v: unknown) => (USER_CATEGORIES as readonly unknown[]).includes(v);

/** POST /api/auth/register. Every field is checked by one rule with one Vietnamese message. */
export class RegisterDto implements RegisterRequestV1 {
  @ApiProperty({ example: 'Nguyễn Văn An', description: '2–100 characters, NFC-normalised' })
  @Transform(({ value }) => normalizeFullName(value))
  @Check(isValidFullName, 'user.fullName.invalid')
  fullName: string;

  @ApiProperty({ example: '1990-05-19', description: 'YYYY-MM-DD; age 6–120' })
  @Check((v) => isValidBirthDate(v), 'user.dateOfBirth.invalid')
  dateOfBirth: string;

  @ApiProperty({ example: '0912345678', description: 'Vietnamese mobile: 0912…, +84912… or 84912…' })
  @Check((v) => normalizeVnMobile(v) !== null, 'user.phone.invalid')
  phone: string;

  @ApiPropertyOptional({ example: 'an@example.vn' })
  @IsOptional()
  @Transform(({ value }) => normalizeEmail(value))
  @Check(isValidEmail, 'user.email.invalid')
  email?: string;

  @ApiProperty({ example: 'MatKhau2026', description: '8–128 characters, letters and digits' })
  @Check(isStrongEnoughPassword, 'user.password.weak')
  password: string;

  @ApiPropertyOptional({ example: '001090012345', description: 'CCCD, 12 digits; stored only as a fingerprint' })
  @IsOptional()
  @Transform(({ value }) => normalizeCitizenId(value))
  @Check(isValidCitizenId, 'user.citizenId.invalid')
  citizenId?: string;

  @ApiProperty({ example: '01', description: 'GET /api/geo/provinces' })
  @Check((v) => !!findProvince(v), 'user.provinceCode.invalid')
  provinceCode: string;

  @ApiProperty({ example: '10101003', description: 'GET /api/geo/provinces/:code/wards' })
  @Check((v, dto) => isWardInProvince(v, dto.provinceCode), 'user.wardCode.invalid')
  wardCode: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A unit of GET /api/units' })
  @IsOptional()
  @Check(isUuid, 'user.unitId.invalid')
  unitId?: string;

  @ApiProperty({ enum: USER_CATEGORIES })
  @Check(isCategory, 'user.category.invalid')
  category: UserCategory;

  @ApiPropertyOptional({ description: 'From GET /api/auth/captcha (required unless CAPTCHA_ENABLED=false)' })
  @IsOptional()
  @Check((v) => typeof v === 'string' && v.length <= 64, 'captcha.expired')
  captchaId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Check((v) => typeof v === 'string' && v.length <= 32, 'captcha.wrong')
  captchaAnswer?: string;
}

/** PATCH /api/me: only harmless fields, and the citizen ID once; roles, phone, id… are refused by forbidNonWhitelisted. */
export class UpdateMeDto implements UpdateMeRequestV1 {
  @ApiPropertyOptional({ example: 'Nguyễn Văn An' })
  @IsOptional()
  @Transform(({ value }) => normalizeFullName(value))
  @Check(isValidFullName, 'user.fullName.invalid')
  fullName?: string;

  @ApiPropertyOptional({ example: 'an@example.vn', nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @Transform(({ value }) => (value === '' ? null : normalizeEmail(value)))
  @Check(isValidEmail, 'user.email.invalid')
  email?: string | null;

  @ApiPropertyOptional({ example: '01' })
  @IsOptional()
  @Check((v) => !!findProvince(v), 'user.provinceCode.invalid')
  provinceCode?: string;

  @ApiPropertyOptional({ example: '10101003', description: 'must lie in provinceCode (sent or stored)' })
  @IsOptional()
  @Check((v) => !!findWard(v), 'user.wardCode.invalid')
  wardCode?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @Check(isUuid, 'user.unitId.invalid')
  unitId?: string | null;

  @ApiPropertyOptional({ enum: USER_CATEGORIES })
  @IsOptional()
  @Check(isCategory, 'user.category.invalid')
  category?: UserCategory;

  /**
   * Set once: a contestant may add a CCCD to an account that has none, never swap it (their identity would change
   * under the contests they take part in); changing or clearing one is an admin's act (PATCH /api/users/:id/citizen-id).
   */
  @ApiPropertyOptional({
    example: '001090012345',
    type: String,
    description:
      'CCCD, 12 digits (the rule of POST /api/auth/register), stored only as a fingerprint. **Set once**: accepted while ' +
      'the account has none (sending the number already on file again changes nothing); a different one → 409 ' +
      '`user.citizenId.locked` (only an admin may change or clear it). Held by another account → 409 `user.duplicate` ' +
      'naming `citizenId`. Blank = not sent; null is refused.',
  })
  @ValidateIf((_dto, v) => v !== undefined)
  @Transform(({ value }) => normalizeCitizenId(value))
  @Check(isValidCitizenId, 'user.citizenId.invalid')
  citizenId?: string;
}

export function toUserView(u: {
  id: string;
  fullName: string;
  dateOfBirth: string;
  phone: string;
  email: string | null;
  /** Read only to tell whether one is on file: never copied into the view. */
  citizenIdHash: string | null;
  citizenIdLast3: string | null;
  provinceCode: string;
  wardCode: string;
  unitId: string | null;
  category: UserCategory;
  roles: string[];
  disabled: boolean;
  createdAt: Date;
}): UserV1 {
  return {
    id: u.id,
    fullName: u.fullName,
    dateOfBirth: u.dateOfBirth,
    phone: u.phone,
    email: u.email,
    citizenIdLast3: u.citizenIdLast3,
    hasCitizenId: !!u.citizenIdHash,
    provinceCode: u.provinceCode,
    wardCode: u.wardCode,
    unitId: u.unitId,
    category: u.category,
    roles: u.roles as Role[],
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}
