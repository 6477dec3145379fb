/**
 * The map without tiles: each geopoint an SVG circle, scaled to the points' bounding box (longitudes shrunk by
 * the cosine of the middle latitude, so distances look right), a graticule at a round step and a scale bar.
 */
import { svg } from './dom.ts';

export interface Point {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly conflicts: number;
  readonly label: string;
}

const W = 600;
const H = 400;
const M = 24;
const METRES_PER_DEGREE = 111_320;

/** 1, 2 or 5 × 10^k at or above `x`. */
function nice(x: number): number {
  const base = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * base >= x) return m * base;
  return 10 * base;
}

export function drawMap(points: readonly Point[], onPick: (id: string) => void): SVGElement {
  const root = svg('svg', {
    class: 'map',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `${points.length} points`,
  });
  if (points.length === 0) {
    root.append(
      svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'graticule-label' }, 'No geopoints'),
    );
    return root;
  }
  let [minLat, maxLat, minLon, maxLon] = [90, -90, 180, -180];
  for (const p of points) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  const pad = Math.max(maxLat - minLat, maxLon - minLon, 0.002) * 0.08;
  minLat -= pad;
  maxLat += pad;
  minLon -= pad;
  maxLon += pad;
  const shrink = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const unitsPerDegree = Math.min(
    (W - 2 * M) / ((maxLon - minLon) * shrink),
    (H - 2 * M) / (maxLat - minLat),
  );
  const x = (lon: number) => M + (lon - minLon) * shrink * unitsPerDegree;
  const y = (lat: number) => H - M - (lat - minLat) * unitsPerDegree;
  const step = nice(Math.max(maxLat - minLat, maxLon - minLon) / 5);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const grid = svg('g', { class: 'graticule-lines' });
  for (let lat = Math.ceil(minLat / step) * step; lat <= maxLat; lat += step) {
    grid.append(svg('line', { class: 'graticule', x1: x(minLon), x2: x(maxLon), y1: y(lat), y2: y(lat) }));
    grid.append(svg('text', { class: 'graticule-label', x: 2, y: y(lat) - 2 }, `${lat.toFixed(digits)}°`));
  }
  for (let lon = Math.ceil(minLon / step) * step; lon <= maxLon; lon += step) {
    grid.append(svg('line', { class: 'graticule', x1: x(lon), x2: x(lon), y1: y(minLat), y2: y(maxLat) }));
    grid.append(
      svg('text', { class: 'graticule-label', x: x(lon) + 2, y: H - 4 }, `${lon.toFixed(digits)}°`),
    );
  }
  root.append(grid);
  // Scale bar: a round distance near a quarter of the width.
  const metresPerUnit = METRES_PER_DEGREE / unitsPerDegree;
  const metres = nice((W / 4) * metresPerUnit);
  const length = metres / metresPerUnit;
  root.append(
    svg('line', { class: 'scale', x1: W - M - length, x2: W - M, y1: M, y2: M }),
    svg(
      'text',
      { class: 'scale-label', x: W - M - length, y: M - 4 },
      metres >= 1000 ? `${metres / 1000} km` : `${metres} m`,
    ),
  );
  const dots = svg('g', { class: 'points' });
  for (const p of points) {
    const circle = svg(
      'circle',
      {
        cx: x(p.lon).toFixed(1),
        cy: y(p.lat).toFixed(1),
        r: 5,
        'data-id': p.id,
        class: p.conflicts ? 'conflict' : '',
      },
      svg('title', {}, p.label),
    );
    circle.addEventListener('click', () => onPick(p.id));
    dots.append(circle);
  }
  root.append(dots);
  return root;
}
