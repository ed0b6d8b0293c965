import { FieldError } from './error-codes';

/**
 * What each database constraint a client's value can break means, as the field and the rule to
 * name in the 400's `details`. The validation catches most values first; these are the rules only
 * the database can judge (uniqueness, whatever requests run at the same time) or judges last.
 * Keyed by constraint name (migrations name them; see 1764100000017-constraint-names.ts).
 */
const CONSTRAINTS: Record<string, FieldError> = {
  tiers_name_idx: { field: 'name', message: 'another tier of this organization already has this name (names are compared ignoring case)' },
  tiers_organization_id_min_lifetime_points_key: {
    field: 'min_lifetime_points',
    message: 'another tier of this organization already starts at this many lifetime points',
  },
  rewards_stock_covers_redeemed: { field: 'stock', message: 'must not be below the number of times the reward has already been redeemed' },
  rewards_available_window: { field: 'available_until', message: 'must be after available_from' },
  bonuses_start_and_end_time_together: { field: 'end_time', message: 'start_time and end_time go together: give both or neither' },
  bonuses_date_range: { field: 'ends_on', message: 'must not be before starts_on' },
  earn_rules_quantity_check: { field: 'quantity', message: 'must be at least 1, and at least 2 for a bulk rule' },
  customer_accounts_organization_id_email_key: { field: 'email', message: 'another customer of this organization already has this email' },
};

/**
 * The field a constraint violation is about, and why: from the table above, else from
 * PostgreSQL's own naming (`<table>_<column>_check` for a CHECK on one column, and the column of a
 * NOT NULL violation). Undefined when the error names nothing a client could act on.
 */
export function constraintFieldError(error: unknown): FieldError | undefined {
  const e = error as any;
  const pg = e?.driverError ?? e;
  const constraint: unknown = pg?.constraint ?? e?.constraint;
  if (typeof constraint === 'string' && CONSTRAINTS[constraint]) return CONSTRAINTS[constraint];
  const table: unknown = pg?.table;
  if (pg?.code === '23502' && typeof pg.column === 'string') return { field: pg.column, message: 'is required' };
  if (pg?.code === '23514' && typeof constraint === 'string' && typeof table === 'string') {
    const column = constraint.startsWith(`${table}_`) && constraint.endsWith('_check') ? constraint.slice(table.length + 1, -'_check'.length) : '';
    if (/^[a-z_]+$/.test(column)) return { field: column, message: 'is outside what the database accepts for it' };
  }
  return undefined;
}
