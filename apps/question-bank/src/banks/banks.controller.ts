import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { BanksService } from './banks.service';
import { CreateBankDto, PageQueryDto, UpdateBankDto } from './dto/bank.dto';

@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller('banks')
export class BanksController {
  constructor(private readonly banks: BanksService) {}

  @Get()
  list(@Query() q: PageQueryDto) {
    return this.banks.list(q.limit ?? 50, q.offset ?? 0);
  }

  @Post()
  create(@CurrentUser() user: AccessClaimsV1, @Body() dto: CreateBankDto) {
    return this.banks.create(user, dto);
  }

  @Get(':bankId')
  get(@Param('bankId', uuidParam) id: string) {
    return this.banks.get(id);
  }

  @Patch(':bankId')
  update(@CurrentUser() user: AccessClaimsV1, @Param('bankId', uuidParam) id: string, @Body() dto: UpdateBankDto) {
    return this.banks.update(user, id, dto);
  }

  @Delete(':bankId')
  @HttpCode(204)
  async remove(@CurrentUser() user: AccessClaimsV1, @Param('bankId', uuidParam) id: string) {
    await this.banks.remove(user, id);
  }
}
