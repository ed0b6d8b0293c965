/**
 * Names for SQL texts, so node-postgres prepares each statement once per connection and
 * PostgreSQL keeps its plan, instead of parsing and planning it again on every execution (the
 * unnamed statement). Parsing and planning were most of PostgreSQL's work on the write path: an
 * award's two CTE statements cost more to plan than to run (docs/performance.md).
 *
 * A text keeps its name for the life of the process, and every connection prepares it under that
 * name the first time it runs it. The texts are the service's own (values always travel as
 * parameters), so there are few of them; the cap only guards against a future caller that builds
 * texts without bound, which then simply run unnamed.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly limit = 1000) {}

  /** The text's name, or undefined when the cap is reached and the text is new. */
  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.limit) return known;
    const name = `lp_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }

  get size(): number {
    return this.names.size;
  }
}
