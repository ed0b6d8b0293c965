import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives, so load balancers see /readyz fail while in-flight work drains. */
@Injectable()
export class ShutdownState {
  stopping = false;
}
