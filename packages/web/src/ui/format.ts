/** A time for people, in the browser's zone; "" for an empty or zero time. */
export function formatTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '' || value === 0) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}
