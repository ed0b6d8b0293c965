import { IsIn, IsString, Length } from 'class-validator';

/** How a POS names a customer: by loyalty code or by email. */
export class IdentifierDto {
  @IsIn(['loyalty_code', 'email'], { message: 'type must be loyalty_code or email' })
  type!: 'loyalty_code' | 'email';

  @IsString()
  @Length(1, 254)
  value!: string;
}
