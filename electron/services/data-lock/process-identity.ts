import fs from 'node:fs';

/**
 * Who runs under a PID: the kernel's boot id and the process's start time (clock ticks since boot,
 * field 22 of /proc/<pid>/stat). A PID is reused after a reboot or once the process ends, but never
 * with the same identity, so a lock can tell its holder from a newcomer under the same number.
 * Null where /proc is not there (macOS, Windows) or the process is gone.
 */
export function processIdentity(pid: number): string | null {
  try {
    const bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state …": comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = fields[22 - 3];
    return bootId && startTicks && /^\d+$/.test(startTicks) ? `${bootId}/${startTicks}` : null;
  } catch {
    return null;
  }
}
