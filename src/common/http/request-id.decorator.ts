import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The request's id (echoed or generated), for event metadata and logs. */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest().id);
