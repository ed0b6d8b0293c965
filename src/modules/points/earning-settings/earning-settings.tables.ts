import { dateView, decimalView, SettingsTable } from './settings-table';

const createdAt = (row: any) => (row.created_at as Date).toISOString();

export const TIERS = new SettingsTable('tiers', 'min_lifetime_points', (r) => ({
  id: r.id,
  name: r.name,
  min_lifetime_points: Number(r.min_lifetime_points),
  multiplier: decimalView(r.multiplier),
  created_at: createdAt(r),
}));

export const BONUSES = new SettingsTable('bonuses', 'created_at, id', (r) => ({
  id: r.id,
  name: r.name,
  multiplier: decimalView(r.multiplier),
  days_of_week: r.days_of_week,
  start_time: r.start_time,
  end_time: r.end_time,
  starts_on: dateView(r.starts_on),
  ends_on: dateView(r.ends_on),
  active: r.active,
  created_at: createdAt(r),
}));

/** Rules are listed, and applied, in the order they were created. */
export const EARN_RULES = new SettingsTable('earn_rules', 'position', (r) => ({
  id: r.id,
  name: r.name,
  type: r.type,
  match: r.match,
  quantity: r.quantity,
  points: r.points,
  created_at: createdAt(r),
}));
