import { registerErrors } from '@hoi-thi/platform';

export const GEO_ERRORS = registerErrors({
  'geo.province.not-found': { status: 404, vi: 'Không tìm thấy tỉnh/thành phố.', en: 'Province not found.' },
});
