import { ApiProperty } from '@nestjs/swagger';

/** A key as listings show it: never the secret, never the hash. */
export class ApiKeyView {
  @ApiProperty({ format: 'uuid', example: '9b2d5c1e-3f4a-4b6c-8d7e-0a1b2c3d4e5f' })
  id!: string;

  @ApiProperty({ example: 'till 1' })
  name!: string;

  @ApiProperty({ example: 'lp_live_k3Jd9sPq2LmX', description: 'The non-secret start of the key, to recognise it.' })
  prefix!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-25T14:30:00.000Z' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  revoked_at!: string | null;
}

export class CreatedApiKeyView extends ApiKeyView {
  @ApiProperty({ example: 'lp_live_k3Jd9sPq2LmX_…', description: 'The full key: shown this once, never again (only a hash is stored).' })
  key!: string;
}

export class CreatedApiKeyResponse {
  @ApiProperty({ type: CreatedApiKeyView })
  api_key!: CreatedApiKeyView;
}

export class ApiKeyListResponse {
  @ApiProperty({ type: [ApiKeyView] })
  api_keys!: ApiKeyView[];
}
