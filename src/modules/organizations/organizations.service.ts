import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/api-error';
import { canonicalEarnRate, Organization, RefundPolicy } from './organization';
import { canonicalTimeZone } from './canonical-time-zone';
import { OrganizationsRepository } from './organizations.repository';
import { isUuid } from '../../common/http/resource-id.pipe';

export interface NewOrganization {
  name: string;
  earnRate?: number | string;
  timezone?: string;
  refundPolicy?: RefundPolicy;
  pointsExpireAfterDays?: number | null;
}

export class OrganizationNotFoundError extends NotFoundError {
  constructor() {
    super('No such organization.');
  }
}

/**
 * Creating and configuring organizations: used by the admin API and the operator CLI alike.
 * Inputs are validated by the caller (DTOs, CLI parsing); this normalises and stores them.
 */
@Injectable()
export class OrganizationsService {
  constructor(private readonly organizations: OrganizationsRepository) {}

  create(input: NewOrganization): Promise<Organization> {
    return this.organizations.insert({
      id: randomUUID(),
      name: input.name,
      earnRate: canonicalEarnRate(input.earnRate ?? 1),
      timezone: canonicalTimeZone(input.timezone ?? 'UTC'),
      refundPolicy: input.refundPolicy ?? 'floor_at_zero',
      pointsExpireAfterDays: input.pointsExpireAfterDays ?? null,
    });
  }

  /** The organization, or 404 `not_found` (also for an id that is not even a UUID). */
  async get(id: string): Promise<Organization> {
    const org = isUuid(id) ? await this.organizations.find(id.toLowerCase()) : undefined;
    if (!org) throw new OrganizationNotFoundError();
    return org;
  }

  async update(id: string, changes: Partial<NewOrganization>): Promise<Organization> {
    if (Object.values(changes).every((v) => v === undefined)) return this.get(id);
    const org = isUuid(id)
      ? await this.organizations.update(id.toLowerCase(), {
          name: changes.name,
          earnRate: changes.earnRate === undefined ? undefined : canonicalEarnRate(changes.earnRate),
          timezone: changes.timezone === undefined ? undefined : canonicalTimeZone(changes.timezone),
          refundPolicy: changes.refundPolicy,
          pointsExpireAfterDays: changes.pointsExpireAfterDays,
        })
      : undefined;
    if (!org) throw new OrganizationNotFoundError();
    return org;
  }
}
