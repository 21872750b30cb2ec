import { Body, Controller, Get, Param, Patch, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AccessClaimsV1, SetCitizenIdRequestV1, SetRolesRequestV1, UserPageV1, UserV1 } from '@hoi-thi/contracts';
import { Accepts, CurrentUser, Returns, Roles } from '@hoi-thi/platform';
import { ListUsersQuery, SetCitizenIdDto, SetRolesDto } from './dto/admin.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Newest first; `?limit=&cursor=`, `?q=` a phone (exact, any format) or part of a name, `?role=`. */
  @Get()
  @Returns(UserPageV1)
  list(@Query() q: ListUsersQuery): Promise<UserPageV1> {
    return this.users.list(q);
  }

  @Patch(':id/roles')
  @Accepts(SetRolesRequestV1)
  @Returns(UserV1)
  setRoles(@Param('id') id: string, @Body() dto: SetRolesDto, @CurrentUser() actor: AccessClaimsV1, @Req() req: FastifyRequest): Promise<UserV1> {
    return this.users.setRoles(actor, id, dto.roles, req.ip);
  }

  @Patch(':id/citizen-id')
  @Accepts(SetCitizenIdRequestV1)
  @ApiOperation({
    summary: "Sets, changes or clears a user's citizen ID (CCCD)",
    description:
      'The only way to change a CCCD once set (a contestant can only add one through PATCH /api/me). `null` clears it. ' +
      'Audited (`user.citizenId.changed`, never the number). The number is never returned: `hasCitizenId` and `citizenIdLast3` are.',
  })
  @Returns(UserV1)
  @ApiConflictResponse({ description: '`user.duplicate` naming `citizenId`: the CCCD is held by another account; nothing changed' })
  setCitizenId(@Param('id') id: string, @Body() dto: SetCitizenIdDto, @CurrentUser() actor: AccessClaimsV1, @Req() req: FastifyRequest): Promise<UserV1> {
    return this.users.setCitizenId(actor, id, dto.citizenId, req.ip);
  }
}
