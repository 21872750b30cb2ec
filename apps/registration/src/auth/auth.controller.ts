import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type AccessClaimsV1,
  CaptchaV1,
  LoginRequestV1,
  LogoutRequestV1,
  RefreshRequestV1,
  RegisteredV1,
  RegisterRequestV1,
  TokenPairV1,
} from '@hoi-thi/contracts';
import { Accepts, CurrentUser, Fails, PlatformEnv, ProblemException, Public, Returns } from '@hoi-thi/platform';
import { RegistrationEnv } from '../registration.env';
import { RegisterDto } from '../users/dto/profile.dto';
import { AuthService, ClientInfo, IssuedTokens } from './auth.service';
import { CaptchaService } from './captcha.service';
import { LoginDto, LogoutDto, RefreshDto } from './dto/auth.dto';
import { CLIENT_HEADER, clearedRefreshCookie, isSameOriginRequest, readRefreshCookie, refreshCookie } from './refresh-cookie';
import { registrationError } from '../registration.errors';

const client = (req: FastifyRequest): ClientInfo => {
  const ua = req.headers['user-agent'];
  return { ip: req.ip, userAgent: typeof ua === 'string' ? ua : null };
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly captcha: CaptchaService,
    private readonly env: PlatformEnv,
    private readonly settings: RegistrationEnv,
  ) {}

  @Public()
  @Get('captcha')
  @Header('cache-control', 'no-store')
  @Returns(CaptchaV1)
  async newCaptcha(): Promise<CaptchaV1> {
    return { ...(await this.captcha.create()), requiredForRegistration: this.settings.CAPTCHA_ENABLED };
  }

  @Public()
  @Post('register')
  @Accepts(RegisterRequestV1)
  @Returns(RegisteredV1, { status: 201 })
  @Fails(409, '`user.duplicate`: `errors` names the phone, e-mail or CCCD already registered (log in or recover the password)')
  @Fails(429, '`rate.limited`: too many registrations or “already taken” answers from this address (`Retry-After`)')
  register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<RegisteredV1> {
    return this.auth.register(dto, client(req));
  }

  @Public()
  @Post('login')
  @Accepts(LoginRequestV1)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    description:
      'Sets the `ht_refresh` cookie (HttpOnly; Secure; SameSite=Strict; Path=/api/auth). The body carries the refresh ' +
      'token too, for API clients, unless the request says `X-Client: web`. After RATE_LOGIN_CAPTCHA_AFTER wrong ' +
      'passwords on an account (from anywhere), 401 `auth.captcha-required` until the login comes with a solved captcha.',
  })
  @ApiHeader({ name: 'X-Client', required: false, description: '`web`: leave the refresh token out of the body (the cookie holds it)' })
  @Returns(TokenPairV1)
  @ApiUnauthorizedResponse({ description: '`auth.invalid-credentials`, or `auth.captcha-required` (`errors` names `captchaAnswer`)' })
  @Fails(403, '`auth.account-disabled`: the account is disabled (answered only after the right password)')
  @Fails(429, '`rate.limited`: too many logins from this address, or wrong passwords for this account from this address (`Retry-After`)')
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairV1> {
    const issued = await this.auth.login(dto, client(req));
    return this.answer(issued, reply, req.headers[CLIENT_HEADER] === 'web');
  }

  @Public()
  @Post('refresh')
  @Accepts(RefreshRequestV1)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    description:
      'Browsers: no body, the `ht_refresh` cookie and the header `X-CSRF: 1` (a page of another origin cannot send it; ' +
      'a foreign `Origin` is refused too) → 403 `auth.refresh.forbidden` without them; the cookie rotates and the ' +
      'body has no refresh token. API clients: `{refreshToken}` in the body, answered in the body.',
  })
  @ApiHeader({ name: 'X-CSRF', required: false, description: 'required (any value, e.g. `1`) when the token comes from the cookie' })
  @Returns(TokenPairV1)
  @ApiForbiddenResponse({ description: '`auth.refresh.forbidden`: a cookie refresh without X-CSRF, or from another origin' })
  @Fails(401, '`auth.refresh-invalid`: unknown, spent (the whole family is then revoked) or expired refresh token')
  async refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenPairV1> {
    if (dto?.refreshToken) return (await this.auth.refresh(dto.refreshToken, client(req))).view;
    const cookie = readRefreshCookie(req.headers.cookie);
    if (!cookie) throw registrationError('auth.refresh-invalid');
    if (!isSameOriginRequest(req.headers, req.host, this.publicOrigin())) throw registrationError('auth.refresh.forbidden');
    try {
      return this.answer(await this.auth.refresh(cookie, client(req)), reply, true);
    } catch (e) {
      // A dead cookie is dropped, so that the browser stops presenting it.
      if (e instanceof ProblemException && e.code === 'auth.refresh-invalid') void reply.header('set-cookie', clearedRefreshCookie());
      throw e;
    }
  }

  @ApiBearerAuth()
  @Post('logout')
  @Accepts(LogoutRequestV1)
  @HttpCode(204)
  @ApiOperation({
    description:
      'Ends the login of the body’s `refreshToken` or, for a browser, of its `ht_refresh` cookie (cleared either way); `{all: true}` ends every login.',
  })
  async logout(
    @Body() dto: LogoutDto,
    @CurrentUser() user: AccessClaimsV1,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const cookie = readRefreshCookie(req.headers.cookie);
    await this.auth.logout(user, dto, cookie);
    if (cookie) void reply.header('set-cookie', clearedRefreshCookie());
  }

  /** The cookie always; the token in the body only for API clients. */
  private answer(issued: IssuedTokens, reply: FastifyReply, browser: boolean): TokenPairV1 {
    void reply.header('set-cookie', refreshCookie(issued.refreshToken, this.settings.REFRESH_TTL_SECONDS));
    if (!browser) return issued.view;
    const { refreshToken: _omitted, ...view } = issued.view;
    return view;
  }

  /** PUBLIC_BASE_URL's origin when set (the address people open), for the Origin check of a cookie refresh. */
  private publicOrigin(): string | undefined {
    const url = this.env.PUBLIC_BASE_URL;
    if (!url) return undefined;
    try {
      return new URL(url).origin;
    } catch {
      return undefined;
    }
  }
}
