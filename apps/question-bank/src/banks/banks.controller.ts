import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AccessClaimsV1, BankDetailV1, BankPageV1, CreateBankRequestV1, UpdateBankRequestV1 } from '@hoi-thi/contracts';
import { Accepts, CurrentUser, Returns, Roles } from '@hoi-thi/platform';
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
  @ApiOperation({
    summary: 'The live banks, newest first',
    description: 'Keyset-paged: `?limit=` (1–200, default 50), `?cursor=` the previous page’s `nextCursor`.',
  })
  @Returns(BankPageV1)
  list(@Query() q: PageQueryDto): Promise<BankPageV1> {
    return this.banks.list(q);
  }

  @Post()
  @Accepts(CreateBankRequestV1)
  @Returns(BankDetailV1, { status: 201 })
  create(@CurrentUser() user: AccessClaimsV1, @Body() dto: CreateBankDto): Promise<BankDetailV1> {
    return this.banks.create(user, dto);
  }

  @Get(':bankId')
  @ApiOperation({ summary: 'A bank with its question counts per topic × difficulty', description: '404 `bank.not-found`.' })
  @Returns(BankDetailV1)
  get(@Param('bankId', uuidParam) id: string): Promise<BankDetailV1> {
    return this.banks.get(id);
  }

  @Patch(':bankId')
  @Accepts(UpdateBankRequestV1)
  @Returns(BankDetailV1)
  update(@CurrentUser() user: AccessClaimsV1, @Param('bankId', uuidParam) id: string, @Body() dto: UpdateBankDto): Promise<BankDetailV1> {
    return this.banks.update(user, id, dto);
  }

  @Delete(':bankId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a bank (softly: published rounds keep their frozen questions)' })
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@CurrentUser() user: AccessClaimsV1, @Param('bankId', uuidParam) id: string): Promise<void> {
    await this.banks.remove(user, id);
  }
}
