import { Body, Controller, Get, Param, Patch, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Roles } from '@hoi-thi/platform';
import { ListUsersQuery, SetRolesDto, UserPageView } from './dto/admin.dto';
import { UserView } from './dto/profile.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Newest first; `?limit=&cursor=`, `?q=` a phone (exact, any format) or part of a name, `?role=`. */
  @Get()
  @ApiOkResponse({ type: UserPageView })
  list(@Query() q: ListUsersQuery): Promise<UserPageView> {
    return this.users.list(q);
  }

  @Patch(':id/roles')
  @ApiOkResponse({ type: UserView })
  setRoles(@Param('id') id: string, @Body() dto: SetRolesDto, @CurrentUser() actor: AccessClaimsV1, @Req() req: FastifyRequest): Promise<UserView> {
    return this.users.setRoles(actor, id, dto.roles, req.ip);
  }
}
