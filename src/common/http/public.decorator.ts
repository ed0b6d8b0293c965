import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'loyalpanther:public';

/** Marks a route that needs no API key or admin token (health checks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
