import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { BodyLimit, CurrentUser, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { CorrectKeyDto, CreateRoundDto, UpdateRoundDto } from './dto/round.dto';
import { RoundsService } from './rounds.service';

/** The largest round (100 blueprint cells with 200-character topics, …) is ~70 KB of UTF-8: leave room. */
const ROUND_BODY_LIMIT = 128 * 1024;

@ApiTags('rounds')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller()
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  /** Every round of a contest with its full configuration (drafts included). */
  @Get('contests/:contestId/rounds')
  list(@Param('contestId', uuidParam) contestId: string) {
    return this.rounds.listByContest(contestId);
  }

  @Post('contests/:contestId/rounds')
  @BodyLimit(ROUND_BODY_LIMIT)
  create(@CurrentUser() user: AccessClaimsV1, @Param('contestId', uuidParam) contestId: string, @Body() dto: CreateRoundDto) {
    return this.rounds.create(user, contestId, dto);
  }

  @Patch('contests/:contestId/rounds/:roundId')
  @BodyLimit(ROUND_BODY_LIMIT)
  update(@CurrentUser() user: AccessClaimsV1, @Param('contestId', uuidParam) contestId: string, @Param('roundId', uuidParam) roundId: string, @Body() dto: UpdateRoundDto) {
    return this.rounds.update(user, contestId, roundId, dto);
  }

  @Get('rounds/:roundId')
  get(@Param('roundId', uuidParam) roundId: string) {
    return this.rounds.get(roundId);
  }

  /** Freezes the round (snapshot + answer key in PostgreSQL and Redis). Idempotent. */
  @Post('rounds/:roundId/publish')
  @HttpCode(200)
  publish(@CurrentUser() user: AccessClaimsV1, @Param('roundId', uuidParam) roundId: string) {
    return this.rounds.publish(user, roundId);
  }

  /** Errata: corrects the key of one question version of a published round (audited; emits key-corrected.v1). */
  @Post('rounds/:roundId/questions/:questionVersionId/key')
  @HttpCode(200)
  correctKey(
    @CurrentUser() user: AccessClaimsV1,
    @Param('roundId', uuidParam) roundId: string,
    @Param('questionVersionId', uuidParam) versionId: string,
    @Body() dto: CorrectKeyDto,
  ) {
    return this.rounds.correctKey(user, roundId, versionId, dto);
  }
}
