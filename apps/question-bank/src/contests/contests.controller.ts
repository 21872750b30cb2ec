import { applyDecorators, Body, Controller, Get, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AccessClaimsV1, ContestPageV1, ContestV1, CreateContestRequestV1, UpdateContestRequestV1 } from '@hoi-thi/contracts';
import { Accepts, BodyLimit, CurrentUser, Fails, hasRole, PlatformEnv, ProblemException, Public, publicBaseUrl, Returns, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { ContestsService } from './contests.service';
import { ContestListQueryDto, CreateContestDto, UpdateContestDto } from './dto/contest.dto';
import { qrPng, qrSvg } from './qr';

/** The largest contest (description 10,000 + rules 20,000 characters, 50 materials with 2,000-character URLs) is ~440 KB of UTF-8. */
const CONTEST_BODY_LIMIT = 512 * 1024;

const organizer = (u?: AccessClaimsV1) => hasRole(u, 'organizer', 'admin');

/** The QR routes answer an image, not JSON: the document says which (the contract check reads only JSON bodies). */
const QrSvg = (what: string) =>
  applyDecorators(
    ApiOperation({
      summary: `The QR code (SVG) of ${what}`,
      description: 'Public for a published contest; a draft’s only with an organizer’s token (else 404). Cacheable for 5 minutes.',
    }),
    ApiResponse({ status: 200, description: 'the SVG image', content: { 'image/svg+xml': { schema: { type: 'string' } } } }),
  );
const QrPng = (what: string) =>
  applyDecorators(
    ApiOperation({
      summary: `The QR code (PNG, about 1024 px) of ${what}`,
      description: 'Public for a published contest; a draft’s only with an organizer’s token (else 404). Cacheable for 5 minutes.',
    }),
    ApiResponse({ status: 200, description: 'the PNG image', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } }),
  );

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

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Published contests with their published rounds and materials (anyone)',
    description:
      'Newest first, keyset-paged (`?limit=` 1–200, default 50; `?cursor=` the previous page’s `nextCursor`). Organizers may add `?drafts=true` to include unpublished contests.',
  })
  @Returns(ContestPageV1)
  @Fails(401, '`auth.unauthorized`: `?drafts=true` without a token')
  @Fails(403, '`auth.forbidden`: `?drafts=true` by someone who is neither organizer nor admin')
  list(@CurrentUser() user: AccessClaimsV1 | undefined, @Query() q: ContestListQueryDto): Promise<ContestPageV1> {
    const drafts = q.drafts === 'true';
    if (drafts && !organizer(user)) throw new ProblemException(user ? 'auth.forbidden' : 'auth.unauthorized');
    return this.contests.list(drafts, q, this.base);
  }

  @Public()
  @Get(':contestId')
  @ApiOperation({
    summary: 'A contest with its rounds',
    description: 'A published contest to anyone; a draft (and draft rounds) only with an organizer’s token, else 404 `contest.not-found`.',
  })
  @Returns(ContestV1)
  get(@CurrentUser() user: AccessClaimsV1 | undefined, @Param('contestId', uuidParam) id: string): Promise<ContestV1> {
    return this.contests.get(id, organizer(user), this.base);
  }

  @Public()
  @Get(':contestId/qr.svg')
  @QrSvg('the contest page (its `link`)')
  async contestQrSvg(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const text = await this.contests.qrTarget(id, null, organizer(user), this.base);
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return qrSvg(text);
  }

  @Public()
  @Get(':contestId/qr.png')
  @QrPng('the contest page (its `link`)')
  async contestQrPng(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const text = await this.contests.qrTarget(id, null, organizer(user), this.base);
    void reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=300');
    return qrPng(text);
  }

  @Public()
  @Get(':contestId/materials/:materialId/qr.svg')
  @QrSvg('a study material’s URL (404 `contest.material-not-found` for a material the contest does not have)')
  async materialQrSvg(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Param('materialId', uuidParam) materialId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const text = await this.contests.qrTarget(id, materialId, organizer(user), this.base);
    void reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return qrSvg(text);
  }

  @Public()
  @Get(':contestId/materials/:materialId/qr.png')
  @QrPng('a study material’s URL (404 `contest.material-not-found` for a material the contest does not have)')
  async materialQrPng(
    @CurrentUser() user: AccessClaimsV1 | undefined,
    @Param('contestId', uuidParam) id: string,
    @Param('materialId', uuidParam) materialId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const text = await this.contests.qrTarget(id, materialId, organizer(user), this.base);
    void reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=300');
    return qrPng(text);
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Post()
  @BodyLimit(CONTEST_BODY_LIMIT)
  @ApiOperation({
    summary: 'Creates a contest (a draft unless `published`)',
    description: 'Texts are stored as NFC plain text; material URLs must be http(s) (400 naming `materials[i].url`). Audited.',
  })
  @Accepts(CreateContestRequestV1)
  @Returns(ContestV1, { status: 201 })
  create(@CurrentUser() user: AccessClaimsV1, @Body() dto: CreateContestDto): Promise<ContestV1> {
    return this.contests.create(user, dto, this.base);
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Patch(':contestId')
  @BodyLimit(CONTEST_BODY_LIMIT)
  @ApiOperation({
    summary: 'Changes a contest',
    description:
      'Any subset of the fields; `materials` replaces the whole list (an `id` keeps a material and its QR code; an unknown one → 400 `contest.material.unknown-id`). ' +
      'A change of `published` reaches the snapshots of the contest’s published rounds, exam-session and leaderboard at once. Audited.',
  })
  @Accepts(UpdateContestRequestV1)
  @Returns(ContestV1)
  update(@CurrentUser() user: AccessClaimsV1, @Param('contestId', uuidParam) id: string, @Body() dto: UpdateContestDto): Promise<ContestV1> {
    return this.contests.update(user, id, dto, this.base);
  }
}
