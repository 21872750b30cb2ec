import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';

export const ATTEMPT_EVENT_TYPES = ['blur', 'focus', 'visibility-hidden', 'visibility-visible', 'offline', 'online', 'copy', 'paste'] as const;

/** POST /api/attempts/:id/events — a signal the client reports (focus lost, tab hidden…), for judges. */
export class AttemptEventDto {
  @ApiProperty({ enum: ATTEMPT_EVENT_TYPES })
  @IsIn(ATTEMPT_EVENT_TYPES)
  type!: (typeof ATTEMPT_EVENT_TYPES)[number];

  @ApiPropertyOptional({ description: "The client's time (ISO-8601); the server's time is recorded too" })
  @IsOptional()
  @IsISO8601()
  at?: string;
}
