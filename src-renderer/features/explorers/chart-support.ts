/**
 * Chart.js helpers the explorers' charts share: theme colours read from the CSS
 * variables (so light and dark differ in global.css alone) and a plugin that shades
 * stretches of the x axis behind the curves.
 */
import type { Chart, Plugin } from 'chart.js';

/** A CSS variable of the document's current theme, e.g. `cssVar('--chart-loss')` → `'#2f5fd0'`. */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** `#rrggbb` with an opacity (`withAlpha('#2f5fd0', 0.2)` → `'#2f5fd033'`); other colour syntaxes pass through unchanged. */
export function withAlpha(color: string, alpha: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return color;
  const a = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return color + a.toString(16).padStart(2, '0');
}

/** A shaded stretch [from, to] of the x axis, with a short label drawn at its top. */
export interface ShadedSpan {
  from: number;
  to: number;
  color: string;
  label: string;
  labelColor: string;
}

/**
 * Shades spans behind the datasets. `spans` is read at every draw, so the owner only
 * replaces what it returns and calls `chart.update()`.
 */
export function shadedSpansPlugin(spans: () => readonly ShadedSpan[]): Plugin<'line'> {
  return {
    id: 'glShadedSpans',
    beforeDatasetsDraw(chart: Chart<'line'>) {
      const { ctx, chartArea, scales } = chart;
      const x = scales['x'];
      if (!x) return;
      for (const s of spans()) {
        const a = Math.max(chartArea.left, x.getPixelForValue(s.from));
        const b = Math.min(chartArea.right, x.getPixelForValue(s.to));
        if (!(b > a)) continue;
        ctx.save();
        ctx.fillStyle = s.color;
        ctx.fillRect(a, chartArea.top, b - a, chartArea.bottom - chartArea.top);
        if (b - a > 40) {
          ctx.fillStyle = s.labelColor;
          ctx.font = '11px system-ui, sans-serif';
          ctx.textAlign = 'center';
          ctx.textBaseline = 'top';
          ctx.fillText(s.label, (a + b) / 2, chartArea.top + 4, b - a - 6);
        }
        ctx.restore();
      }
    },
  };
}
