const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its text form, any case. Here rather than beside the HTTP pipe: the CLIs and the verify workers load no framework. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
