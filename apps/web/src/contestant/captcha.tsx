import type { CaptchaV1 } from '@hoi-thi/contracts';
import { call } from '../lib/api';
import { useT } from '../lib/i18n';
import { described, Field, useLoad } from '../ui';

export type Captcha = CaptchaV1;

/** A captcha from GET /api/auth/captcha, loaded only while `wanted`; good for one try, then `reload`. */
export function useCaptcha(wanted = true) {
  return useLoad(async (signal) => (wanted ? call('GET /api/auth/captcha', { signal, auth: false }) : undefined), [wanted], { staleTime: 0, gcTime: 0 });
}

/** The picture, a "new code" button and the answer's input (registration, and a login under attack). */
export function CaptchaField({
  captcha,
  value,
  onValue,
  error,
  reload,
}: {
  captcha: Captcha;
  value: string;
  onValue: (v: string) => void;
  error?: string;
  reload: () => void;
}) {
  const t = useT();
  return (
    <Field id="captchaAnswer" label={t('captcha')} error={error} hint={t('captchaHint')}>
      <div className="row" style={{ marginBottom: '0.4rem' }}>
        <span
          role="img"
          aria-label={t('captcha')}
          style={{ background: '#fff', border: '1px solid var(--line)', borderRadius: 8, display: 'inline-block', lineHeight: 0 }}
          dangerouslySetInnerHTML={{ __html: captcha.svg }}
        />
        <button type="button" className="btn small secondary" onClick={reload}>
          {t('captchaRefresh')}
        </button>
      </div>
      <input
        {...described('captchaAnswer', error, t('captchaHint'))}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        autoComplete="off"
        autoCapitalize="off"
      />
    </Field>
  );
}
