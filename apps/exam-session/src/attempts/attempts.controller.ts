import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessClaimsV1, AttemptAuditV1, AttemptEventsRequestV1, AttemptReviewV1, AttemptV1, MyAttemptsV1 } from '@hoi-thi/contracts';
import { Accepts, BodyLimit, CurrentUser, Fails, Returns, Roles } from '@hoi-thi/platform';
import { AttemptsService } from './attempts.service';
import { AttemptEventsDto, EVENTS_BODY_LIMIT, eventsOf } from './dto/attempt-event.dto';

/**
 * exam-session's routes through Nest. The two hot ones (PUT …/answers/:questionId, POST …/submit) are registered
 * on Fastify directly by HotRoutes (docs/adr/0003-hot-path.md).
 */
@ApiTags('exam-session')
@ApiBearerAuth()
@Controller()
export class AttemptsController {
  constructor(private readonly attempts: AttemptsService) {}

  @ApiOperation({ summary: 'Start an attempt, or get the active one (201 new, 200 existing)' })
  @Roles('contestant')
  @Post('rounds/:roundId/attempts')
  @Returns(AttemptV1, { status: 201, description: 'a new attempt' })
  @Returns(AttemptV1, { status: 200, description: 'the contestant’s active attempt of the round' })
  @Fails(
    403,
    '`exam.not-eligible`: the contest’s requirements keep the contestant out (`errors` names each missing profile field); `auth.forbidden`: not a contestant',
  )
  @Fails(409, '`exam.round-not-open`: before the round opens or after it closes; `exam.attempts-exhausted`: no attempts left')
  @Fails(503, '`exam.attempt-starting`: the attempt is still being created; retry')
  async start(
    @CurrentUser() user: AccessClaimsV1,
    @Param('roundId') roundId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<AttemptV1> {
    const ua = req.headers['user-agent'];
    const r = await this.attempts.start(user, roundId, req.ip ?? null, typeof ua === 'string' ? ua : null);
    void res.status(r.created ? 201 : 200);
    return r.view;
  }

  @ApiOperation({ summary: "The contestant's attempts in a round, and the best one" })
  @Roles('contestant')
  @Get('rounds/:roundId/attempts/mine')
  @Returns(MyAttemptsV1)
  mine(@CurrentUser() user: AccessClaimsV1, @Param('roundId') roundId: string): Promise<MyAttemptsV1> {
    return this.attempts.mine(user, roundId);
  }

  @ApiOperation({ summary: 'Resume: questions, saved answers, deadline (owner only)' })
  @Roles('contestant')
  @Get('attempts/:id')
  @Returns(AttemptV1)
  view(@CurrentUser() user: AccessClaimsV1, @Param('id') id: string): Promise<AttemptV1> {
    return this.attempts.view(user, id);
  }

  @ApiOperation({ summary: 'Questions with keys and explanations: the owner when the reveal policy allows, judges always' })
  @Roles('contestant', 'judge', 'admin')
  @Get('attempts/:id/review')
  @Returns(AttemptReviewV1)
  @Fails(403, '`exam.review-not-allowed`: the round’s reveal policy does not show the key yet (or never); `auth.forbidden`: none of the roles')
  review(@CurrentUser() user: AccessClaimsV1, @Param('id') id: string): Promise<AttemptReviewV1> {
    return this.attempts.review(user, id);
  }

  @ApiOperation({ summary: 'Judges: anti-cheat signals of an attempt (IP, device, time per question, focus losses)' })
  @Roles('judge', 'admin')
  @Get('attempts/:id/audit')
  @Returns(AttemptAuditV1)
  audit(@Param('id') id: string): Promise<AttemptAuditV1> {
    return this.attempts.audit(id);
  }

  @ApiOperation({ summary: 'Report client signals (focus lost, tab hidden…) of an attempt in progress; never blocks the contestant' })
  @Roles('contestant')
  @HttpCode(204)
  @BodyLimit(EVENTS_BODY_LIMIT)
  @Post('attempts/:id/events')
  @Accepts(AttemptEventsRequestV1)
  @ApiNoContentResponse({ description: 'recorded, with the server’s time and the address' })
  @Fails(409, '`exam.attempt-closed`: the attempt is submitted or past its deadline and grace')
  @Fails(429, '`rate.limited`: past the per-contestant budget of events per minute (`Retry-After`)')
  async event(@CurrentUser() user: AccessClaimsV1, @Param('id') id: string, @Body() dto: AttemptEventsDto, @Req() req: FastifyRequest): Promise<void> {
    await this.attempts.addEvents(user, id, eventsOf(dto), req.ip ?? null);
  }
}
