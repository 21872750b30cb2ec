import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AwardPrizesRequestV1, PrizeStepV1 } from '@hoi-thi/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export class PrizeStepDto implements PrizeStepV1 {
  @ApiProperty({ example: 'Giải Nhất' })
  @IsString({ message: 'leaderboard.field.ladder' })
  @MinLength(1, { message: 'leaderboard.field.ladder' })
  @MaxLength(100, { message: 'leaderboard.field.ladder' })
  prize: string;

  @ApiProperty({ minimum: 1, maximum: 10000 })
  @IsInt({ message: 'leaderboard.field.ladder' })
  @Min(1, { message: 'leaderboard.field.ladder' })
  @Max(10000, { message: 'leaderboard.field.ladder' })
  count: number;
}

export class AwardPrizesDto implements AwardPrizesRequestV1 {
  @ApiProperty({
    type: [PrizeStepDto],
    example: [
      { prize: 'Giải Nhất', count: 1 },
      { prize: 'Giải Nhì', count: 2 },
    ],
  })
  @IsArray({ message: 'leaderboard.field.ladder' })
  @ArrayMinSize(1, { message: 'leaderboard.field.ladder' })
  @ArrayMaxSize(20, { message: 'leaderboard.field.ladder' })
  @ValidateNested({ each: true })
  @Type(() => PrizeStepDto)
  ladder: PrizeStepDto[];

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 1, description: 'prizes one person may hold in the contest' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxPerPerson?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 3, description: 'units awarded in each collective prize' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  units?: number;
}
