import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { LoginRequestV1, LogoutRequestV1, RefreshRequestV1 } from '@hoi-thi/contracts';
import { Check } from '../../common/check';

const shortString = (max: number) => (v: unknown) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

export class LoginDto implements LoginRequestV1 {
  @ApiProperty({ example: '0912345678', description: 'phone (any format) or e-mail' })
  @Check(shortString(254), 'login.invalid')
  login: string;

  @ApiProperty({ example: 'MatKhau2026' })
  @Check(shortString(1024), 'password.required')
  password: string;

  @ApiPropertyOptional({ description: 'From GET /api/auth/captcha: required once the account is under attack (401 `auth.captcha-required`)' })
  @IsOptional()
  @Check((v) => typeof v === 'string' && v.length <= 64, 'captcha.expired')
  captchaId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Check((v) => typeof v === 'string' && v.length <= 32, 'captcha.wrong')
  captchaAnswer?: string;
}

export class RefreshDto implements RefreshRequestV1 {
  @ApiPropertyOptional({
    description:
      'For API clients (scripts, k6): the token of the login or of the last refresh. Browsers send none: theirs is the ' +
      '`ht_refresh` cookie, with the `X-CSRF: 1` header.',
  })
  @IsOptional()
  @Check(shortString(200), 'refreshToken.invalid')
  refreshToken?: string;
}

export class LogoutDto implements LogoutRequestV1 {
  @ApiPropertyOptional({ description: "the refresh token whose login (family) ends; a browser's comes in its `ht_refresh` cookie" })
  @IsOptional()
  @Check(shortString(200), 'refreshToken.invalid')
  refreshToken?: string;

  @ApiPropertyOptional({ description: 'true: end every login of this account ("log out everywhere")' })
  @IsOptional()
  @Check((v) => typeof v === 'boolean', 'validation.failed')
  all?: boolean;
}
