import { api, asList } from '../lib/api';
import { useT } from '../lib/i18n';
import { Link } from '../lib/router';
import { ErrorBox, Spinner, useLoad } from '../ui';

type Obj = Record<string, unknown>;

/** Questions with their keys and explanations, when the round's reveal policy allows. */
export default function Review({ attemptId }: { attemptId: string }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad(async (signal) => asList<Obj>(await api(`/api/attempts/${attemptId}/review`, { signal }), 'questions'), [attemptId]);
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('review')}</h1>
      {loading && <Spinner />}
      <ErrorBox error={error} onRetry={reload} />
      {data?.map((q, i) => {
        const correct = asList<string>(q.correctOptionIds);
        const chosen = asList<string>(q.chosenOptionIds ?? q.optionIds ?? q.answer);
        return (
          <section className="card" key={String(q.id ?? i)}>
            <h2 style={{ marginTop: 0, fontSize: '1rem' }}>
              {t('question', { n: i + 1 })} {q.correct === true ? '✓' : q.correct === false ? '✕' : ''}
            </h2>
            <p className="qtext">{String(q.text ?? '')}</p>
            <ul className="options">
              {asList<Obj>(q.options).map((o) => {
                const id = String(o.id);
                const isCorrect = correct.includes(id) || o.correct === true;
                const isChosen = chosen.includes(id) || o.chosen === true;
                return (
                  <li key={id} className={`option${isCorrect ? ' correct' : isChosen ? ' wrong' : ''}`}>
                    <span aria-hidden="true">{isCorrect ? '✓' : isChosen ? '✕' : '•'}</span>
                    <span>
                      {String(o.text)}
                      {isChosen && <b> — {t('yourAnswer')}</b>}
                      {isCorrect && <span className="sr-only"> — {t('correctAnswer')}</span>}
                    </span>
                  </li>
                );
              })}
            </ul>
            {typeof q.explanation === 'string' && q.explanation && (
              <p>
                <b>{t('explanation')}:</b> {q.explanation}
              </p>
            )}
          </section>
        );
      })}
      <Link to={`/result/${attemptId}`}>{t('back')}</Link>
    </main>
  );
}
