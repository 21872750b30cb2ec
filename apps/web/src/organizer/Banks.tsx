import type {
  BankCellV1,
  BankPageV1,
  BankV1,
  CreateQuestionRequestV1,
  Difficulty,
  ImportReportV1,
  QuestionKind,
  QuestionPageV1,
  QuestionV1,
} from '@hoi-thi/contracts';
import { useState, type FormEvent } from 'react';
import { ApiError, call, downloadFile } from '../lib/api';
import { useOrganizerT } from './i18n';
import { routeKey } from '../lib/query';
import { Link, navigate } from '../lib/router';
import { DataTable } from '../lib/DataTable';
import { usePages } from '../lib/paging';
import { described, Dialog, ErrorBox, Field, Spinner, useLoad } from '../ui';
import { rejectionsByRow } from './derive';

export const DIFFS = ['easy', 'medium', 'hard'] as const satisfies readonly Difficulty[];
export function useDiffLabel() {
  const t = useOrganizerT();
  return (d: Difficulty | '*') => ({ easy: t('difficultyEasy'), medium: t('difficultyMedium'), hard: t('difficultyHard'), '*': t('any') })[d];
}

export function BanksPage() {
  const t = useOrganizerT();
  const banks = usePages<BankV1, BankPageV1>((cursor, signal) => call('GET /api/banks', { query: { limit: 50, cursor }, signal }), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const b = await call('POST /api/banks', { body: { name, ...(description ? { description } : {}) } });
      navigate(`/organizer/banks/${b.id}`);
    } catch (ex) {
      setError(ex);
    }
  };
  const fe = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);
  return (
    <div className="cols">
      <section>
        <h2>{t('banks')}</h2>
        <DataTable
          caption={t('banks')}
          captionHidden
          list={banks}
          rowKey={(b) => b.id}
          empty={t('banksNone')}
          columns={[
            { id: 'name', header: t('bankName'), cell: (b) => <Link to={`/organizer/banks/${b.id}`}>{b.name}</Link>, sortValue: (b) => b.name },
            { id: 'count', header: t('blueprintCount'), cell: (b) => b.questionCount, sortValue: (b) => b.questionCount },
          ]}
        />
      </section>
      <form className="card" onSubmit={(e) => void create(e)} aria-labelledby="newbank">
        <h2 id="newbank" style={{ marginTop: 0 }}>
          {t('bankNew')}
        </h2>
        <ErrorBox error={error instanceof ApiError && error.errors.length ? null : error} />
        <Field id="bank-name" label={t('bankName')} error={fe('name')}>
          <input {...described('bank-name', fe('name'))} value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field id="bank-description" label={t('bankDescription')} error={fe('description')}>
          <textarea {...described('bank-description', fe('description'))} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <button className="btn" type="submit">
          {t('createShort')}
        </button>
      </form>
    </div>
  );
}

interface QForm {
  id?: string;
  kind: QuestionKind;
  text: string;
  topic: string;
  difficulty: Difficulty;
  explanation: string;
  article: string;
  options: { id?: string; text: string; correct: boolean }[];
}
const emptyQ = (): QForm => ({
  kind: 'single',
  text: '',
  topic: '',
  difficulty: 'easy',
  explanation: '',
  article: '',
  options: [0, 1, 2, 3].map(() => ({ text: '', correct: false })),
});

