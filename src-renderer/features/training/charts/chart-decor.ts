/**
 * What the dashboard's line charts draw besides their datasets: a solid background (so a
 * saved PNG reads in any viewer, dark theme included), horizontal reference lines
 * (activation mean 0 and std 1) and shaded bands at highlighted x positions (layers the
 * health panel points at). The owner replaces `Decor`'s fields and calls `chart.update()`.
 */
import type { Chart, Plugin } from 'chart.js';
import type { ChartColor } from './chart-spec.js';

/** A dashed horizontal line at `y` with a short label at its right end. */
export interface RefLine {
  y: number;
  label: string;
}

/**
 * A vertical line at `x` with a label at its top: where a run diverged (solid, the danger
 * colour by default), its best epoch, an epoch where the learning rate dropped (`dashed`).
 */
export interface Marker {
  x: number;
  label: string;
  /** Colour role; default `danger`. */
  color?: ChartColor;
  dashed?: boolean;
}

/** Colours and marks read at every draw. */
export interface Decor {
  background: string;
  refLines: readonly RefLine[];
  refColor: string;
  /** x values (dense positions) to shade, one unit wide each. */
  bands: readonly number[];
  bandColor: string;
  /** Vertical lines, e.g. where the loss became NaN. */
  markers: readonly Marker[];
  markerColor: string;
  /** Resolved colours of the roles markers may name (the default `markerColor` otherwise). */
  markerColors?: Partial<Record<ChartColor, string>>;
}

/** The one plugin that draws `decor()` behind the datasets. */
export function decorPlugin(decor: () => Decor): Plugin<'line'> {
  return {
    id: 'glDashboardDecor',
    beforeDraw(chart: Chart<'line'>) {
      const d = decor();
      if (!d.background) return;
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.fillStyle = d.background;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
    beforeDatasetsDraw(chart: Chart<'line'>) {
      const d = decor();
      const { ctx, chartArea: area, scales } = chart;
      const x = scales['x'];
      const y = scales['y'];
      ctx.save();
      if (x && d.bands.length) {
        ctx.fillStyle = d.bandColor;
        for (const b of d.bands) {
          const a = x.getPixelForValue(b - 0.5);
          const e = x.getPixelForValue(b + 0.5);
          // At least 4 px, so one layer of a hundred stays visible.
          const w = Math.max(4, e - a);
          const left = Math.max(area.left, (a + e) / 2 - w / 2);
          const right = Math.min(area.right, left + w);
          if (right > left) ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        }
      }
      if (y && d.refLines.length) {
        ctx.strokeStyle = d.refColor;
        ctx.fillStyle = d.refColor;
        ctx.lineWidth = 1;
        ctx.setLineDash([5, 4]);
        ctx.font = '11px system-ui, sans-serif';
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        for (const r of d.refLines) {
          const py = y.getPixelForValue(r.y);
          if (!(py >= area.top && py <= area.bottom)) continue;
          ctx.beginPath();
          ctx.moveTo(area.left, py);
          ctx.lineTo(area.right, py);
          ctx.stroke();
          // A halo in the background colour keeps the label readable over the lines.
          ctx.save();
          ctx.setLineDash([]);
          ctx.lineWidth = 3;
          ctx.strokeStyle = d.background;
          ctx.strokeText(r.label, area.right - 4, py - 2);
          ctx.restore();
          ctx.fillText(r.label, area.right - 4, py - 2);
        }
      }
      if (x && d.markers.length) {
        ctx.strokeStyle = d.markerColor;
        ctx.fillStyle = d.markerColor;
        ctx.lineWidth = 2;
        ctx.setLineDash([]);
        ctx.font = '11px system-ui, sans-serif';
        ctx.textBaseline = 'top';
        // A label that would run into the previous one goes a line lower, so close epochs stay readable.
        let lastRight = -Infinity;
        let row = 0;
        for (const m of [...d.markers].sort((a, b) => a.x - b.x)) {
          const px = x.getPixelForValue(m.x);
          if (!(px >= area.left && px <= area.right)) continue;
          const colour = (m.color && d.markerColors?.[m.color]) || d.markerColor;
          ctx.strokeStyle = colour;
          ctx.fillStyle = colour;
          ctx.lineWidth = m.dashed ? 1.5 : 2;
          ctx.setLineDash(m.dashed ? [4, 3] : []);
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          // Label on the side with room.
          const right = px > (area.left + area.right) / 2;
          const width = ctx.measureText(m.label).width;
          const left = right ? px - 4 - width : px + 4;
          row = left < lastRight + 6 ? row + 1 : 0;
          lastRight = left + width;
          ctx.textAlign = right ? 'right' : 'left';
          ctx.fillText(m.label, right ? px - 4 : px + 4, area.top + 2 + 13 * (row % 3));
        }
      }
      ctx.restore();
    },
  };
}
