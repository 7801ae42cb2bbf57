/**
 * The 勘误表's rows and the chapter index (src/render/errata.ts), without a browser: which changed
 * figures a chapter lists (its regions', the children its tables print, its year and before; changed
 * values only), their labels, values as written, order and pages of the old volume; the index built
 * from page texts and read back.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseSources, type Dataset } from '../src/core/parse/dataset.js';
import type { Source } from '../src/core/parse/source.js';
import { diffDatasets } from '../src/core/diff/figures.js';
import { chapterIndex, ChapterIndexError, errataRows, errataTable, parseChapterIndex, type ChapterIndex } from '../src/render/errata.js';

const read = (rel: string): Source => ({ rel, text: readFileSync(`data/${rel}`, 'utf8') });
const BASE = ['regions.yaml', 'indicators.yaml', '2022/150000.yaml', '2022/150200.yaml', '2022/150300.yaml'];
const Y2021 = (total: string): Source => ({ rel: '2021/150000.yaml', text: `region: "150000"\nyear: 2021\nfigures:\n  insured:\n    total: ${total}\n` });
const Y2023 = (n: string): Source => ({ rel: '2023/150300.yaml', text: `region: "150300"\nyear: 2023\nfigures:\n  payment:\n    institutions: ${n}\n` });

/** NEW: the example data with figures of the 全区 entry, two cities, 2021 and 2023 changed, one added and one removed. */
function newSources(): Source[] {
  const edit = (s: Source, ...pairs: [string, string][]): Source => {
    let text = s.text!;
    for (const [a, b] of pairs) {
      expect(text).toContain(a);
      text = text.replace(a, b);
    }
    return { ...s, text };
  };
  const [regions, indicators, whole, baotou, wuhai] = BASE.map(read);
  return [
    regions!,
    indicators!,
    // a revised value (status r), a stated change that changed (increase 30 → 31), a figure removed
    edit(whole!, ['reform_items: 38', 'reform_items: {value: 40, status: r}'], ['{value: 不低于610元, increase: 30}', '{value: 不低于610元, increase: 31}'], ['    share: 54.22%\n', '']),
    // a city's figure the 分地区 table prints, and one added
    edit(baotou!, ['institutions: 115', 'institutions: 117'], ['  payment:\n', '  payment:\n    share: 50%\n']),
    edit(wuhai!, ['institutions: 22', 'institutions: 20']),
    Y2021('2100.5'),
    Y2023('21'),
  ];
}

const load = (sources: Source[], dir: string): Dataset => parseSources(sources, { dir });

function setting(index: ChapterIndex | null = null) {
  const oldData = load([...BASE.map(read), Y2021('2100.05'), Y2023('20')], 'old');
  const newData = load(newSources(), 'new');
  const members = newData.docs.filter((d) => d.entry && d.year === 2022);
  return { newData, members, errata: { changes: diffDatasets(oldData, newData), volume: '《内蒙古年鉴》2023卷', index } };
}

it('lists the changed figures the chapter prints, in region-tree order then year then catalogue order, values as written', () => {
  const { newData, members, errata } = setting();
  expect(members.map((d) => d.regionCode)).toEqual(['150000']);
  const rows = errataRows(newData, members, errata, 2022);
  expect(rows.map((r) => [r.name, r.label, r.old, r.new, r.mark, r.page])).toEqual([
    ['内蒙古自治区', '2021年基本医疗保险参保人数（万人）', '2100.05', '2100.5', null, ''],
    ['内蒙古自治区', '城乡居民医保人均财政补助标准增减量（元）', '30', '31', null, ''],
    ['内蒙古自治区', '实行“一放三减”的行政权力和公共服务事项（项）', '38', '40', 'r', ''],
    ['包头市', '实行DRG/DIP实际付费的医疗机构（家）', '115', '117', null, ''],
    ['乌海市', '实行DRG/DIP实际付费的医疗机构（家）', '22', '20', null, ''],
  ]);
  // the removed share (54.22%), the added 包头 share and the 2023 change are no errata of the 2022 chapter
  expect(rows.some((r) => r.path === 'payment.share' || r.year === 2023)).toBe(false);
  expect(rows.map((r) => r.i)).toEqual([0, 1, 2, 3, 4]);
});

it('the table: a 页码 column only with an index, the note naming the old volume, the r mark explained, parts where it continues', () => {
  const { newData, members, errata } = setting();
  const t = errataTable(newData, members, errata, 2022, 8, { t8: [3] })!;
  expect(t.id).toBe('t8');
  expect(t.pages).toBe(false);
  expect(t.pieces.map((p) => [p.continued, p.rows.length])).toEqual([[false, 3], [true, 2]]);
  expect(t.notes).toEqual(['注：“原数”为《内蒙古年鉴》2023卷所载数字，“更正为”为本卷核实后的数字，以本卷为准。', '数字右上角r为修订数。']);
  // nothing to correct: no table
  expect(errataTable(newData, members, { ...errata, changes: [] }, 2022, 8)).toBeNull();
});

