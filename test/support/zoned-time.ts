/** The UTC instant at which the wall clock in `timeZone` shows `date` `time` (e.g. 2026-11-24 16:30). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const wanted = `${date} ${time}`;
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const naive = Date.parse(`${date}T${time}:00Z`);
  for (let offsetMinutes = -14 * 60; offsetMinutes <= 14 * 60; offsetMinutes += 15) {
    const candidate = new Date(naive - offsetMinutes * 60000);
    const shown = format.format(candidate).replace(',', '');
    if (shown === wanted) return candidate;
  }
  throw new Error(`${wanted} does not exist in ${timeZone}`);
}

/** The date `days` days before today, as YYYY-MM-DD. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);
}
