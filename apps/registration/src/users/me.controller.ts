import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser } from '@hoi-thi/platform';
import { UpdateMeDto, UserView } from './dto/profile.dto';
import { UsersService } from './users.service';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserView })
  get(@CurrentUser() user: AccessClaimsV1): Promise<UserView> {
    return this.users.me(user.sub);
  }

  @Patch()
  @ApiOkResponse({ type: UserView })
  update(@CurrentUser() user: AccessClaimsV1, @Body() dto: UpdateMeDto): Promise<UserView> {
    return this.users.updateMe(user.sub, dto);
  }
}
