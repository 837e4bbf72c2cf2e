/**
 * What runs where, read from Linux's /proc (the tests' platform, as CI's): a process's
 * descendants, whether it still runs, and what is left in a process group — so a test can tell
 * whether stopping a command really stopped the server it started.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { HANG_GUARD_MS } from '../hang-guard.js';

interface Proc {
  pid: number;
  ppid: number;
  pgrp: number;
  cmdline: string;
}

function processes(): Proc[] {
  if (!existsSync('/proc/self/stat')) throw new Error('this test reads /proc: run it on Linux');
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
        const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const cmdline = readFileSync(`/proc/${d}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
        return [{ pid: Number(d), ppid: Number(ppid), pgrp: Number(pgrp), cmdline }];
      } catch {
        return []; // gone meanwhile
      }
    });
}

/** Every process below `pid`, with its command line. */
export function descendants(pid: number): Proc[] {
  const all = processes();
  const out: Proc[] = [];
  const walk = (p: number) => {
    for (const c of all.filter((x) => x.ppid === p)) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(pid);
  return out;
}

/** Whether the process still runs (a zombie has finished). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The processes still in a process group. */
export function inGroup(pgrp: number): Proc[] {
  return processes().filter((p) => p.pgrp === pgrp && running(p.pid));
}

/** Waits until `done()` holds, checking every 50 ms, for at most the hang guard (test/hang-guard.ts): no claim about speed. */
export async function until(done: () => boolean, ms = HANG_GUARD_MS): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
    if (done()) return true;
  return done();
}