function QuestionForm({ bankId, initial, onDone, onCancel }: { bankId: string; initial: QForm; onDone: () => void; onCancel: () => void }) {
  const t = useOrganizerT();
  const [f, setF] = useState<QForm>(initial);
  const [error, setError] = useState<unknown>(null);
  const fe = (k: string) => (error instanceof ApiError ? error.field(k) : undefined);
  const setOpt = (i: number, patch: Partial<QForm['options'][number]>) =>
    setF((x) => ({
      ...x,
      options: x.options.map((o, j) => (j === i ? { ...o, ...patch } : f.kind !== 'multiple' && patch.correct ? { ...o, correct: false } : o)),
    }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const options = f.options.filter((o) => o.text.trim() !== '').map((o) => ({ ...(o.id ? { id: o.id } : {}), text: o.text.trim(), correct: o.correct }));
    const body: CreateQuestionRequestV1 = {
      kind: f.kind,
      text: f.text,
      topic: f.topic,
      difficulty: f.difficulty,
      options,
      explanation: f.explanation || null,
      article: f.article || null,
    };
    try {
      if (f.id) await call('PATCH /api/questions/{id}', { path: { id: f.id }, body });
      else await call('POST /api/banks/{bankId}/questions', { path: { bankId }, body });
      onDone();
    } catch (ex) {
      setError(ex);
    }
  };
  const diff = useDiffLabel();
  return (
    <form onSubmit={(e) => void save(e)} noValidate>
      <ErrorBox error={error} />
      <div className="grid2">
        <Field id="q-kind" label={t('questionKind')} error={fe('kind')}>
          <select {...described('q-kind', fe('kind'))} value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as QuestionKind })}>
            <option value="single">{t('kindSingleChoice')}</option>
            <option value="multiple">{t('kindMultipleChoice')}</option>
            <option value="true-false">{t('kindTrueFalseShort')}</option>
          </select>
        </Field>
        <Field id="q-difficulty" label={t('difficulty')} error={fe('difficulty')}>
          <select
            {...described('q-difficulty', fe('difficulty'))}
            value={f.difficulty}
            onChange={(e) => setF({ ...f, difficulty: e.target.value as Difficulty })}
          >
            {DIFFS.map((d) => (
              <option key={d} value={d}>
                {diff(d)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field id="q-topic" label={t('topic')} error={fe('topic')}>
        <input {...described('q-topic', fe('topic'))} value={f.topic} onChange={(e) => setF({ ...f, topic: e.target.value })} />
      </Field>
      <Field id="q-text" label={t('questionText')} error={fe('text')}>
        <textarea {...described('q-text', fe('text'))} value={f.text} onChange={(e) => setF({ ...f, text: e.target.value })} />
      </Field>
      <fieldset className="card">
        <legend>{t('questionOptions')}</legend>
        {fe('options') && <p className="err">{fe('options')}</p>}
        {f.options.map((o, i) => (
          <div className="row" key={i} style={{ marginBottom: '0.4rem', flexWrap: 'nowrap' }}>
            <input
              type="checkbox"
              aria-label={t('optionCorrect', { n: i + 1 })}
              checked={o.correct}
              onChange={(e) => setOpt(i, { correct: e.target.checked })}
              style={{ width: 22, height: 22 }}
            />
            <input className="input" aria-label={t('option', { n: i + 1 })} value={o.text} onChange={(e) => setOpt(i, { text: e.target.value })} />
          </div>
        ))}
        <button
          type="button"
          className="btn small secondary"
          onClick={() => setF({ ...f, options: [...f.options, { text: '', correct: false }] })}
          disabled={f.options.length >= 8}
        >
          + {t('optionAdd')}
        </button>
      </fieldset>
      <Field id="q-explanation" label={t('explanation')} error={fe('explanation')}>
        <textarea {...described('q-explanation', fe('explanation'))} value={f.explanation} onChange={(e) => setF({ ...f, explanation: e.target.value })} />
      </Field>
      <Field id="q-article" label={t('questionArticle')} error={fe('article')}>
        <input {...described('q-article', fe('article'))} value={f.article} onChange={(e) => setF({ ...f, article: e.target.value })} />
      </Field>
      <div className="row">
        <button className="btn" type="submit">
          {t('questionSave')}
        </button>
        <button className="btn secondary" type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function BankPage({ bankId }: { bankId: string }) {
  const t = useOrganizerT();
  const diff = useDiffLabel();
  const bank = useLoad((signal) => call('GET /api/banks/{bankId}', { path: { bankId }, signal }), [bankId], {
    key: routeKey('GET /api/banks/{bankId}', { path: { bankId } }),
  });
  const [search, setSearch] = useState<{ q: string; topic: string; difficulty: Difficulty | '' }>({ q: '', topic: '', difficulty: '' });
  const [applied, setApplied] = useState(search);
  const questions = usePages<QuestionV1, QuestionPageV1>(
    (cursor, signal) =>
      call('GET /api/banks/{bankId}/questions', {
        path: { bankId },
        query: { limit: 50, cursor, q: applied.q || undefined, topic: applied.topic || undefined, difficulty: applied.difficulty || undefined },
        signal,
      }),
    [bankId, applied],
  );
  const [editing, setEditing] = useState<QForm | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReportV1 | null>(null);
  const [importError, setImportError] = useState<unknown>(null);
  const [importing, setImporting] = useState(false);
  const cells = bank.data?.cells ?? [];
  const rejected = report ? rejectionsByRow(report) : [];

  const doImport = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setImporting(true);
    setImportError(null);
    setReport(null);
    const fd = new FormData();
    fd.append('file', file, file.name);
    try {
      setReport(await call('POST /api/banks/{bankId}/import', { path: { bankId }, body: fd }));
      bank.reload();
      questions.refresh();
    } catch (ex) {
      setImportError(ex);
    } finally {
      setImporting(false);
    }
  };
  const edit = (q: QuestionV1) =>
    setEditing({
      id: q.id,
      kind: q.kind,
      text: q.text,
      topic: q.topic,
      difficulty: q.difficulty,
      explanation: q.explanation ?? '',
      article: q.article ?? '',
      options: q.options.map((o) => ({ id: o.id, text: o.text, correct: q.correctOptionIds.includes(o.id) })),
    });

  return (
    <div>
      {bank.loading && !bank.data && <Spinner />}
      <ErrorBox error={bank.error} />
      {bank.data && (
        <>
          <div className="spread">
            <h2 style={{ margin: 0 }}>{bank.data.name}</h2>
            <div className="row">
              <button className="btn small" onClick={() => setEditing(emptyQ())}>
                + {t('questionNew')}
              </button>
              <button
                className="btn small secondary"
                onClick={() => void downloadFile('GET /api/banks/{bankId}/export', { path: { bankId }, query: { format: 'xlsx' } }, 'bank.xlsx')}
              >
                {t('exportXlsx')}
              </button>
              <button
                className="btn small secondary"
                onClick={() => void downloadFile('GET /api/banks/{bankId}/export', { path: { bankId }, query: { format: 'csv' } }, 'bank.csv')}
              >
                {t('exportCsv')}
              </button>
            </div>
          </div>
          <section className="card">
            <h3 style={{ marginTop: 0 }}>{t('bankCoverage')}</h3>
            <CellTable cells={cells} />
          </section>
          <form className="card" onSubmit={(e) => void doImport(e)} aria-labelledby="imp">
            <h3 id="imp" style={{ marginTop: 0 }}>
              {t('importTitle')}
            </h3>
            <p className="muted">{t('importColumns')}</p>
            <div className="row">
              <input
                type="file"
                name="file"
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-label={t('importFile')}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              />
              <button className="btn small" type="submit" disabled={!file || importing}>
                {importing && <span className="spinner" aria-hidden="true" />} {t('importButton')}
              </button>
            </div>
            <ErrorBox error={importError} />
            {report && (
              <div role="status" data-testid="import-report">
                <p className="alert ok">{t('importReport', { imported: report.imported, rejected: rejected.length })}</p>
                {rejected.length > 0 && (
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('importRow')}</th>
                          <th scope="col">{t('importWhy')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {rejected.map((r) => (
                          <tr key={r.row}>
                            <td>{r.row}</td>
                            <td>{r.errors.join('; ')}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </div>
            )}
          </form>
          <section className="card">
            <form
              className="row"
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                setApplied(search);
              }}
            >
              <input
                className="input"
                style={{ flex: '2 1 200px' }}
                aria-label={t('questionSearch')}
                placeholder={t('questionSearchPlaceholder')}
                value={search.q}
                onChange={(e) => setSearch({ ...search, q: e.target.value })}
              />
              <select
                className="input"
                style={{ flex: '1 1 140px' }}
                aria-label={t('topic')}
                value={search.topic}
                onChange={(e) => setSearch({ ...search, topic: e.target.value })}
              >
                <option value="">{t('anyTopic')}</option>
                {[...new Set(cells.map((c) => c.topic))].map((tp) => (
                  <option key={tp}>{tp}</option>
                ))}
              </select>
              <select
                className="input"
                style={{ flex: '1 1 120px' }}
                aria-label={t('difficulty')}
                value={search.difficulty}
                onChange={(e) => setSearch({ ...search, difficulty: e.target.value as Difficulty | '' })}
              >
                <option value="">{t('anyDifficulty')}</option>
                {DIFFS.map((d) => (
                  <option key={d} value={d}>
                    {diff(d)}
                  </option>
                ))}
              </select>
              <button className="btn small" type="submit">
                {t('searchShort')}
              </button>
            </form>
            {questions.last && <p className="muted">{t('questionTotal', { n: questions.last.total })}</p>}
            <DataTable
              caption={t('questionText')}
              captionHidden
              list={questions}
              rowKey={(q) => q.id}
              empty={t('none')}
              columns={[
                { id: 'text', header: t('questionText'), cell: (q) => q.text, sortValue: (q) => q.text },
                { id: 'topic', header: t('topic'), cell: (q) => q.topic, sortValue: (q) => q.topic },
                { id: 'difficulty', header: t('difficulty'), cell: (q) => diff(q.difficulty), sortValue: (q) => DIFFS.indexOf(q.difficulty) },
                {
                  id: 'actions',
                  header: <span className="sr-only">{t('actions')}</span>,
                  cell: (q) => (
                    <button className="btn small secondary" onClick={() => edit(q)} aria-label={`${t('edit')}: ${q.text.slice(0, 40)}`}>
                      {t('edit')}
                    </button>
                  ),
                },
              ]}
            />
          </section>
        </>
      )}
      {editing && (
        <Dialog title={editing.id ? t('questionEdit') : t('questionNew')} onClose={() => setEditing(null)}>
          <div style={{ maxHeight: '75vh', overflowY: 'auto' }}>
            <QuestionForm
              bankId={bankId}
              initial={editing}
              onCancel={() => setEditing(null)}
              onDone={() => {
                setEditing(null);
                bank.reload();
                questions.refresh();
              }}
            />
          </div>
        </Dialog>
      )}
    </div>
  );
}

export function CellTable({ cells }: { cells: readonly BankCellV1[] }) {
  const t = useOrganizerT();
  const diff = useDiffLabel();
  const topics = [...new Set(cells.map((c) => c.topic))];
  if (!cells.length) return <p className="muted">{t('bankEmpty')}</p>;
  const count = (tp: string, d: Difficulty) => cells.find((c) => c.topic === tp && c.difficulty === d)?.count ?? 0;
  return (
    <div className="table-wrap">
      <table data-testid="cell-table">
        <thead>
          <tr>
            <th scope="col">{t('topic')}</th>
            {DIFFS.map((d) => (
              <th scope="col" key={d}>
                {diff(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {topics.map((tp) => (
            <tr key={tp}>
              <th scope="row">{tp}</th>
              {DIFFS.map((d) => (
                <td key={d}>{count(tp, d)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
