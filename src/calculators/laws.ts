/** The instruments the calculators cite, named once, as the knowledge base names them. */
export const LAW = {
  labourCode: 'Bộ luật Lao động 45/2019/QH14',
  decree145: 'Nghị định 145/2020/NĐ-CP',
  employmentLaw: 'Luật Việc làm 74/2025/QH15',
  socialInsuranceLaw: 'Luật Bảo hiểm xã hội 41/2024/QH15',
  decree135: 'Nghị định 135/2020/NĐ-CP',
} as const;
