import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, hasRole, ProblemException, Public, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { ContestsService } from './contests.service';
import { ContestListQueryDto, CreateContestDto, UpdateContestDto } from './dto/contest.dto';
import { qrPng, qrSvg } from './qr';

/** The public address of the web client: PUBLIC_BASE_URL, else the address the request came to. */
export function publicBase(req: FastifyRequest): string {
  const env = process.env.PUBLIC_BASE_URL;
  if (env) return env.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

const organizer = (u?: AccessClaimsV1) => hasRole(u, 'organizer', 'admin');

@ApiTags('contests')
@Controller('contests')
export class ContestsController {
  constructor(private readonly contests: ContestsService) {}

  /** Published contests with their published rounds and materials (anyone). Organizers may add ?drafts=true. */
  @Public()
  @Get()
  list(@CurrentUser() user: AccessClaimsV1 | undefined, @Query() q: ContestListQueryDto, @Req() req: FastifyRequest) {
    const drafts = q.drafts === 'true';
    if (drafts && !organizer(user)) throw new ProblemException(user ? 'auth.forbidden' : 'auth.unauthorized');
    return this.contests.list(drafts, publicBase(req));
  }

  @Public()
  @Get(':contestId')
  get(@CurrentUser() user: AccessClaimsV1 | undefined, @Param('contestId', uuidParam) id: string, @Req() req: FastifyRequest) {
    return this.contests.get(id, organizer(user), publicBase(req));
  }

  @Public()
  @Get(':contestId/qr.svg')
  async contestQrSvg(@CurrentUser() user: AccessClaimsV1 | undefined, @Param('contestId', uuidParam) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const text = await this.contests.qrTarget(id, null, organizer(user), publicBase(req));
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return qrSvg(text);
  }

  @Public()
  @Get(':contestId/qr.png')
  async contestQrPng(@CurrentUser() user: AccessClaimsV1 | undefined, @Param('contestId', uuidParam) id: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const text = await this.contests.qrTarget(id, null, organizer(user), publicBase(req));
    void reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=300');
    return qrPng(text);
  }

  @Public()
  @Get(':contestId/materials/:materialId/qr.svg')
  async materialQrSvg(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Param('materialId', uuidParam) materialId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const text = await this.contests.qrTarget(id, materialId, organizer(user), publicBase(req));
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return qrSvg(text);
  }

  @Public()
  @Get(':contestId/materials/:materialId/qr.png')
  async materialQrPng(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Param('materialId', uuidParam) materialId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const text = await this.contests.qrTarget(id, materialId, organizer(user), publicBase(req));
    void reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=300');
    return qrPng(text);
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Post()
  create(@CurrentUser() user: AccessClaimsV1, @Body() dto: CreateContestDto, @Req() req: FastifyRequest) {
    return this.contests.create(user, dto, publicBase(req));
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Patch(':contestId')
  update(@CurrentUser() user: AccessClaimsV1, @Param('contestId', uuidParam) id: string, @Body() dto: UpdateContestDto, @Req() req: FastifyRequest) {
    return this.contests.update(user, id, dto, publicBase(req));
  }
}
