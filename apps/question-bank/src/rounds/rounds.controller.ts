import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AccessClaimsV1,
  CorrectKeyRequestV1,
  CreateRoundRequestV1,
  KeyCorrectionV1,
  RoundPageV1,
  RoundPublicationV1,
  RoundV1,
  UpdateRoundRequestV1,
} from '@hoi-thi/contracts';
import { Accepts, BodyLimit, CurrentUser, Fails, Returns, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { CorrectKeyDto, CreateRoundDto, RoundListQueryDto, UpdateRoundDto } from './dto/round.dto';
import { RoundsService } from './rounds.service';

/** The largest round (100 blueprint cells with 200-character topics, …) is ~70 KB of UTF-8: leave room. */
const ROUND_BODY_LIMIT = 128 * 1024;

const LEAKS_KEY =
  '`round.reveal-leaks-key`: a ranked round allowing several attempts may not reveal the key right after a submission (`errors` names `revealPolicy`)';

@ApiTags('rounds')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller()
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Get('contests/:contestId/rounds')
  @ApiOperation({
    summary: 'Every round of a contest with its full configuration (drafts included)',
    description: 'By opening time, keyset-paged (`?limit=` 1–200, default 50; `?cursor=`).',
  })
  @Returns(RoundPageV1)
  list(@Param('contestId', uuidParam) contestId: string, @Query() q: RoundListQueryDto): Promise<RoundPageV1> {
    return this.rounds.listByContest(contestId, q);
  }

  @Post('contests/:contestId/rounds')
  @BodyLimit(ROUND_BODY_LIMIT)
  @ApiOperation({
    summary: 'Creates a draft round',
    description:
      'Refusals name their field: 400 `round.invalid` (window, blueprint size, ranking rule, bank) or `round.blueprint-short` (each cell the bank cannot fill). Audited.',
  })
  @Accepts(CreateRoundRequestV1)
  @Returns(RoundV1, { status: 201 })
  @Fails(422, LEAKS_KEY)
  create(@CurrentUser() user: AccessClaimsV1, @Param('contestId', uuidParam) contestId: string, @Body() dto: CreateRoundDto): Promise<RoundV1> {
    return this.rounds.create(user, contestId, dto);
  }

  @Patch('contests/:contestId/rounds/:roundId')
  @BodyLimit(ROUND_BODY_LIMIT)
  @ApiOperation({
    summary: 'Changes a round',
    description:
      'Any subset of a draft’s fields, checked as on creation. A published round accepts only a later `closesAt` (record, snapshot and Redis follow).',
  })
  @Accepts(UpdateRoundRequestV1)
  @Returns(RoundV1)
  @Fails(
    409,
    '`round.frozen`: the round is published and the change is not a later `closesAt`; `round.close-only-extend`: a published round’s `closesAt` may only move later; `round.closed`: the published round has closed',
  )
  @Fails(422, LEAKS_KEY)
  update(
    @CurrentUser() user: AccessClaimsV1,
    @Param('contestId', uuidParam) contestId: string,
    @Param('roundId', uuidParam) roundId: string,
    @Body() dto: UpdateRoundDto,
  ): Promise<RoundV1> {
    return this.rounds.update(user, contestId, roundId, dto);
  }

  @Get('rounds/:roundId')
  @ApiOperation({ summary: 'A round with its full configuration' })
  @Returns(RoundV1)
  get(@Param('roundId', uuidParam) roundId: string): Promise<RoundV1> {
    return this.rounds.get(roundId);
  }

  @Post('rounds/:roundId/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publishes (freezes) a round',
    description:
      'The pool and its answer key go to PostgreSQL, then Redis, then `question-bank.round-published.v1`. Idempotent: publishing again only reloads Redis (`alreadyPublished: true`).',
  })
  @Returns(RoundPublicationV1)
  @Fails(409, '`round.closed`: the round’s closing time has passed')
  @Fails(422, LEAKS_KEY)
  // It takes no body, but a POST's body is parsed (and refused when too large or not JSON) before the route runs.
  @Fails(413, '`payload.too-large`: a body was sent, larger than the route accepts')
  @Fails(415, '`media-type.unsupported`: a body was sent that is not JSON')
  publish(@CurrentUser() user: AccessClaimsV1, @Param('roundId', uuidParam) roundId: string): Promise<RoundPublicationV1> {
    return this.rounds.publish(user, roundId);
  }

  @Post('rounds/:roundId/questions/:questionVersionId/key')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Corrects the key of one question version of a published round (errata)',
    description:
      'Audited with the reason; emits `question-bank.key-corrected.v1` (exam-session regrades, leaderboard re-ranks). The same key again changes nothing (`changed: false`).',
  })
  @Accepts(CorrectKeyRequestV1)
  @Returns(KeyCorrectionV1)
  @Fails(409, '`round.not-published`: the round is still a draft')
  correctKey(
    @CurrentUser() user: AccessClaimsV1,
    @Param('roundId', uuidParam) roundId: string,
    @Param('questionVersionId', uuidParam) versionId: string,
    @Body() dto: CorrectKeyDto,
  ): Promise<KeyCorrectionV1> {
    return this.rounds.correctKey(user, roundId, versionId, dto);
  }
}
