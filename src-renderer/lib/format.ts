/**
 * Number and time formatting shared by the views. Plain functions, language-free:
 * the digits and units are the same in Korean and English.
 */

/** Seconds as `mm:ss`, or `h:mm:ss` from an hour on. Example: 75.4 → `'01:15'`, 3725 → `'1:02:05'`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A fraction in [0, 1] as a percentage. Example: (0.8734, 1) → `'87.3%'`. */
export function formatPercent(fraction: number | null, digits = 1): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A loss value: 4 decimals, or scientific when tiny or huge; NaN and ∞ shown as such. Example: 0.43219 → `'0.4322'`. */
export function formatLoss(x: number | null): string {
  if (x === null) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? x.toExponential(2) : x.toFixed(4);
}

/** A gradient-norm ratio: two digits near 1, scientific notation far from it. Examples: 1.734 → `'1.7'`, 4.2e-8 → `'4.2e-8'`. */
export function formatRatio(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  return a >= 0.01 && a < 1000 ? String(Number(x.toPrecision(2))) : x.toExponential(1).replace('e+', 'e');
}

/** A whole count with thousands separators (same in ko and en). Example: 55000 → `'55,000'`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

