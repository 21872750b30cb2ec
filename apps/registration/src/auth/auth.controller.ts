import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Public } from '@hoi-thi/platform';
import { RegisteredView, RegisterDto, UserView } from '../users/dto/profile.dto';
import { AuthService, ClientInfo } from './auth.service';
import { CaptchaService } from './captcha.service';
import { CaptchaView, LoginDto, LogoutDto, RefreshDto, TokenPairView } from './dto/auth.dto';

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
  ) {}

  @Public()
  @Get('captcha')
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: CaptchaView })
  newCaptcha(): Promise<CaptchaView> {
    return this.captcha.create();
  }

  @Public()
  @Post('register')
  @ApiCreatedResponse({ type: RegisteredView })
  register(@Body() dto: RegisterDto, @Req() req: FastifyRequest): Promise<{ user: UserView }> {
    return this.auth.register(dto, client(req));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: TokenPairView })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<TokenPairView> {
    return this.auth.login(dto.login, dto.password, client(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ type: TokenPairView })
  refresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest): Promise<TokenPairView> {
    return this.auth.refresh(dto.refreshToken, client(req));
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(@Body() dto: LogoutDto, @CurrentUser() user: AccessClaimsV1): Promise<void> {
    await this.auth.logout(user, dto);
  }
}
