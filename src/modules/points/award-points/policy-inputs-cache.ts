import { Bonus, ProductEarnRule, Tier } from '../policy';

/** What an organization's awards are computed from, besides the customer. */
export interface PolicyInputs {
  earnRate: bigint;
  timeZone: string;
  tiers: Tier[];
  bonuses: Bonus[];
  rules: ProductEarnRule[];
  /** Days after the sale's local day that its points expire at the day's end; null or absent: never. */
  pointsExpireAfterDays?: number | null;
}

/**
 * The policy inputs last read per organization, with the settings version they were read at
 * (`organizations.settings_version`, which the database moves on every change to the earn rate,
 * the time zone, a tier, a bonus or an earn rule: migration 1764100000010). The version is read
 * with the customer in the change's own statement, so inputs are never used after the database
 * has a newer version, and read once per change instead of once per award.
 */
export class PolicyInputsCache {
  private readonly entries = new Map<string, { version: string; inputs: PolicyInputs }>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The inputs read at exactly this version, if they are held. */
  at(organizationId: string, version: string): PolicyInputs | undefined {
    const entry = this.entries.get(organizationId);
    return entry?.version === version ? entry.inputs : undefined;
  }

  /** Keeps the inputs read at `version`, unless newer ones are held already (reads finish in any order). */
  remember(organizationId: string, version: string, inputs: PolicyInputs): void {
    const held = this.entries.get(organizationId);
    if (held && BigInt(held.version) > BigInt(version)) return;
    this.entries.delete(organizationId); // re-inserted last: Map order is the eviction order
    this.entries.set(organizationId, { version, inputs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
