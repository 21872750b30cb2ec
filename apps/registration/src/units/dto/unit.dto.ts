import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { Check } from '../../common/check';
import { isUuid } from '../../users/dto/profile.dto';
import { isValidMemberCount, isValidUnitCode, isValidUnitName, normalizeUnitName } from '../unit-rules';

export class CreateUnitDto {
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

export class UnitView {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) memberCount: number | null;
  @ApiProperty({ description: '0 for a root' }) depth: number;
}

export class ImportRejectionView {
  @ApiProperty({ description: 'line in the file (header = 1)' }) row: number;
  @ApiProperty() field: string;
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class UnitImportReport {
  @ApiProperty() imported: number;
  @ApiProperty() updated: number;
  @ApiProperty({ type: [ImportRejectionView] }) rejected: ImportRejectionView[];
}
