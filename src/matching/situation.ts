/**
 * Who did what, read from a worker's story before neighbouring entries are chosen between: the
 * employer ended the contract or the worker quit; a pregnancy or a baby under 12 months; a union
 * office; probation; and people outside the Labour Code's "employee" (freelancers, household-business
 * owners, civil servants). Words alone confuse the two sides of a dismissal — "quản lý gọi lên báo em
 * nghỉ từ ngày mai … có được bồi thường không" shares its words with the entry on a worker who quits
 * unlawfully — so the story decides which side's entries may be answered with confidence. Pure.
 */
import { foldKey } from './normalise.js';

export type ContractSide = 'employer_ends' | 'worker_quits';
export type Outsider = 'freelancer' | 'household_business_owner' | 'public_sector';

export interface Situation {
  endedBy?: ContractSide;
  pregnantOrYoungChild?: boolean;
  unionOfficer?: boolean;
  probation?: boolean;
  /** the worker says they are not an employee under a labour contract */
  outsider?: Outsider;
}

const BOSS =
  '(cty|cong ty|sep|quan ly|giam doc|chu|chu xuong|xuong|ho|hr|nhan su|phong nhan su|to truong|truong phong|ben cong ty|doanh nghiep|nha may|chu quan|chu tiem|cong ty cu|ban giam doc)';
const ME = '(em|e|toi|tui|minh|mk|chi|anh|con|chau|vo em|chong em|ba ay|chi ay|anh ay|co ay|me em|bo em|ban em)';

const EMPLOYER_ENDS = new RegExp(
  [
    `\\bbi (cong ty |cty |sep |quan ly |chu |ho )?(duoi|sa thai|cho nghi|cho thoi viec|cat hop dong|cham dut hop dong|don phuong cham dut|ep nghi|buoc nghi|cat giam|cho ve|dut hop dong)`,
    `\\b${BOSS}\\b.{0,40}\\b(cho ${ME} nghi|duoi ${ME}|sa thai ${ME}|bao ${ME} (nghi|khoi di lam|dung lam)|bat ${ME} nghi|ep ${ME} nghi|buoc ${ME} nghi|cho ${ME} thoi viec|cat hop dong|cham dut hop dong|don phuong cham dut|khong cho ${ME} (di )?lam|ko cho ${ME} (di )?lam|khong ky tiep|ko ky tiep|khong gia han|cat giam nhan su|cho nghi viec|tu choi cho ${ME} lam)`,
    `\\b(bao|noi|thong bao|goi len bao) (voi )?${ME} (nghi|thoi viec|khoi di lam|khong can di lam|dung di lam)( viec)? (tu|ke tu|luon|ngay)`,
    `\\b(fired|dismissed|laid off|let go|terminated me|terminate my contract)\\b`,
  ].join('|'),
);

const WORKER_QUITS = new RegExp(
  [
    `\\b${ME} (muon |dinh |da |xin |tu |vua |sap |can |phai |dang tinh |tinh )?(nghi viec|xin nghi viec|xin thoi viec|thoi viec|nop don nghi|nop don xin nghi|bo viec|nghi ngang|tu nghi|nghi lam)\\b`,
    `\\b(tu y nghi|tu nghi viec|tu xin nghi|xin nghi viec|nop don nghi viec|don xin nghi viec|bo ngang)\\b`,
    `\\b(i want to quit|i quit|resign|resigned|resignation)\\b`,
  ].join('|'),
);

const PREGNANT_OR_BABY =
  /\b(co bau|mang bau|mang thai|dang bau|co thai|bau \d+|bau thang|thai \d+ (thang|tuan)|con nho duoi 12 thang|con duoi 12 thang|nuoi con duoi 12 thang|con \d+ thang tuoi|con duoc \d+ thang|moi sinh|vua sinh|vua di de|sau sinh|dang nuoi con nho|pregnant|newborn|maternity leave)\b/;
const UNION_OFFICER =
  /\b(chu tich|pho chu tich|uy vien|can bo|to truong|thu ky|ban chap hanh) (cong doan|cd|cdcs)\b|\b(union (chair|leader|officer|rep|representative))\b/;
const PROBATION = /\b(thu viec|probation)\b/;

const OUTSIDERS: [Outsider, RegExp][] = [
  [
    'household_business_owner',
    /\b(chu ho kinh doanh|ho kinh doanh ca the|kinh doanh ca the|toi kinh doanh|em kinh doanh|minh kinh doanh|mo (tiem|quan|cua hang|shop|sap|xuong) (rieng|cua minh|tai nha)|tu mo (tiem|quan|cua hang|shop|xuong)|tieu thuong|ban hang tu do|household business owner|self-employed|own (a )?(shop|business))\b/,
  ],
  [
    'freelancer',
    /\b(lam tu do|freelance|freelancer|lam freelance|lam thue tu do|tu lam tu an|chay grab|xe om cong nghe|tai xe cong nghe|shipper tu do|lam nghe tu do|ctv tu do|lam ctv tu do)\b/,
  ],
  [
    'public_sector',
    /\b(cong chuc|vien chuc|bien che|can bo xa|can bo phuong|giao vien (truong )?cong lap|bac si (benh vien )?cong|nganh cong an|quan doi|bo doi|civil servant|public servant|state employee)\b/,
  ],
];

export function readSituation(text: string): Situation {
  const f = foldKey(text);
  const situation: Situation = {};
  const employer = EMPLOYER_ENDS.test(f);
  const worker = WORKER_QUITS.test(f);
  // Both told: the employer's act weighs more (a worker told to leave often "writes a resignation").
  if (employer) situation.endedBy = 'employer_ends';
  else if (worker) situation.endedBy = 'worker_quits';
  if (PREGNANT_OR_BABY.test(f)) situation.pregnantOrYoungChild = true;
  if (UNION_OFFICER.test(f)) situation.unionOfficer = true;
  if (PROBATION.test(f)) situation.probation = true;
  for (const [kind, re] of OUTSIDERS) {
    if (re.test(f)) {
      situation.outsider = kind;
      break;
    }
  }
  return situation;
}
