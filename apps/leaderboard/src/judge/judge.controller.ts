import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AccessClaimsV1,
  AuditPageV1,
  DisqualificationPageV1,
  DisqualifiedV1,
  DisqualifyRequestV1,
  JudgeAttemptDetailV1,
  JudgeAttemptPageV1,
  JudgeFlagsV1,
  WhatIfV1,
} from '@hoi-thi/contracts';
import { Accepts, CurrentUser, Fails, Returns, Roles } from '@hoi-thi/platform';
import { RoundIdPipe, UuidParamPipe } from '../common/round-id.pipe';
import { PageQueryDto } from '../results/dto/results.dto';
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
  @ApiOperation({
    summary: 'Attempts of the round (exam’s contract columns, full names, focus losses, flags)',
    description:
      'In submission order, unsubmitted last; `?limit=` (1–200, default 50), `?cursor=` the previous page’s `nextCursor`; `?contestantId=`, `?fast=true` filter.',
  })
  @Returns(JudgeAttemptPageV1)
  list(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: AttemptListQueryDto): Promise<JudgeAttemptPageV1> {
    return this.judge.list(roundId, q);
  }

  @Get('judge/attempts/:attemptId')
  @ApiOperation({ summary: 'One attempt: answers, time per question, IP, device, focus losses' })
  @Returns(JudgeAttemptDetailV1)
  get(@Param('roundId', RoundIdPipe) roundId: string, @Param('attemptId', AttemptIdPipe) attemptId: string): Promise<JudgeAttemptDetailV1> {
    return this.judge.get(roundId, attemptId);
  }

  @Get('judge/flags')
  @ApiOperation({ summary: 'Anti-cheat signals: implausibly fast attempts, many accounts per address or device' })
  @Returns(JudgeFlagsV1)
  flags(@Param('roundId', RoundIdPipe) roundId: string): Promise<JudgeFlagsV1> {
    return this.judge.flags(roundId);
  }

  @Get('judge/what-if')
  @ApiOperation({ summary: 'The ranking if the prediction’s true value were off by delta (±1)' })
  @Returns(WhatIfV1)
  whatIf(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: WhatIfQueryDto): Promise<WhatIfV1> {
    return this.judge.whatIf(roundId, q.delta ?? 1, q.limit ?? 100);
  }

  @Get('judge/audit')
  @ApiOperation({ summary: 'The round’s audit trail (disqualifications, computations, prizes), oldest first; `?limit=&cursor=`' })
  @Returns(AuditPageV1)
  audit(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: PageQueryDto): Promise<AuditPageV1> {
    return this.judge.audit(roundId, q);
  }

  @Get('disqualifications')
  @ApiOperation({ summary: 'The round’s disqualifications, oldest first; `?limit=&cursor=`' })
  @Returns(DisqualificationPageV1)
  listDisqualifications(@Param('roundId', RoundIdPipe) roundId: string, @Query() q: PageQueryDto): Promise<DisqualificationPageV1> {
    return this.judge.listDisqualifications(roundId, q);
  }

  @Post('disqualifications')
  @HttpCode(201)
  @ApiOperation({ summary: 'Disqualify a contestant with a reason (audited; before finalization): they leave the live board at once' })
  @Accepts(DisqualifyRequestV1)
  @Returns(DisqualifiedV1, { status: 201 })
  @Fails(
    409,
    '`leaderboard.round-already-finalized`: the official ranking is out (regrade instead); `leaderboard.disqualification-duplicate`: already disqualified',
  )
  disqualify(@Param('roundId', RoundIdPipe) roundId: string, @Body() body: DisqualifyDto, @CurrentUser() user: AccessClaimsV1): Promise<DisqualifiedV1> {
    return this.judge.disqualify(roundId, body.contestantId, body.reason, user.sub);
  }
}
