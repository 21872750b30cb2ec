import data from './vn-admin-units.json';

export interface Province {
  code: string;
  name: string;
}
export interface Ward {
  code: string;
  name: string;
  provinceCode: string;
}

/** Vietnam's administrative units since 1 July 2025: 34 provinces, 3,321 wards/communes (see README.md). */
export const PROVINCES: readonly Province[] = data.provinces;
export const WARDS: readonly Ward[] = data.wards;

const provinceByCode = new Map(PROVINCES.map((p) => [p.code, p]));
const wardByCode = new Map(WARDS.map((w) => [w.code, w]));
const wardsByProvince = new Map<string, Ward[]>();
for (const w of WARDS) {
  const list = wardsByProvince.get(w.provinceCode) ?? [];
  list.push(w);
  wardsByProvince.set(w.provinceCode, list);
}

export function findProvince(code: unknown): Province | undefined {
  return typeof code === 'string' ? provinceByCode.get(code) : undefined;
}

export function findWard(code: unknown): Ward | undefined {
  return typeof code === 'string' ? wardByCode.get(code) : undefined;
}

export function wardsOf(provinceCode: string): readonly Ward[] | undefined {
  return wardsByProvince.get(provinceCode);
}

/** The ward exists and lies in the province. */
export function isWardInProvince(wardCode: unknown, provinceCode: unknown): boolean {
  const w = findWard(wardCode);
  return !!w && w.provinceCode === provinceCode;
}
