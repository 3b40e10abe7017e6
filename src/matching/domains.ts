/**
 * Which field of law or life an out-of-scope question belongs to, so that the worker gets a short
 * pointer to the right kind of authority instead of a bare "outside my scope" — and never a list of
 * labour entries. Only kinds of authority are named (no office names, numbers or addresses that
 * could be wrong); the wording is in locales (outOfScopeDomain.<domain>). Pure.
 */
import { foldKey } from './normalise.js';

export const DOMAINS = ['land', 'family', 'tax', 'traffic', 'criminal', 'civil', 'consumer', 'health'] as const;
export type Domain = (typeof DOMAINS)[number];

const PATTERNS: [Domain, RegExp][] = [
  [
    'criminal',
    /\b(trom|an trom|cuop|bi lua (mat|qua mang|chuyen khoan)|lua dao qua mang|lua dao chuyen khoan|danh nhau|ma tuy|bi cong an bat|to giac toi pham|hanh hung o (quan|duong|nha)|giet nguoi|bat coc|stolen|robbed|scammed online)\b/,
  ],
  [
    'land',
    /\b(dat dai|so do|so hong|thua dat|manh dat|lo dat|tranh chap dat|ranh gioi dat|lan chiem dat|lan dat|mua ban dat|mua dat|ban dat|chuyen nhuong dat|giay chung nhan quyen su dung|quyen su dung dat|thu hoi dat|den bu dat|giai phong mat bang|xay nha|giay phep xay dung|land dispute|land title)\b/,
  ],
  [
    'family',
    /\b(ly hon|ly di|quyen nuoi con|nuoi con sau ly hon|cap duong|tien cap duong|thua ke|di chuc|chia tai san (vo chong|chung)|tai san chung vo chong|dang ky ket hon|ket hon|khai sinh cho con|lam giay khai sinh|nhan con|ngoai tinh|bao luc gia dinh|divorce|custody|inheritance|marriage registration)\b/,
  ],
  [
    'traffic',
    /\b(phat nguoi|csgt|canh sat giao thong|giay phep lai xe|bang lai|vuot den do|nong do con|bi giu xe|dang kiem|tai nan giao thong (ben|do) (kia|xe kia)|traffic fine|driving licen[cs]e)\b/,
  ],
  [
    'tax',
    /\b(thue dat|thue nha|thue truoc ba|thue mon bai|thue ho kinh doanh|thue ban hang online|thue chuyen nhuong|thue cho thue nha|ma so thue doanh nghiep|hoan thue gtgt|thue gtgt|property tax|vat refund)\b/,
  ],
  [
    'civil',
    /\b(vay tien|cho vay|no tien|doi no|vay nong|tin dung den|app vay|vay qua app|choi hui|vo hui|gop ho|hop dong mua ban nha|dat coc|tien coc|thue nha tro|chu tro|loan shark|landlord|deposit back)\b/,
  ],
  [
    'consumer',
    /\b(mua hang|don hang|hoan tien|bao hanh|giao hang (cham|sai|thieu)|shop online|san thuong mai|hang gia|hang kem chat luong|refund|online order|warranty)\b/,
  ],
  [
    'health',
    /\b(uong thuoc gi|thuoc gi|benh gi|bi dau (bung|dau|rang|lung) (thi|nen)|chua benh|trieu chung|kham o dau tot|bac si nao gioi|which medicine|symptoms?)\b/,
  ],
];

export function outOfScopeDomain(text: string): Domain | undefined {
  const f = foldKey(text);
  for (const [domain, re] of PATTERNS) if (re.test(f)) return domain;
  return undefined;
}
