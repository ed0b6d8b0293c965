import { ApiProperty } from '@nestjs/swagger';

export class OrganizationView {
  @ApiProperty({ format: 'uuid', example: 'a4e1d9a2-7c1b-4d0e-9b8f-1f2e3d4c5b6a' })
  id!: string;

  @ApiProperty({ example: 'Le Petit Café' })
  name!: string;

  @ApiProperty({ type: 'number', example: 1.5, description: 'Points per currency unit (stored exactly, shown as a number).' })
  earn_rate!: number;

  @ApiProperty({ example: 'Europe/Paris' })
  timezone!: string;

  @ApiProperty({ enum: ['floor_at_zero', 'allow_negative'], example: 'floor_at_zero', description: 'What a refund does when its points were already spent.' })
  refund_policy!: string;

  @ApiProperty({ type: 'integer', nullable: true, example: 365, description: "Days after the sale's local day at whose end its points expire; null: never." })
  points_expire_after_days!: number | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.000Z' })
  updated_at!: string;
}

export class OrganizationResponse {
  @ApiProperty({ type: OrganizationView })
  organization!: OrganizationView;
}
