import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Roles } from '@hoi-thi/platform';
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
  @ApiOperation({ summary: 'Award the ladder from the official ranking (staff excluded, at most N prizes per person per contest); audited' })
  award(@Param('roundId', RoundIdPipe) roundId: string, @Body() body: AwardPrizesDto, @CurrentUser() user: AccessClaimsV1) {
    return this.prizes.award(roundId, body, user.sub);
  }

  @Get()
  @ApiOperation({ summary: 'The award list and the collective prizes for units (valid entries, share of members)' })
  list(@Param('roundId', RoundIdPipe) roundId: string) {
    return this.prizes.list(roundId);
  }
}
