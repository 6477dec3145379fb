/** The JSON shapes of the coordinator endpoints, as the page reads them. */
export interface FormInfo {
  id: string;
  title: string;
  version: string;
  versions: string[];
}
export interface Author {
  device: string;
  person: string;
}
export interface Row {
  id: string;
  status: string;
  reviewStale: boolean;
  createdAt: number;
  createdBy: Author;
  lastEdit?: { at: number; by: Author };
  conflicts: number;
  values: Record<string, string>;
}
export interface Page {
  total: number;
  offset: number;
  limit: number;
  columns: { name: string; label: string }[];
  rows: Row[];
}
export interface ConflictRow {
  id: string;
  fields: { path: string; values: { value: string; by: Author; at: number }[] }[];
}
export interface Device {
  device: string;
  persons: string[];
  created: number;
  lastEditAt: number;
  lastReceivedAt?: number;
}
export interface Detail {
  id: string;
  status: string;
  createdAt: number;
  createdBy: Author;
  formVersion: string;
  answers: { label: string; value: string }[];
  conflicts: ConflictRow['fields'];
}

export interface Problem {
  sheet: string;
  row?: number;
  column?: string;
  reason: string;
}
