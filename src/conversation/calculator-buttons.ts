/**
 * Answers whose worker usually wants a number next get a "Tính giúp tôi" button that starts the matching
 * calculator's dialog (issue 18: "starts from a question or from a button under a matching answer").
 * Entry id → calculator name (src/calculators). The dialogs ask in Vietnamese, so the button is offered
 * in Vietnamese conversations only.
 */
export const CALCULATOR_FOR_ENTRY: Readonly<Record<string, string>> = {
  'tro-cap-thoi-viec': 'severance',
  'bhtn-va-tro-cap-thoi-viec': 'severance',
  'tro-cap-mat-viec': 'job-loss',
  'tro-cap-that-nghiep-muc-huong': 'unemployment',
  'tro-cap-that-nghiep-thoi-gian': 'unemployment',
  'luong-lam-them-gio': 'overtime',
  'lam-them-ban-dem': 'overtime',
  'tuoi-nghi-huu': 'retirement',
  'nghi-phep-nam': 'annual-leave',
  'tham-nien-phep-nam': 'annual-leave',
  'tro-cap-thai-san-muc-huong': 'maternity',
  'muc-huong-bhxh-mot-lan': 'si-lump-sum',
  'rut-bhxh-mot-lan': 'si-lump-sum',
  'om-dau-muc-huong': 'sick-pay',
};
