import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import type { CreateUnitRequestV1 } from '@hoi-thi/contracts';
import { Check } from '../../common/check';
import { isUuid } from '../../users/dto/profile.dto';
import { isValidMemberCount, isValidUnitCode, isValidUnitName, normalizeUnitName } from '../unit-rules';

/** POST /api/units; the contract (CreateUnitRequestV1) is what a client may send, these checks its validation. */
export class CreateUnitDto implements CreateUnitRequestV1 {
  @ApiProperty({ example: 'HN-BD-CB01' })
  @Check(isValidUnitCode, 'unit.code.invalid')
  code: string;

  @ApiProperty({ example: 'Chi bộ 1' })
  @Transform(({ value }) => normalizeUnitName(value))
  @Check(isValidUnitName, 'unit.name.invalid')
  name: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @Check(isUuid, 'unit.parent.invalid')
  parentId?: string | null;

  @ApiPropertyOptional({ example: 35, nullable: true, type: Number })
  @IsOptional()
  @Check(isValidMemberCount, 'unit.memberCount.invalid')
  memberCount?: number | null;
}

export class ListUnitsQuery {
  @ApiPropertyOptional({ enum: ['flat', 'tree'], description: 'flat (default): a list with parentId; tree: nested children' })
  @IsOptional()
  @Check((v) => v === 'flat' || v === 'tree', 'validation.failed')
  view?: 'flat' | 'tree';
}
