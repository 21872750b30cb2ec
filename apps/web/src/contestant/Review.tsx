import { call } from '../lib/api';
import { useT } from '../lib/i18n';
import { Link } from '../lib/router';
import { routeKey } from '../lib/query';
import { ErrorBox, Spinner, useLoad } from '../ui';

/** Questions with their keys and explanations, when the round's reveal policy allows. */
export default function Review({ attemptId }: { attemptId: string }) {
  const t = useT();
  const { data, error, loading, reload } = useLoad((signal) => call('GET /api/attempts/{id}/review', { path: { id: attemptId }, signal }), [attemptId], {
    key: routeKey('GET /api/attempts/{id}/review', { path: { id: attemptId } }),
  });
  return (
    <main id="main" tabIndex={-1} className="narrow">
      <h1>{t('review')}</h1>
      {loading && <Spinner />}
      <ErrorBox error={error} onRetry={reload} />
      {data?.questions.map((q, i) => (
        <section className="card" key={q.id}>
          <h2 style={{ marginTop: 0, fontSize: '1rem' }}>
            {t('question', { n: i + 1 })} {q.correct ? '✓' : '✕'}
          </h2>
          <p className="qtext">{q.text}</p>
          {q.imageUrl && <img src={q.imageUrl} alt="" style={{ maxWidth: '100%' }} />}
          <ul className="options">
            {q.options.map((o) => {
              const isCorrect = q.correctOptionIds.includes(o.id);
              const isChosen = q.chosenOptionIds.includes(o.id);
              return (
                <li key={o.id} className={`option${isCorrect ? ' correct' : isChosen ? ' wrong' : ''}`}>
                  <span aria-hidden="true">{isCorrect ? '✓' : isChosen ? '✕' : '•'}</span>
                  <span>
                    {o.text}
                    {isChosen && <b> — {t('yourAnswer')}</b>}
                    {isCorrect && <span className="sr-only"> — {t('correctAnswer')}</span>}
                  </span>
                </li>
              );
            })}
          </ul>
          {q.explanation && (
            <p>
              <b>{t('explanation')}:</b> {q.explanation}
            </p>
          )}
        </section>
      ))}
      <Link to={data ? `/result/${attemptId}?round=${data.attempt.roundId}` : `/result/${attemptId}`}>{t('back')}</Link>
    </main>
  );
}
