import { POINTS_AWARDED, PointsAwardedData } from '../../customer-stream/customer-events';
import { CustomerState } from '../../customer-stream/customer-state';
import { Decision } from '../../customer-stream/customer-stream.port';
import { localDayEndAfter } from '../../../kernel/local-day-end';
import { AwardDecision, decideAward, formatDecimal4, isAmountTooLow, LineItem, UnsafeIntegerError } from '../policy';
import { AmountTooLowError, PointsOutOfRangeError } from '../points.errors';
import { PolicyInputs } from './policy-inputs-cache';

/** A purchase, as the award decides on it. */
export interface PurchaseToAward {
  source: 'transaction' | 'order';
  amountCents: number;
  lineItems: LineItem[] | null;
  externalRef: string | null;
  /** The sale's time, already resolved (now, or the POS's occurred_at within its bounds). */
  saleTime: Date;
}

/** What retries of the same external_ref are answered with (the customer's balance is read fresh). */
export interface AwardOutcome {
  pointsAdded: number;
  basePoints: number;
  productPoints: number;
  rulesApplied: string[];
  bonusApplied: string | null;
}

/**
 * The award's decision: the earning policy on the customer as they are and the organization's
 * settings, then `points.awarded` with the whole breakdown, so the ledger explains every point
 * without today's configuration. Pure: no I/O, no clock.
 */
export function decideAwardPoints(purchase: PurchaseToAward, customer: CustomerState, settings: PolicyInputs): Decision<AwardOutcome> {
  const decision = computeAward(purchase, customer, settings);
  if (isAmountTooLow(decision)) throw new AmountTooLowError();
  if (!Number.isSafeInteger(customer.lifetimePoints + decision.pointsAdded)) throw new PointsOutOfRangeError();
  const outcome: AwardOutcome = {
    pointsAdded: decision.pointsAdded,
    basePoints: decision.basePoints,
    productPoints: decision.productPoints,
    rulesApplied: decision.rulesApplied.map((r) => r.name),
    bonusApplied: decision.bonus?.name ?? null,
  };
  const data = awardedData(purchase, customer, settings, decision);
  return { events: [{ type: POINTS_AWARDED, data, occurredAt: purchase.saleTime }], outcome };
}

/** The pure policy; a result it cannot compute exactly is the client's value out of range. */
function computeAward(purchase: PurchaseToAward, customer: CustomerState, settings: PolicyInputs): AwardDecision {
  try {
    return decideAward({
      amountCents: purchase.amountCents,
      earnRate: settings.earnRate,
      bonuses: settings.bonuses,
      timeZone: settings.timeZone,
      tiers: settings.tiers,
      lifetimePoints: customer.lifetimePoints,
      saleTime: purchase.saleTime,
      items: purchase.lineItems ?? undefined,
      rules: settings.rules,
    });
  } catch (error) {
    if (error instanceof UnsafeIntegerError) throw new PointsOutOfRangeError();
    throw error;
  }
}

function awardedData(purchase: PurchaseToAward, customer: CustomerState, settings: PolicyInputs, d: AwardDecision): PointsAwardedData {
  return {
    source: purchase.source,
    external_ref: purchase.externalRef,
    amount_cents: purchase.amountCents,
    earn_rate: formatDecimal4(settings.earnRate),
    bonus: d.bonus && { name: d.bonus.name, multiplier: formatDecimal4(d.bonus.multiplier) },
    tier: d.tier && { name: d.tier.name, multiplier: formatDecimal4(d.tier.multiplier) },
    base_points: d.basePoints,
    ...(purchase.lineItems && {
      line_items: purchase.lineItems.map((i) => ({ name: i.name, category: i.category ?? null, quantity: i.quantity, unit_price_cents: i.unitPriceCents })),
    }),
    rules: d.rulesApplied.map(({ name, points, rule }) => ({
      name,
      type: rule.type,
      match: rule.match,
      quantity: rule.quantity,
      rule_points: rule.points,
      points,
    })),
    product_points: d.productPoints,
    points: d.pointsAdded,
    expires_at: settings.pointsExpireAfterDays ? localDayEndAfter(purchase.saleTime, settings.pointsExpireAfterDays, settings.timeZone).toISOString() : null,
    balance_after: customer.pointsBalance + d.pointsAdded,
    lifetime_points_after: customer.lifetimePoints + d.pointsAdded,
  };
}
