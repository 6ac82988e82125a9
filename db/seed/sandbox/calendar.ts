

export const COHORT_YEARS = [2021, 2022, 2023, 2024, 2025] as const;
export const LAST_YEAR = 2025;
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
export const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);
export const maxTime = (...dates: (Date | number | null | undefined)[]) =>
  new Date(Math.max(...dates.filter((d): d is Date | number => d != null).map((d) => (typeof d === 'number' ? d : d.getTime()))));
