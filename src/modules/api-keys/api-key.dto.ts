import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class CreateApiKeyDto {
  /** What the key is for ("till 1", "web shop"): shown in listings, since the key itself never is again. */
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'till 1', description: 'What the key is for: shown in listings, since the key itself never is again.' })
  @IsString()
  @Length(1, 200)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;
}
