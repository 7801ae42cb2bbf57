/** Words chart and table titles are made of: what a region's sub-regions are called (各盟市, 各旗县区), what labels share. Pure. */

/** 盟市 or 市州 under a province, 旗县区 or 县市区 under a city, from the children's names. */
export function childrenWord(parentCode: string, names: string[]): string {
  const has = (k: string): boolean => names.some((n) => n.endsWith(k));
  if (/0000$/.test(parentCode)) return has('盟') ? '盟市' : has('州') || has('地区') ? '市州' : '市';
  const word = ['旗', '县', '市', '区'].filter(has).join('');
  return word === '' ? '下辖地区' : word;
}

/** The longest beginning all the labels share ('' when they share none). */
export function commonPrefix(labels: string[]): string {
  let p = labels[0] ?? '';
  for (const l of labels) while (!l.startsWith(p)) p = p.slice(0, -1);
  return p;
}
