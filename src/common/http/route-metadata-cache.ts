import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * A Reflector whose `getAllAndOverride` reads each route's metadata once. Decorators run when the
 * classes load, so a handler's metadata never changes at run time; the guards ask on every request
 * (the access guard twice, @nestjs/throttler's six times: skip, limit, ttl, block duration,
 * tracker, key generator), each question a walk of two prototype chains in reflect-metadata.
 *
 * Only the first target (the handler) keys the cache: Nest passes `[handler, class]`, and a
 * handler belongs to one class.
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-function-type -- the override keeps Nest's Reflector signature */
@Injectable()
export class RouteMetadataCache extends Reflector {
  private readonly byKey = new Map<unknown, WeakMap<Function, { value: unknown }>>();

  override getAllAndOverride<T = any>(metadataKey: unknown, targets: (Function | any)[]): T {
    const handler = targets[0];
    if (typeof handler !== 'function') return super.getAllAndOverride(metadataKey as any, targets);
    let byHandler = this.byKey.get(metadataKey);
    if (!byHandler) this.byKey.set(metadataKey, (byHandler = new WeakMap()));
    let known = byHandler.get(handler);
    if (!known) byHandler.set(handler, (known = { value: super.getAllAndOverride(metadataKey as any, targets) }));
    return known.value as T;
  }
}
