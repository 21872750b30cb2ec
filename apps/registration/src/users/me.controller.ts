import { Body, Controller, Get, Patch, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AccessClaimsV1, UpdateMeRequestV1, UserV1 } from '@hoi-thi/contracts';
import { Accepts, CurrentUser, Fails, Returns } from '@hoi-thi/platform';
import { UpdateMeDto } from './dto/profile.dto';
import { UsersService } from './users.service';

@ApiTags('me')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no or invalid access token (problem+json)' })
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    summary: 'The own profile',
    description: '`hasCitizenId` tells whether a CCCD is on file; the number and its fingerprint are never returned.',
  })
  @Returns(UserV1)
  @Fails(404, '`user.not-found`: the token’s account no longer exists')
  get(@CurrentUser() user: AccessClaimsV1): Promise<UserV1> {
    return this.users.me(user.sub);
  }

  @Patch()
  @Accepts(UpdateMeRequestV1)
  @ApiOperation({
    summary: 'Changes the own profile',
    description:
      'Only the fields below (any other, e.g. roles or phone, → 400). `citizenId` (CCCD) is **set once**: it can be added ' +
      'to an account that has none (validated and stored exactly as at registration, audited without the number); ' +
      'sending the number already on file changes nothing; a different number → 409 `user.citizenId.locked` — a ' +
      'contestant cannot swap identities under a contest: only an admin changes or clears a CCCD ' +
      '(`PATCH /api/users/{id}/citizen-id`). Any refusal changes nothing.',
  })
  @Returns(UserV1)
  @ApiBadRequestResponse({ description: '`validation.failed`, `errors` naming each invalid field (e.g. `citizenId` not 12 digits)' })
  @ApiConflictResponse({
    description:
      '`user.duplicate` (e-mail or CCCD held by another account; `errors` names `email` / `citizenId`) or `user.citizenId.locked` (a CCCD is already on file)',
  })
  @Fails(404, '`user.not-found`: the token’s account no longer exists')
  @Fails(429, '`rate.limited`: too many profile changes or “already taken” answers from this account or address (`Retry-After`)')
  update(@CurrentUser() user: AccessClaimsV1, @Body() dto: UpdateMeDto, @Req() req: FastifyRequest): Promise<UserV1> {
    return this.users.updateMe(user.sub, dto, req.ip);
  }
}
