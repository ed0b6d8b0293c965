import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Exactly one of the two (checked by the controller: neither or both is 400). */
export class CustomerQueryDto {
  @ApiPropertyOptional({ maxLength: 254, example: 'sophie@example.com', description: 'Give this or `loyalty_code`, not both. URL-encode it (`+` as `%2B`).' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ maxLength: 64, example: 'F55EA00D', description: 'Give this or `email`, not both.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  loyalty_code?: string;
}
