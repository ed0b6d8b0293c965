import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What TCP sockets processes hold, read from Linux's /proc: which ports a process listens on, and
 * which process holds the server side of a given connection. Tests use it to show what a service
 * listens on and which cluster worker served a connection, without trusting the service's word.
 */

/** /proc/net/tcp and tcp6's state code for LISTEN. */
const LISTEN = '0A';

interface TcpEntry {
  localPort: number;
  remotePort: number;
  state: string;
  inode: string;
}

export function procAvailable(): boolean {
  try {
    readFileSync('/proc/net/tcp', 'utf8');
    return true;
  } catch {
    return false;
  }
}

function tcpTable(): TcpEntry[] {
  const entries: TcpEntry[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const port = (address: string) => parseInt(address.split(':')[1], 16);
      entries.push({ localPort: port(fields[1]), remotePort: port(fields[2]), state: fields[3], inode: fields[9] });
    }
  }
  return entries;
}

/** Inodes of the sockets `pid` has open. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(match[1]);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

/** `pid` and its children (a cluster primary and its workers). */
export function processTree(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // The parent pid is the 4th field, after the command in parentheses (which may hold spaces).
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [pid, ...children.flatMap((child) => processTree(child))];
}

/** The TCP ports the processes listen on. */
export function listeningPorts(pids: number[]): number[] {
  const inodes = new Set(pids.flatMap((pid) => [...socketInodes(pid)]));
  const ports = tcpTable()
    .filter((e) => e.state === LISTEN && inodes.has(e.inode))
    .map((e) => e.localPort);
  return [...new Set(ports)].sort((a, b) => a - b);
}

/** Which of `pids` holds the server's end of the connection from local port `clientPort` to `serverPort`. */
export function serverOf(pids: number[], serverPort: number, clientPort: number): number | undefined {
  const entry = tcpTable().find((e) => e.localPort === serverPort && e.remotePort === clientPort && e.state !== LISTEN);
  if (!entry) return undefined;
  return pids.find((pid) => socketInodes(pid).has(entry.inode));
}
