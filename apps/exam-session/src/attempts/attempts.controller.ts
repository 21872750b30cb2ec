import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Roles } from '@hoi-thi/platform';
import { AttemptsService } from './attempts.service';
import { AttemptEventDto } from './dto/attempt-event.dto';

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

  @ApiOperation({ summary: 'Report a client signal (focus lost, tab hidden…); never blocks the contestant' })
  @Roles('contestant')
  @HttpCode(204)
  @Post('attempts/:id/events')
  async event(@CurrentUser() user: AccessClaimsV1, @Param('id') id: string, @Body() dto: AttemptEventDto, @Req() req: FastifyRequest) {
    await this.attempts.addEvent(user, id, dto.type, dto.at, req.ip ?? null);
  }
}
