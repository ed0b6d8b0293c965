import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * The search benchmark's organization: `customers` customers written straight into the customer
 * projection (and their stream rows, which its foreign key needs), a million in a minute or two,
 * where registering them over the API would take the better part of an hour. Search reads
 * nothing else: these customers have no events, and the ledger verify benchmark never looks at
 * this organization. Names repeat as in life (40 first names × 40 family names), emails and codes
 * are unique, and the queries sent are built from the same generator.
 */

const FIRST = [
  'Ann',
  'Zoë',
  'José',
  'Łukasz',
  'Aiko',
  'Chloé',
  'Mohammed',
  'Siobhán',
  'Björn',
  'Sophie',
  'Marie',
  'Lucas',
  'Emma',
  'Noah',
  'Olivia',
  'Liam',
  'Mia',
  'Hugo',
  'Léa',
  'Arthur',
  'Jade',
  'Louis',
  'Alice',
  'Gabriel',
  'Camille',
  'Jules',
  'Inès',
  'Adam',
  'Sarah',
  'Paul',
  'Laura',
  'Tom',
  'Julia',
  'Max',
  'Anna',
  'Ben',
  'Clara',
  'Leo',
  'Nina',
  'Ioanna',
];
const LAST = [
  'Smith',
  "O'Brien",
  'Müller',
  'García',
  'Nakamura',
  'Dupont',
  'Kowalski',
  'Martin',
  'Nguyen',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Miller',
  'Davis',
  'Wilson',
  'Anderson',
  'Taylor',
  'Moore',
  'Jackson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Walker',
  'Hall',
  'Young',
];
/** Customers per statement. */
const CHUNK = 100_000;

/** Customer i of the generator, as SQL and this file both compute it. */
const firstOf = (i: number) => FIRST[Number((BigInt(i) * 7919n) % BigInt(FIRST.length))];
const lastOf = (i: number) => LAST[Number((BigInt(i) * 104729n) % BigInt(LAST.length))];
/** A bijection on 32 bits (an odd multiplier modulo 2^32), so codes are unique and look random. */
const codeOf = (i: number) => ((BigInt(i) * 2654435761n) % 4294967296n).toString(16).toUpperCase().padStart(8, '0');
const emailOf = (i: number) => `${firstOf(i)}.${lastOf(i)}${i}@example.com`.toLowerCase();

export interface SearchSeeded {
  organizationId: string;
  customers: number;
  /** Queries that match many customers: common names, 2-letter starts. */
  commonQueries: string[];
  /** Queries that match one customer or none: an email's local part, a code or part of one, a name nobody has. */
  rareQueries: string[];
}

export async function seedSearch(databaseUrl: string, customers: number): Promise<SearchSeeded> {
  const organizationId = randomUUID();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query(`INSERT INTO organizations (id, name, earn_rate, timezone) VALUES ($1, 'Search Bench Shop', 1, 'UTC')`, [organizationId]);
    for (let from = 1; from <= customers; from += CHUNK) {
      const to = Math.min(customers, from + CHUNK - 1);
      await client.query('BEGIN');
      await client.query(
        `WITH ids AS (SELECT i, gen_random_uuid() AS id FROM generate_series($2::bigint, $3::bigint) AS i),
         streams AS (INSERT INTO event_streams (organization_id, stream_id, stream_type, version) SELECT $1, id, 'customer', 0 FROM ids)
         INSERT INTO customer_accounts (organization_id, id, loyalty_code, name, email, version)
         SELECT $1, id, upper(lpad(to_hex((i * 2654435761) % 4294967296), 8, '0')),
           ($4::text[])[1 + (i * 7919) % cardinality($4::text[])] || ' ' || ($5::text[])[1 + (i * 104729) % cardinality($5::text[])],
           lower(($4::text[])[1 + (i * 7919) % cardinality($4::text[])] || '.' || ($5::text[])[1 + (i * 104729) % cardinality($5::text[])] || i || '@example.com'),
           0
         FROM ids`,
        [organizationId, from, to, FIRST, LAST],
      );
      await client.query('COMMIT');
      process.stderr.write(`[search-bench] ${to}/${customers} customers\n`);
    }
    // As autovacuum would after so many inserts: statistics, and the GIN indexes' pending entries merged.
    await client.query('VACUUM ANALYZE customer_accounts');
  } finally {
    await client.end();
  }
  return {
    organizationId,
    customers,
    commonQueries: ['smith', 'martin', 'anna', 'son', 'lau', 'example', 'ma', 'so', 'jo', 'cl'],
    rareQueries: rareQueries(customers),
  };
}

/** 300 queries that each match one customer, or nobody. */
function rareQueries(customers: number): string[] {
  const queries: string[] = [];
  for (let k = 0; k < 100; k++) {
    const i = 1 + Math.floor((((k * 7_368_787) % 1_000_003) / 1_000_003) * customers);
    queries.push(emailOf(i).split('@')[0], codeOf(i), codeOf(i).slice(1, 6).toLowerCase());
  }
  return [...queries.slice(0, 290), ...Array.from({ length: 10 }, (_, k) => `zqx${k}v`)];
}
