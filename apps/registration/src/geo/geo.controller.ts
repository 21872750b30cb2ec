import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ProblemException, Public } from '@hoi-thi/platform';
import { PROVINCES, Province, Ward, wardsOf } from './vn-admin-units';
import './geo.errors';

/** Vietnam's provinces and wards (since July 2025), for the registration form. Public and cacheable. */
@ApiTags('geo')
@Public()
@Controller('geo')
export class GeoController {
  @Get('provinces')
  @Header('cache-control', 'public, max-age=86400')
  provinces(): { items: readonly Province[] } {
    return { items: PROVINCES };
  }

  @Get('provinces/:code/wards')
  @Header('cache-control', 'public, max-age=86400')
  wards(@Param('code') code: string): { items: { code: string; name: string }[] } {
    const wards: readonly Ward[] | undefined = wardsOf(code);
    if (!wards) throw new ProblemException('geo.province.not-found');
    return { items: wards.map((w) => ({ code: w.code, name: w.name })) };
  }
}
