import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, Fails, ProblemException, Public, Roles, fieldProblem, pickLang } from '@hoi-thi/platform';
import { CreateUnitDto, ListUnitsQuery, UnitImportReport, UnitView } from './dto/unit.dto';
import { MAX_IMPORT_BYTES, UnitsService } from './units.service';

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  /** The whole unit tree, public (registration forms need it). */
  @Public()
  @Get()
  list(@Query() q: ListUnitsQuery) {
    return this.units.list(q.view);
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Post()
  @ApiCreatedResponse({ type: UnitView })
  @Fails(409, '`unit.conflict`: the code is taken (`errors` names `code`)')
  create(@Body() dto: CreateUnitDto, @CurrentUser() user: AccessClaimsV1, @Req() req: FastifyRequest): Promise<UnitView> {
    return this.units.create(dto, user, req.ip);
  }

  /** multipart/form-data with one CSV file: code,name,parentCode,memberCount. */
  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: UnitImportReport })
  async import(@Req() req: FastifyRequest, @CurrentUser() user: AccessClaimsV1): Promise<UnitImportReport> {
    let buf: Buffer;
    try {
      const file = req.isMultipart() ? await req.file({ limits: { fileSize: MAX_IMPORT_BYTES + 1 } }) : undefined;
      if (!file) throw fieldProblem('file', 'units.import.file-required');
      buf = await file.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fieldProblem('file', 'units.import.too-large');
      if (e instanceof ProblemException) throw e;
      // busboy's own refusals (no boundary, a truncated part): a malformed upload is the caller's, not a 500.
      throw fieldProblem('file', 'units.import.file-required');
    }
    return this.units.importCsv(buf, user, req.ip, pickLang(req.headers['accept-language']));
  }
}
