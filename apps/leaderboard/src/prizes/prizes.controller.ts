import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessClaimsV1, AwardPrizesRequestV1, PrizeAwardOutcomeV1, PrizeAwardsV1 } from '@hoi-thi/contracts';
import { Accepts, CurrentUser, Fails, Returns, Roles } from '@hoi-thi/platform';
import { RoundIdPipe } from '../common/round-id.pipe';
import { AwardPrizesDto } from './dto/prizes.dto';
import { PrizesService } from './prizes.service';

@ApiTags('prizes')
@ApiBearerAuth()
@Roles('judge', 'organizer', 'admin')
@Controller('rounds/:roundId/prizes')
export class PrizesController {
  constructor(private readonly prizes: PrizesService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Award the ladder from the official ranking (staff excluded, at most N prizes per person per contest); replaces the round’s awards; audited',
  })
  @Accepts(AwardPrizesRequestV1)
  @Returns(PrizeAwardOutcomeV1)
  @Fails(409, '`leaderboard.round-not-finalized`: prizes come from the official ranking, not yet computed')
  award(@Param('roundId', RoundIdPipe) roundId: string, @Body() body: AwardPrizesDto, @CurrentUser() user: AccessClaimsV1): Promise<PrizeAwardOutcomeV1> {
    return this.prizes.award(roundId, body, user.sub);
  }

  @Get()
  @ApiOperation({ summary: 'The award list and the collective prizes for units (valid entries, share of members)' })
  @Returns(PrizeAwardsV1)
  @Fails(409, '`leaderboard.round-not-finalized`: the round has no official ranking yet')
  list(@Param('roundId', RoundIdPipe) roundId: string): Promise<PrizeAwardsV1> {
    return this.prizes.list(roundId);
  }
}
