import { Injectable } from '@nestjs/common';
import { OrganizationContext } from '../../common/http/current-organization.decorator';
import { batchedRead, inInputOrder } from '../../database/batched-read';
import { Database } from '../../database/database';
import { confirmKey, keyActiveColumn } from '../api-keys/key-confirmation';
import { CustomerAccount } from './customer-account';
import { CUSTOMER_COLUMNS, toCustomerAccount } from './customer-accounts.repository';
import { CustomerLookup, lookupColumn } from './customer-lookup';

interface CallerLookup {
  caller: OrganizationContext;
  lookup: CustomerLookup;
}

/**
 * One statement finds the customers of many lookups ($1 organizations, $2 codes or emails, $3 the
 * callers' key ids, element by element) and says of each caller's key whether it is still active
 * (api-keys/key-confirmation.ts): one row per lookup, `i` its place, the customer's columns null
 * when there is no such customer.
 */
function lookupManySql(by: CustomerLookup['by']): string {
  const { column, arrayType } = lookupColumn(by);
  return `SELECT q.i::int AS i, ${keyActiveColumn('q.key_id')}, found.*
    FROM unnest($1::uuid[], $2::${arrayType}, $3::uuid[]) WITH ORDINALITY AS q(organization_id, value, key_id, i)
    LEFT JOIN LATERAL (SELECT ${CUSTOMER_COLUMNS} FROM customer_accounts c
      WHERE c.organization_id = q.organization_id AND c.${column} = q.value) AS found ON true`;
}

const LOOKUP_MANY_SQL = { loyalty_code: lookupManySql('loyalty_code'), email: lookupManySql('email') };

/**
 * The POS API's customer lookups. The lookups that arrive together share one statement
 * (database/batched-read.ts), which also confirms each caller's key: one round trip for all of
 * them instead of one each.
 */
@Injectable()
export class CustomerLookups {
  private readonly find: Record<CustomerLookup['by'], (one: CallerLookup) => Promise<{ keyActive: boolean; customer: CustomerAccount | null }>>;

  constructor(private readonly database: Database) {
    this.find = {
      loyalty_code: batchedRead((many) => this.findMany('loyalty_code', many)),
      email: batchedRead((many) => this.findMany('email', many)),
    };
  }

  /** The customer, or null when there is none; a revoked key is refused (401) before anything is answered. */
  async findForCaller(caller: OrganizationContext, lookup: CustomerLookup): Promise<CustomerAccount | null> {
    const { keyActive, customer } = await this.find[lookup.by]({ caller, lookup });
    confirmKey(caller, keyActive);
    return customer;
  }

  private async findMany(by: CustomerLookup['by'], many: readonly CallerLookup[]) {
    const { rows } = await this.database.query(LOOKUP_MANY_SQL[by], [
      many.map((one) => one.caller.organizationId),
      many.map((one) => one.lookup.value),
      many.map((one) => one.caller.apiKeyId),
    ]);
    return inInputOrder(rows, many.length).map((row) => ({ keyActive: row.key_active, customer: row.id ? toCustomerAccount(row) : null }));
  }
}
