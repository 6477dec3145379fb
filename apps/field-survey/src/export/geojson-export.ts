/**
 * GeoJSON (RFC 7946): one Point feature per submission that has a value for the form's geopoint, coordinates
 * `[lon, lat, alt?]`, properties the main CSV's columns (values in their CSV text form, the geopoint's accuracy
 * kept as a number). Portable.
 */
import { valueToText } from '../form/field-values.ts';
import { type FieldValue, type Form, flattenForm, type GeoPoint } from '../form/form-model.ts';
import { levelOf } from './csv-export.ts';
import type { ExportRecord } from './export-records.ts';

export interface GeoJsonPoint {
  readonly type: 'Feature';
  readonly id: string;
  readonly geometry: { readonly type: 'Point'; readonly coordinates: number[] };
  readonly properties: Record<string, string | number>;
}

export interface GeoJsonCollection {
  readonly type: 'FeatureCollection';
  readonly features: GeoJsonPoint[];
}

/** The geopoint used: `field`, else the first geopoint of the form outside repeats. */
export function mainGeopoint(form: Form, field?: string): string | undefined {
  const points = flattenForm(form).filter(
    (f) => f.node.kind === 'field' && f.node.type === 'geopoint' && f.repeats.length === 0,
  );
  return (field ? points.find((p) => p.node.name === field) : points[0])?.node.name;
}

export function exportGeoJson(
  form: Form,
  records: readonly ExportRecord[],
  field?: string,
): GeoJsonCollection {
  const geopoint = mainGeopoint(form, field);
  const { fields } = levelOf(form.children);
  const features: GeoJsonPoint[] = [];
  if (!geopoint) return { type: 'FeatureCollection', features };
  for (const r of records) {
    const point = r.values[geopoint] as GeoPoint | undefined;
    if (!point || typeof point !== 'object' || Array.isArray(point)) continue;
    const properties: Record<string, string | number> = {};
    for (const name of fields) {
      if (name === geopoint) continue;
      const value = r.values[name] as FieldValue | undefined;
      if (value !== undefined && value !== null)
        properties[name] = typeof value === 'number' ? value : valueToText(value);
    }
    if (point.accuracy !== undefined) properties[`${geopoint}_accuracy`] = point.accuracy;
    Object.assign(properties, {
      KEY: r.key,
      FormVersion: r.formVersion,
      ReviewState: r.status,
      SubmitterName: r.submitterName,
      SubmissionDate: r.createdAt,
      Conflicts: r.conflicts,
    });
    const coordinates = point.alt !== undefined ? [point.lon, point.lat, point.alt] : [point.lon, point.lat];
    features.push({ type: 'Feature', id: r.key, geometry: { type: 'Point', coordinates }, properties });
  }
  return { type: 'FeatureCollection', features };
}
