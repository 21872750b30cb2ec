import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProvinceListV1, WardListV1 } from '@hoi-thi/contracts';
import { Public, Returns } from '@hoi-thi/platform';
import { PROVINCES, wardsOf } from './vn-admin-units';
import { registrationError } from '../registration.errors';

/** Vietnam's provinces and wards (since July 2025), for the registration form. Public and cacheable. */
@ApiTags('geo')
@Public()
@Controller('geo')
export class GeoController {
  // Both lists are bounded and fixed (34 provinces, 3,321 wards in all): whole, in the one envelope, with no next page.
  @Get('provinces')
  @Header('cache-control', 'public, max-age=86400')
  @ApiOperation({ summary: 'The 34 provinces and centrally-run cities, all of them' })
  @Returns(ProvinceListV1)
  provinces(): ProvinceListV1 {
    return { items: PROVINCES.map((p) => ({ code: p.code, name: p.name })), nextCursor: null };
  }

  @Get('provinces/:code/wards')
  @Header('cache-control', 'public, max-age=86400')
  @ApiOperation({ summary: 'Every ward and commune of a province', description: '404 `geo.province.not-found` for an unknown province code.' })
  @Returns(WardListV1)
  wards(@Param('code') code: string): WardListV1 {
    const wards = wardsOf(code);
    if (!wards) throw registrationError('geo.province.not-found');
    return { items: wards.map((w) => ({ code: w.code, name: w.name })), nextCursor: null };
  }
}
