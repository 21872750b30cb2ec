import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Transform } from 'class-transformer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaimsV1 } from '@hoi-thi/contracts';
import { CurrentUser, pickLang, ProblemException, Roles } from '@hoi-thi/platform';
import { uuidParam } from '../common/uuid-param';
import { ImportMode, ImportsService, MAX_UPLOAD_BYTES, SheetFormat } from './imports.service';

export class FormatQueryDto {
  @IsOptional() @IsIn(['xlsx', 'csv']) format?: SheetFormat;
}

export class ImportQueryDto {
  @IsOptional() @IsIn(['xlsx', 'csv']) format?: SheetFormat;
  @IsOptional() @IsIn(['best-effort', 'all-or-nothing']) mode?: ImportMode;
  @IsOptional() @Transform(({ value }) => value === 'true' || value === '1' || value === true) @IsBoolean() allowDuplicates?: boolean;
}

const MIME: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

function formatOf(filename: string | undefined, mimetype: string | undefined, asked?: SheetFormat): SheetFormat {
  if (asked) return asked;
  const ext = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'csv') return ext;
  if (mimetype === MIME.xlsx) return 'xlsx';
  if (mimetype?.startsWith('text/csv')) return 'csv';
  throw new ProblemException('import.format-unknown');
}

@ApiTags('question-bank')
@ApiBearerAuth()
@Roles('organizer', 'admin')
@Controller('banks')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** The documented template (headers, three examples and, in XLSX, a "Hướng dẫn" sheet). */
  @Get('import-template')
  async template(@Query() q: FormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const format = q.format ?? 'xlsx';
    void reply.header('content-type', MIME[format]).header('content-disposition', `attachment; filename="mau-cau-hoi.${format}"`);
    return this.imports.template(format);
  }

  /**
   * multipart/form-data with one file (field "file"), at most 10 MB, XLSX or CSV (by ?format=, else the file name).
   * ?mode=all-or-nothing imports nothing when a row is rejected; ?allowDuplicates=true skips near-duplicate checks.
   */
  @Post(':bankId/import')
  @ApiConsumes('multipart/form-data')
  async import(@CurrentUser() user: AccessClaimsV1, @Param('bankId', uuidParam) bankId: string, @Query() q: ImportQueryDto, @Req() req: FastifyRequest) {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_UPLOAD_BYTES + 64 * 1024) throw new ProblemException('import.file-too-large');
    if (!req.isMultipart()) throw new ProblemException('import.no-file');
    let buffer: Buffer;
    let filename: string | undefined;
    let mimetype: string | undefined;
    try {
      const part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
      if (!part) throw new ProblemException('import.no-file');
      filename = part.filename;
      mimetype = part.mimetype;
      buffer = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new ProblemException('import.file-too-large');
      if (e instanceof ProblemException) throw e;
      // busboy's own refusals (no boundary, a truncated part): a malformed upload is the caller's, not a 500.
      throw new ProblemException('import.no-file');
    }
    const format = formatOf(filename, mimetype, q.format);
    return this.imports.import(user, bankId, buffer, format, {
      mode: q.mode ?? 'best-effort',
      allowDuplicates: q.allowDuplicates ?? false,
      lang: pickLang(req.headers['accept-language']),
    });
  }

  @Get(':bankId/export')
  async export(
    @CurrentUser() user: AccessClaimsV1,
    @Param('bankId', uuidParam) bankId: string,
    @Query() q: FormatQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const format = q.format ?? 'xlsx';
    const file = await this.imports.export(user, bankId, format);
    void reply.header('content-type', MIME[format]).header('content-disposition', `attachment; filename="ngan-hang-${bankId}.${format}"`);
    return file;
  }
}
