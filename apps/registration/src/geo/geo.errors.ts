import type { ErrorTable } from '@hoi-thi/platform';

export const GEO_ERRORS = {
  'geo.province.not-found': { status: 404, vi: 'Không tìm thấy tỉnh/thành phố.', en: 'Province not found.' },
} satisfies ErrorTable;
