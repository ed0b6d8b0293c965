/**
 * Collects bound values while SQL text is composed from several pieces, handing out `$n`
 * placeholders in order, so that pieces written by different repositories can share one statement.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * A data-modifying statement to run inside another statement (as a CTE). `onlyIf` is an SQL
 * condition the piece must put in its WHERE clause: it is true only when the host statement did its
 * own work (e.g. the append went through), so the piece never runs alone.
 */
export type SqlPiece = (params: SqlParams, onlyIf: string) => string;

/** A SELECT … FOR UPDATE to run inside another statement (as a CTE) before it changes anything. */
export type LockPiece = (params: SqlParams) => string;
