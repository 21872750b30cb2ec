import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { BodyLimit, CurrentUser, Roles } from '@hoi-thi/platform';
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
  async start(@CurrentUser() user: AccessClaimsV1, @Param('roundId') roundId: string, @Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply) {
    const ua = req.headers['user-agent'];
    const r = await this.attempts.start(user, roundId, req.ip ?? null, typeof ua === 'string' ? ua : null);
    void res.status(r.created ? 201 : 200);
    return r.view;
  }

  @ApiOperation({ summary: "The contestant's attempts in a round, and the best one" })
  @Roles('contestant')
  @Get('rounds/:roundId/attempts/mine')
  mine(@CurrentUser() user: AccessClaimsV1, @Param('roundId') roundId: string) {
    return this.attempts.mine(user, roundId);
  }

  @ApiOperation({ summary: 'Resume: questions, saved answers, deadline (owner only)' })
  @Roles('contestant')
  @Get('attempts/:id')
  view(@CurrentUser() user: AccessClaimsV1, @Param('id') id: string) {
    return this.attempts.view(user, id);
  }

  @ApiOperation({ summary: 'Questions with keys and explanations: the owner when the reveal policy allows, judges always' })
  @Roles('contestant', 'judge', 'admin')
  @Get('attempts/:id/review')
  review(@CurrentUser() user: AccessClaimsV1, @Param('id') id: string) {
    return this.attempts.review(user, id);
  }

  @ApiOperation({ summary: 'Judges: anti-cheat signals of an attempt (IP, device, time per question, focus losses)' })
  @Roles('judge', 'admin')
  @Get('attempts/:id/audit')
  audit(@Param('id') id: string) {
    return this.attempts.audit(id);
  }

  @ApiOperation({
    summary: 'Report client signals (focus lost, tab hidden…) of an attempt in progress; never blocks the contestant',
    description: '409 exam.attempt-closed once the attempt is submitted or past its deadline and grace; 429 with Retry-After past the per-contestant budget.',
  })
  @Roles('contestant')
  @HttpCode(204)
  @BodyLimit(EVENTS_BODY_LIMIT)
  @Post('attempts/:id/events')
  async event(@CurrentUser() user: AccessClaimsV1, @Param('id') id: string, @Body() dto: AttemptEventsDto, @Req() req: FastifyRequest) {
    await this.attempts.addEvents(user, id, eventsOf(dto), req.ip ?? null);
  }
}