it('the chapter index: region pages from the headings, each figure on the first page of its range that prints its number, children where their rows are', () => {
  const { newData, members } = setting();
  const pages = [
    '医疗保障\n目 录\n内蒙古自治区 2\n',
    '内蒙古自治区\n2022年\n【概况】参保人数2169.94万人，一放三减40项 r\n',
    '表1 基本医疗保险参保人数\n地区\n全区\n2169.94 586.83\n包头市\n245.21 94.21\n乌海市\n47.67 20.76\n',
    '表7\n包头市\n117\n乌海市\n20\n',
    '勘误表\n',
  ];
  const index = chapterIndex(newData, 'T', 2022, members, [2], 5, pages);
  const whole = index.regions.find((r) => r.region === '150000')!;
  expect([whole.first, whole.last, whole.figures['insured.total'], whole.figures['insured.employee']]).toEqual([2, 5, 2, 3]);
  // 40 has two digits: too short to look for (its page is the region's first)
  expect(whole.figures['service.reform_items']).toBeUndefined();
  const baotou = index.regions.find((r) => r.region === '150200')!;
  // 245.21 is on page 3, not in 2169.94's neighbourhood; 117 (three digits) on page 4
  expect([baotou.first, baotou.figures['insured.total'], baotou.figures['payment.institutions']]).toEqual([3, 3, 4]);
  // read back
  const again = parseChapterIndex(JSON.stringify(index), 'x.json');
  expect(again.regions.map((r) => r.region)).toEqual(index.regions.map((r) => r.region));
  // the rows' pages: the figure's page when the index has it, else its region's first page, '—' for a region it lacks
  const { errata } = setting({ ...index, regions: index.regions.filter((r) => r.region !== '150300') });
  const rows = errataRows(newData, members, errata, 2022);
  expect(rows.map((r) => [r.name, r.path, r.page])).toEqual([
    ['内蒙古自治区', 'insured.total', '—'],
    ['内蒙古自治区', 'financing.resident_subsidy', '2'],
    ['内蒙古自治区', 'service.reform_items', '2'],
    ['包头市', 'payment.institutions', '4'],
    ['乌海市', 'payment.institutions', '—'],
  ]);
});

it('an index file that is not one is a ChapterIndexError naming the file', () => {
  expect(() => parseChapterIndex('{', 'old/chapter.index.json')).toThrow(ChapterIndexError);
  expect(() => parseChapterIndex('{"format": "x"}', 'old/chapter.index.json')).toThrow(/old\/chapter\.index\.json：不是分卷页码索引/);
  expect(() => parseChapterIndex('{"format": "yearbook-chapter-index/1", "regions": [{"region": "150000", "year": 2022, "edition": null, "first": 0, "last": 1, "figures": {}}]}', 'i.json')).toThrow(/地区条目有误/);
});

it('status marks (§8c): the prose prints them after the figure when asked (not in a title), the figure table after the value, each with its note', async () => {
  const { figureTable } = await import('../src/render/figure-table.js');
  const { textRenderer, statusNote } = await import('../src/render/text.js');
  const data = load([read('regions.yaml'), read('indicators.yaml'), { rel: '2022/150100.yaml', text: 'region: "150100"\nyear: 2022\nfigures:\n  insured:\n    total: {value: 316.02, status: r}\n    employee: {value: 108.49, status: p}\n    resident: 207.53\n' }], 'd');
  const doc = data.docs[0]!;
  const marks: string[] = [];
  const r = textRenderer(doc, { rounding: 'half-up', prev: undefined, onStatusMark: (m) => void marks.push(m) });
  expect(r.render('参保{{insured.total}}，职工{{insured.employee}}，居民{{insured.resident}}。', 'entry.sections[0].text')).toBe(
    '参保<span class="yb-nb">316.02万人</span><sup class="status-mark">r</sup>，职工<span class="yb-nb">108.49万人</span><sup class="status-mark">p</sup>，居民<span class="yb-nb">207.53万人</span>。',
  );
  expect(marks).toEqual(['r', 'p']);
  expect(r.render('参保{{insured.total}}', 'entry.sections[0].title')).not.toContain('status-mark');
  expect(statusNote(marks as ('r' | 'p')[])).toBe('注：数字右上角p为初步数，r为修订数。');
  // without the option, no mark (summaries, titles in the plan)
  expect(textRenderer(doc, { rounding: 'half-up', prev: undefined }).render('{{insured.total}}', 'x.text')).not.toContain('sup');
  const t = figureTable(doc, 1)!;
  expect(t.rows.map((x) => [x.value, x.mark])).toEqual([['316.02万人', 'r'], ['108.49万人', 'p'], ['207.53万人', null]]);
  expect(t.note).toBe('数字右上角p为初步数，r为修订数。');
});
