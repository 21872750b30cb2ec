import { MAIN } from './messages';
import { createStore, storage, useStore } from './store';

/** Vietnamese first, English second; the choice is remembered on the device. */
export type Lang = 'vi' | 'en';
const saved = storage.get('ht.lang');
export const langStore = createStore<Lang>(saved === 'en' ? 'en' : 'vi');
export function setLang(lang: Lang): void {
  storage.set('ht.lang', lang);
  document.documentElement.lang = lang;
  langStore.set(lang);
}
if (typeof document !== 'undefined') document.documentElement.lang = langStore.get();

/** A catalogue: key → [Vietnamese, English]. `{name}` in a message is a placeholder. */
export type Catalogue = Readonly<Record<string, readonly [vi: string, en: string]>>;
/** The placeholders of a message: 'Câu {n}/{t}' → 'n' | 't'. */
export type Placeholders<S extends string> = S extends `${string}{${infer K}}${infer R}` ? K | Placeholders<R> : never;
type VarsOf<C extends Catalogue, K extends keyof C> = Placeholders<C[K][0]> | Placeholders<C[K][1]>;
/** `t(key)` for a message without placeholders, `t(key, { n: 3 })` with exactly its placeholders: both checked by tsc. */
export type Translate<C extends Catalogue> = <K extends keyof C & string>(
  key: K,
  ...vars: [VarsOf<C, K>] extends [never] ? [] : [vars: Record<VarsOf<C, K>, string | number>]
) => string;
export type MessageKey = keyof typeof MAIN;
export type T = Translate<typeof MAIN>;

function translator<C extends Catalogue>(lang: Lang, catalogue: C): Translate<C> {
  return (key, ...[vars]) => {
    let s: string = catalogue[key][lang === 'vi' ? 0 : 1];
    if (vars) for (const [k, v] of Object.entries(vars as Record<string, string | number>)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}

/** A main catalogue message without placeholders, in the current language, outside React (the API client's own). */
type PlainKey = { [K in MessageKey]: Placeholders<(typeof MAIN)[K][0]> extends never ? K : never }[MessageKey];
export function tNow(key: PlainKey): string {
  return translator(langStore.get(), MAIN)(key as never);
}

/** The main catalogue's `t` (app chrome, contestant screens). */
export function useT(): T {
  return translator(useStore(langStore), MAIN);
}
/**
 * A console's `t`: the main catalogue plus the console's own, which its lazy chunk imports (organizer/i18n.ts,
 * judge/i18n.ts), so the contestant's bundle never carries the console's words.
 */
export function catalogueHook<C extends Catalogue>(area: C): () => Translate<typeof MAIN & C> {
  const all = { ...MAIN, ...area };
  return () => translator(useStore(langStore), all);
}
export function useLang(): Lang {
  return useStore(langStore);
}

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');
/** 1234 → "1.234" in Vietnamese, "1,234" in English. */
export function formatNumber(lang: Lang, n: number): string {
  return new Intl.NumberFormat(locale(lang)).format(n);
}
/** A time in Asia/Ho_Chi_Minh, the contest's time zone. */
export function formatDateTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
}
/** 83_000 ms → "1:23"; over an hour "1:02:03". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h ? String(m).padStart(2, '0') : String(m);
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** A `datetime-local` value read as Asia/Ho_Chi_Minh wall time → ISO with +07:00. */
export function vnLocalToIso(local: string): string {
  if (!local) return '';
  return `${local.length === 16 ? `${local}:00` : local}+07:00`;
}
/** ISO → a `datetime-local` value in Asia/Ho_Chi_Minh wall time. */
export function isoToVnLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 16);
}
