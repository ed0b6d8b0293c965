import type { CommandBus, ICommand } from '@nestjs/cqrs';
import { toEnvelope } from '../common/http/api-exception.filter';
import { Metrics } from './metrics';

/** `AwardPointsCommand` → `award_points`: the class name, which the code bounds, in the labels' style. */
export function commandLabel(command: ICommand): string {
  const name = command.constructor?.name || 'unknown';
  return name
    .replace(/Command$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** `ok`, or the error code the client is answered with (the same mapping as the error filter's). */
export function commandOutcome(error?: unknown): string {
  return error === undefined ? 'ok' : toEnvelope(error).code;
}

/**
 * Measures every command at the one place they all pass, the CommandBus, rather than in each
 * handler: the bus's `execute` is wrapped on its (singleton) instance, so handlers and the
 * controllers that dispatch to them know nothing of it.
 */
export function measureCommands(bus: CommandBus, metrics: Metrics): void {
  const execute = bus.execute.bind(bus);
  const measured = async (command: ICommand, ...rest: unknown[]) => {
    const label = commandLabel(command);
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await (execute as (command: ICommand, ...rest: unknown[]) => Promise<unknown>)(command, ...rest);
    } catch (error) {
      outcome = commandOutcome(error);
      throw error;
    } finally {
      metrics.commands.inc({ command: label, outcome });
      metrics.commandDuration.observe({ command: label }, (performance.now() - started) / 1000);
    }
  };
  bus.execute = measured as CommandBus['execute'];
}
