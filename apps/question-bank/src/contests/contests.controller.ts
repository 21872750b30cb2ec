import { Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { BodyLimit, CurrentUser, hasRole, PlatformEnv, ProblemException, Public, publicBaseUrl, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { ContestsService } from './contests.service';
import { ContestListQueryDto, CreateContestDto, UpdateContestDto } from './dto/contest.dto';
import { qrPng, qrSvg } from './qr';

/** The largest contest (description 10,000 + rules 20,000 characters, 50 materials with 2,000-character URLs) is ~440 KB of UTF-8. */
const CONTEST_BODY_LIMIT = 512 * 1024;

const organizer = (u?: AccessClaimsV1) => hasRole(u, 'organizer', 'admin');

@ApiTags('contests')
@Controller('contests')
export class ContestsController {
  /**
   * Links and QR codes (served cacheable) point at PUBLIC_BASE_URL, never at the request's Host or X-Forwarded-Host:
   * a forged header would otherwise put an attacker's address on a printed poster or in a shared cache.
   */
  private readonly base: string;

  constructor(
    private readonly contests: ContestsService,
    env: PlatformEnv,
  ) {
    this.base = publicBaseUrl(env);
  }

  /** Published contests with their published rounds and materials (anyone). Organizers may add ?drafts=true. */
  @Public()
  @Get()
  list(@CurrentUser() user: AccessClaimsV1 | undefined, @Query() q: ContestListQueryDto) {
    const drafts = q.drafts === 'true';
    if (drafts && !organizer(user)) throw new ProblemException(user ? 'auth.forbidden' : 'auth.unauthorized');
    return this.contests.list(drafts, this.base);
  }

  @Public()
  @Get(':contestId')
  get(@CurrentUser() user: AccessClaimsV1 | undefined, @Param('contestId', uuidParam) id: string) {
    return this.contests.get(id, organizer(user), this.base);
  }

  @Public()
  @Get(':contestId/qr.svg')
  async contestQrSvg(@CurrentUser() user: AccessClaimsV1 | undefined, @Param('contestId', uuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const text = await this.contests.qrTarget(id, null, organizer(user), this.base);
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return qrSvg(text);
  }

  @Public()
  @Get(':contestId/qr.png')
  async contestQrPng(@CurrentUser() user: AccessClaimsV1 | undefined, @Param('contestId', uuidParam) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const text = await this.contests.qrTarget(id, null, organizer(user), this.base);
    void reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=300');
    return qrPng(text);
  }

  @Public()
  @Get(':contestId/materials/:materialId/qr.svg')
  async materialQrSvg(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Param('materialId', uuidParam) materialId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const text = await this.contests.qrTarget(id, materialId, organizer(user), this.base);
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return qrSvg(text);
  }

  @Public()
  @Get(':contestId/materials/:materialId/qr.png')
  async materialQrPng(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Param('materialId', uuidParam) materialId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const text = await this.contests.qrTarget(id, materialId, organizer(user), this.base);
    void reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=300');
    return qrPng(text);
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Post()
  @BodyLimit(CONTEST_BODY_LIMIT)
  create(@CurrentUser() user: AccessClaimsV1, @Body() dto: CreateContestDto) {
    return this.contests.create(user, dto, this.base);
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Patch(':contestId')
  @BodyLimit(CONTEST_BODY_LIMIT)
  update(@CurrentUser() user: AccessClaimsV1, @Param('contestId', uuidParam) id: string, @Body() dto: UpdateContestDto) {
    return this.contests.update(user, id, dto, this.base);
  }
}
