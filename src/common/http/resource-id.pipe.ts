import { Injectable, PipeTransform } from '@nestjs/common';
import { NotFoundError } from '../errors/api-error';
import { isUuid } from '../uuid';

export { isUuid };

/** Ids in paths are UUIDs; anything else names nothing, so it is 404 `not_found`, never a 400 or a 500. */
@Injectable()
export class ResourceIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) throw new NotFoundError();
    return value.toLowerCase();
  }
}
