import { Injectable } from '@nestjs/common';
import sql from 'sql-template-tag';
import { Sql } from '../../../database/database';
import { parseDecimal4 } from '../policy';
import { PolicyInputs, PolicyInputsCache } from './policy-inputs-cache';

/**
 * An organization's earning settings (earn rate, time zone, tiers, active bonuses, earn rules), read
 * once per change: the customer stream reads the organization's settings version with the customer,
 * and the inputs held here at that version are used as they are. Only a version this instance has
 * not seen costs a statement.
 */
@Injectable()
export class EarningSettingsReader {
  private readonly cache = new PolicyInputsCache();

  async at(on: Sql, organizationId: string, version: string): Promise<PolicyInputs> {
    const held = this.cache.at(organizationId, version);
    if (held) return held;
    const { inputs, version: readAt } = await this.read(on, organizationId);
    this.cache.remember(organizationId, readAt, inputs);
    return inputs;
  }

  private async read(on: Sql, organizationId: string): Promise<{ inputs: PolicyInputs; version: string }> {
    const statement = sql`
      SELECT o.settings_version::text AS settings_version, o.earn_rate::text AS earn_rate, o.timezone, o.points_expire_after_days,
        (SELECT coalesce(json_agg(json_build_object('name', t.name, 'min', t.min_lifetime_points, 'multiplier', t.multiplier::text)), '[]')
          FROM tiers t WHERE t.organization_id = o.id) AS tiers,
        (SELECT coalesce(json_agg(json_build_object('name', b.name, 'multiplier', b.multiplier::text, 'days', b.days_of_week,
            'start', b.start_time, 'end', b.end_time, 'from', b.starts_on, 'until', b.ends_on) ORDER BY b.created_at, b.id), '[]')
          FROM bonuses b WHERE b.organization_id = o.id AND b.active) AS bonuses,
        (SELECT coalesce(json_agg(json_build_object('name', r.name, 'type', r.type, 'match', r.match,
            'quantity', r.quantity, 'points', r.points) ORDER BY r.position), '[]')
          FROM earn_rules r WHERE r.organization_id = o.id) AS rules
      FROM organizations o WHERE o.id = ${organizationId}`;
    const { rows } = await on.query(statement.text, statement.values);
    return { inputs: toPolicyInputs(rows[0]), version: rows[0].settings_version };
  }
}

function toPolicyInputs(r: any): PolicyInputs {
  return {
    earnRate: parseDecimal4(r.earn_rate),
    timeZone: r.timezone,
    pointsExpireAfterDays: r.points_expire_after_days,
    tiers: r.tiers.map((t: any) => ({ name: t.name, minLifetimePoints: Number(t.min), multiplier: parseDecimal4(t.multiplier) })),
    bonuses: r.bonuses.map((b: any) => ({
      name: b.name,
      multiplier: parseDecimal4(b.multiplier),
      daysOfWeek: b.days,
      startTime: b.start,
      endTime: b.end,
      startsOn: b.from,
      endsOn: b.until,
      active: true,
    })),
    rules: r.rules.map((x: any) => ({ name: x.name, type: x.type, match: x.match, quantity: x.quantity, points: x.points })),
  };
}
