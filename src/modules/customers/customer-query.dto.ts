import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CustomerQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  loyalty_code?: string;
}
