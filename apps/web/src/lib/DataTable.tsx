import { useId, useState, type CSSProperties, type ReactNode } from 'react';
import { ErrorBox, Spinner } from '../ui';
import { catalogueHook, formatNumber, useLang } from './i18n';
import { LoadMore, type PagedList } from './paging';

/** The table's own words (loaded with the consoles' chunks, which alone show tables). */
const TABLE = {
  tableSortedLoaded: ['Sắp xếp trên {n} dòng đã tải; các trang sau chưa được tải.', 'Sorted over the {n} rows loaded; later pages are not loaded yet.'],
  tableSortBy: ['Bấm tiêu đề cột để sắp xếp.', 'Click a column header to sort.'],
} as const;
const useTableT = catalogueHook(TABLE);

export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Sortable by this value (client-side, over the rows loaded); null and undefined sort last. */
  sortValue?: (row: T) => string | number | null | undefined;
  /** The row's header cell (`<th scope="row">`), e.g. the name. */
  rowHeader?: boolean;
  style?: CSSProperties;
}

type Sort = { column: string; dir: 'ascending' | 'descending' } | null;

const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
function compare(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

/** The rows in the order asked (a stable sort: equal rows keep the order the API gave). */
export function sortRows<T>(rows: readonly T[], value: ((row: T) => string | number | null | undefined) | undefined, dir: 'ascending' | 'descending'): T[] {
  if (!value) return [...rows];
  const sign = dir === 'ascending' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((x, y) => (x.v == null || y.v == null ? compare(x.v, y.v) : sign * compare(x.v, y.v)) || x.i - y.i)
    .map((x) => x.row);
}

const sortButton: CSSProperties = {
  background: 'none',
  border: 0,
  padding: '0.2rem 0',
  margin: 0,
  font: 'inherit',
  color: 'inherit',
  fontWeight: 600,
  cursor: 'pointer',
  textAlign: 'left',
  minHeight: 32,
};

/**
 * A list of the organizer's and the judge's consoles as a table: the rows of a paged list (lib/paging.tsx), "Xem thêm"
 * under it while another page follows, sorting by a click on a sortable column's header (aria-sort; over the rows
 * loaded, which the table says while more pages exist: no list route takes an order), an empty-state message and a
 * loading state. The table scrolls sideways in its own labelled region on a narrow (360 px) screen.
 */
export function DataTable<T>({
  caption,
  captionHidden,
  columns,
  list,
  rowKey,
  empty,
  moreLabel,
  testId,
  rowClass,
}: {
  /** The table's name (its `<caption>`, read by screen readers; `captionHidden` when a heading already shows it). */
  caption: string;
  captionHidden?: boolean;
  columns: readonly Column<T>[];
  list: Pick<PagedList<T>, 'items' | 'hasMore' | 'ready' | 'loading' | 'error' | 'refresh' | 'loadingMore' | 'refreshing' | 'moreError' | 'more'>;
  rowKey: (row: T) => string | number;
  /** Shown instead of the table when the list is empty. */
  empty: ReactNode;
  moreLabel?: string;
  testId?: string;
  rowClass?: (row: T) => string | undefined;
}) {
  const t = useTableT();
  const lang = useLang();
  const id = useId();
  const [sort, setSort] = useState<Sort>(null);
  const sorted = sort ? sortRows(list.items, columns.find((c) => c.id === sort.column)?.sortValue, sort.dir) : list.items;
  const sortable = columns.some((c) => c.sortValue);
  const toggle = (column: string) =>
    setSort((s) => (s?.column === column ? { column, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { column, dir: 'ascending' }));
  return (
    <>
      {list.loading && !list.ready && <Spinner />}
      <ErrorBox error={list.error} onRetry={list.refresh} />
      {list.ready && list.items.length === 0 && <p className="muted">{empty}</p>}
      {list.items.length > 0 && (
        <>
          {sort && list.hasMore && (
            <p className="muted" id={`${id}-hint`} role="status">
              {t('tableSortedLoaded', { n: formatNumber(lang, list.items.length) })}
            </p>
          )}
          <div className="table-wrap" role="region" aria-labelledby={`${id}-cap`} tabIndex={0}>
            <table data-testid={testId} aria-describedby={sort && list.hasMore ? `${id}-hint` : undefined} aria-busy={list.refreshing || undefined}>
              <caption
                id={`${id}-cap`}
                className={captionHidden ? 'sr-only' : undefined}
                style={captionHidden ? undefined : { textAlign: 'left', fontWeight: 600 }}
              >
                {caption}
                {sortable && <span className="sr-only"> {t('tableSortBy')}</span>}
              </caption>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th scope="col" key={c.id} style={c.style} aria-sort={c.sortValue ? (sort?.column === c.id ? sort.dir : 'none') : undefined}>
                      {c.sortValue ? (
                        <button type="button" style={sortButton} onClick={() => toggle(c.id)}>
                          {c.header} <span aria-hidden="true">{sort?.column === c.id ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}</span>
                        </button>
                      ) : (
                        c.header
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {sorted.map((row) => (
                  <tr key={rowKey(row)} className={rowClass?.(row)}>
                    {columns.map((c) =>
                      c.rowHeader ? (
                        <th scope="row" key={c.id} style={{ color: 'inherit', fontSize: 'inherit', ...c.style }}>
                          {c.cell(row)}
                        </th>
                      ) : (
                        <td key={c.id} style={c.style}>
                          {c.cell(row)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <LoadMore list={list} label={moreLabel} />
    </>
  );
}
