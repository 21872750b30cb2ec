import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Transform } from 'class-transformer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AccessClaimsV1, IMPORT_MODES, ImportReportV1 } from '@hoi-thi/contracts';
import { CurrentUser, Fails, pickLang, ProblemException, Returns, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { ImportMode, ImportsService, MAX_UPLOAD_BYTES, SheetFormat } from './imports.service';
import { questionBankError } from '../question-bank.errors';

const FORMATS: readonly SheetFormat[] = ['xlsx', 'csv'];

export class FormatQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, default: 'xlsx' }) @IsOptional() @IsIn(FORMATS) format?: SheetFormat;
}

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: FORMATS, description: 'else from the file name, then its type' }) @IsOptional() @IsIn(FORMATS) format?: SheetFormat;
  @ApiPropertyOptional({ enum: IMPORT_MODES, default: 'best-effort' }) @IsOptional() @IsIn(IMPORT_MODES) mode?: ImportMode;
  @ApiPropertyOptional({ description: 'true: skip the near-duplicate checks' })
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === '1' || value === true)
  @IsBoolean()
  allowDuplicates?: boolean;
}

const MIME: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** A spreadsheet download, XLSX or CSV by `?format=`: a file, not a JSON contract. */
const SHEET_FILE = {
  description: 'the sheet, as an attachment (`content-disposition`)',
  content: { [MIME.xlsx]: { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string', format: 'binary' } } },
};

function formatOf(filename: string | undefined, mimetype: string | undefined, asked?: SheetFormat): SheetFormat {
  if (asked) return asked;
  const ext = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'csv') return ext;
  if (mimetype === MIME.xlsx) return 'xlsx';
  if (mimetype?.startsWith('text/csv')) return 'csv';
  throw questionBankError('import.format-unknown');
}

@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller('banks')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** The documented template (headers, three examples and, in XLSX, a "Hướng dẫn" sheet). */
  @Get('import-template')
  @ApiOperation({ summary: 'The import template (XLSX by default, or CSV)' })
  @ApiOkResponse(SHEET_FILE)
  async template(@Query() q: FormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const format = q.format ?? 'xlsx';
    void reply.header('content-type', MIME[format]).header('content-disposition', `attachment; filename="mau-cau-hoi.${format}"`);
    return this.imports.template(format);
  }

  /**
   * multipart/form-data with one file (field "file"), at most 10 MB, XLSX or CSV (by ?format=, else the file name).
   * ?mode=all-or-nothing imports nothing when a row is rejected; ?allowDuplicates=true skips near-duplicate checks.
   */
  @Post(':bankId/import')
  @ApiOperation({
    summary: 'Imports questions from an XLSX or CSV sheet',
    description:
      'multipart/form-data, one file (field `file`, at most 10 MB and 20,000 rows). Each row is checked like a question sent ' +
      'one by one; the good rows are imported (none with `?mode=all-or-nothing` when a row is refused) and every refusal ' +
      'is reported as `{row, field, message}`. 400: `import.no-file`, `import.format-unknown`, `import.corrupt`, ' +
      '`import.headers-missing` (`errors` names each missing column), `import.empty`.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @Returns(ImportReportV1, { status: 201 })
  @Fails(413, '`import.file-too-large` (over 10 MB), `import.zip-bomb` (an XLSX inflating to too much), `import.too-many-rows` (over 20,000)')
  @Fails(415, '`import.not-xlsx`, `import.not-csv`: the file is not what its name or `?format=` says (e.g. a renamed file)')
  @Fails(422, '`import.zip-inconsistent`: the XLSX zip’s contents do not match its directory, or it carries extra data (open and save it again)')
  async import(
    @CurrentUser() user: AccessClaimsV1,
    @Param('bankId', uuidParam) bankId: string,
    @Query() q: ImportQueryDto,
    @Req() req: FastifyRequest,
  ): Promise<ImportReportV1> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_UPLOAD_BYTES + 64 * 1024) throw questionBankError('import.file-too-large');
    if (!req.isMultipart()) throw questionBankError('import.no-file');
    let buffer: Buffer;
    let filename: string | undefined;
    let mimetype: string | undefined;
    try {
      const part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
      if (!part) throw questionBankError('import.no-file');
      filename = part.filename;
      mimetype = part.mimetype;
      buffer = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw questionBankError('import.file-too-large');
      if (e instanceof ProblemException) throw e;
      // busboy's own refusals (no boundary, a truncated part): a malformed upload is the caller's, not a 500.
      throw questionBankError('import.no-file');
    }
    const format = formatOf(filename, mimetype, q.format);
    return this.imports.import(user, bankId, buffer, format, {
      mode: q.mode ?? 'best-effort',
      allowDuplicates: q.allowDuplicates ?? false,
      lang: pickLang(req.headers['accept-language']),
    });
  }

  @Get(':bankId/export')
  @ApiOperation({ summary: 'Exports the bank’s live questions as a sheet the import reads back (audited)' })
  @ApiOkResponse(SHEET_FILE)
  async export(
    @CurrentUser() user: AccessClaimsV1,
    @Param('bankId', uuidParam) bankId: string,
    @Query() q: FormatQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const format = q.format ?? 'xlsx';
    const file = await this.imports.export(user, bankId, format);
    void reply.header('content-type', MIME[format]).header('content-disposition', `attachment; filename="ngan-hang-${bankId}.${format}"`);
    return file;
  }
}
