/**
 * jsdom gaps the renderer touches: no canvas (Chart.js gets no context and draws
 * nothing) and no matchMedia (the theme follows the OS through it). Storage is
 * cleared so one test's language, theme or lab client id cannot leak into the next.
 */
import { beforeEach } from 'vitest';

HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;

if (typeof window.matchMedia !== 'function') {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
