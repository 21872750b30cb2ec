import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Roles } from '@hoi-thi/platform';
import { RoundIdPipe, UuidParamPipe } from '../common/round-id.pipe';
import { AttemptListQueryDto, DisqualifyDto, WhatIfQueryDto } from './dto/judge.dto';
import { JudgeService } from './judge.service';

const AttemptIdPipe = new UuidParamPipe('attemptId', 'leaderboard.field.round-id');

@ApiTags('judge')
@ApiBearerAuth()
@Roles('judge', 'admin')
@Controller('rounds/:roundId')
export class JudgeController {
  constructor(private readonly judge: JudgeService) {}

  @Get('judge/attempts')
  @ApiOperation({ summary: 'Attempts of the round (what exam stores, full names, focus losses, flags)' })
  list(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: AttemptListQueryDto) {
    return this.judge.list(roundId, q);
  }

  @Get('judge/attempts/:attemptId')
  @ApiOperation({ summary: 'One attempt: answers, time per question, IP, device, focus losses' })
  get(@Param('roundId', RoundIdPipe) roundId: string, @Param('attemptId', AttemptIdPipe) attemptId: string) {
    return this.judge.get(roundId, attemptId);
  }

  @Get('judge/flags')
  @ApiOperation({ summary: 'Anti-cheat signals: implausibly fast attempts, many accounts per address or device' })
  flags(@Param('roundId', RoundIdPipe) roundId: string) {
    return this.judge.flags(roundId);
  }

  @Get('judge/what-if')
  @ApiOperation({ summary: 'The ranking if the prediction’s true value were off by delta (±1)' })
  whatIf(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: WhatIfQueryDto) {
    return this.judge.whatIf(roundId, q.delta ?? 1, q.limit ?? 100);
  }

  @Get('judge/audit')
  @ApiOperation({ summary: 'The round’s audit trail (disqualifications, computations)' })
  audit(@Param('roundId', RoundIdPipe) roundId: string) {
    return this.judge.audit(roundId);
  }

  @Get('disqualifications')
  listDisqualifications(@Param('roundId', RoundIdPipe) roundId: string) {
    return this.judge.listDisqualifications(roundId);
  }

  @Post('disqualifications')
  @HttpCode(201)
  @ApiOperation({ summary: 'Disqualify a contestant with a reason (audited; before finalization)' })
  disqualify(@Param('roundId', RoundIdPipe) roundId: string, @Body() body: DisqualifyDto, @CurrentUser() user: AccessClaimsV1) {
    return this.judge.disqualify(roundId, body.contestantId, body.reason, user.sub);
  }
}
