import { Body, Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { type AccessClaimsV1, CreateUnitRequestV1, UnitImportReportV1, UnitListV1, UnitV1 } from '@hoi-thi/contracts';
import { Accepts, CurrentUser, Fails, ProblemException, Public, Returns, Roles, pickLang } from '@hoi-thi/platform';
import { CreateUnitDto, ListUnitsQuery } from './dto/unit.dto';
import { MAX_IMPORT_BYTES, UnitsService } from './units.service';
import { registrationFieldError } from '../registration.errors';

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  /** The whole unit tree, public (registration forms need it). */
  @Public()
  @Get()
  @ApiOperation({
    summary: 'The whole unit tree',
    description: 'Flat (default, each unit with its `parentId`) or, with `?view=tree`, nested under `children`. One page: `nextCursor` is null.',
  })
  @Returns(UnitListV1)
  list(@Query() q: ListUnitsQuery): Promise<UnitListV1> {
    return this.units.list(q.view);
  }

  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Post()
  @Accepts(CreateUnitRequestV1)
  @Returns(UnitV1, { status: 201 })
  @Fails(409, '`unit.conflict`: the code is taken (`errors` names `code`)')
  create(@Body() dto: CreateUnitDto, @CurrentUser() user: AccessClaimsV1, @Req() req: FastifyRequest): Promise<UnitV1> {
    return this.units.create(dto, user, req.ip);
  }

  /** multipart/form-data with one CSV file: code,name,parentCode,memberCount. */
  @ApiBearerAuth()
  @Roles('organizer', 'admin')
  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Imports units from a CSV',
    description:
      'multipart/form-data, one file (field `file`, at most 5 MB and 20,000 rows) with the columns code, name, parentCode, memberCount. ' +
      'The valid rows are applied in one transaction (new codes inserted, existing ones renamed and recounted, never moved); the others are reported. ' +
      '400 `validation.failed` naming `file` when there is no file, it is too large or it cannot be read.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @Returns(UnitImportReportV1)
  async import(@Req() req: FastifyRequest, @CurrentUser() user: AccessClaimsV1): Promise<UnitImportReportV1> {
    let buf: Buffer;
    try {
      const file = req.isMultipart() ? await req.file({ limits: { fileSize: MAX_IMPORT_BYTES + 1 } }) : undefined;
      if (!file) throw registrationFieldError('file', 'units.import.file-required');
      buf = await file.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw registrationFieldError('file', 'units.import.too-large');
      if (e instanceof ProblemException) throw e;
      // busboy's own refusals (no boundary, a truncated part): a malformed upload is the caller's, not a 500.
      throw registrationFieldError('file', 'units.import.file-required');
    }
    return this.units.importCsv(buf, user, req.ip, pickLang(req.headers['accept-language']));
  }
}
