/**
 * A JSON Schema (draft-07, what VS Code's YAML extension redhat.vscode-yaml validates) for the
 * region-year documents of one data folder (FORMAT.md §4, §8), generated from its catalogue and
 * regions: every indicator path as nested `figures` properties with its label and unit, the figure
 * value syntax, the region codes and names. Editors then complete paths, show labels on hover and
 * mark unknown paths while typing; `yearbook check` stays the authority (the schema cannot express
 * sums, rounding or units converted exactly).
 *
 * Pure, except schemaForFolder, which loads the folder.
 */
import type { Catalogue, Indicator, RegionTree } from '../core/model/types.js';
import { FINDING_KINDS } from '../core/model/types.js';
import { UNITS_LONGEST_FIRST, compatible, unitInfo, type UnitInfo } from '../core/model/units.js';
import { loadFolder } from '../app/check.js';

export type JsonSchema = { [key: string]: unknown };

export const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/**
 * Keywords the schema uses beyond draft-07: editor annotations understood by redhat.vscode-yaml
 * (and VS Code's JSON language service). A validator must be told they are annotations
 * (Ajv: `ajv.addVocabulary(EDITOR_KEYWORDS)`).
 */
export const EDITOR_KEYWORDS = ['markdownDescription', 'markdownEnumDescriptions', 'patternErrorMessage', 'doNotSuggest'] as const;

/** The default place of the schema inside a data folder (hidden folders are not walked by the loader). */
export const DEFAULT_SCHEMA_PATH = '.vscode/yearbook.schema.json';

// ---- the figure value syntax of FORMAT.md §4, as parseQuantity reads it --------------------------

const WS = '[\\s\\u3000]*';
const GT = '[>＞]';
const LT = '[<＜]';
const EQ = '[=＝]';
const PREFIX = `(?:${GT}${EQ}|≥|≧|不低于|不少于|${LT}${EQ}|≤|≦|不高于|不超过|${GT}|超过|${LT}|不足|≈|[~～]|约|近)`;
const NUM = '[+\\-−–—＋－]?(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[.．][0-9０-９]+)';
const MORE = '[余多]';
const SUFFIX = '(?:以上|以下|左右)';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '[%％]');
}

/** One written unit; `26万余人次` is read as more than 26万人次. */
function unitAlternative(u: string): string {
  if (u.length > 1 && (u.startsWith('万') || u.startsWith('亿'))) return `${u[0]}(?:${MORE}${WS})?${escapeRegex(u.slice(1))}`;
  return escapeRegex(u);
}

/** `[qualifier] number [余] [unit] [以上]` with the units of the catalogue unit's family. */
export function scalarPattern(units: readonly string[], unitRequired = false): string {
  const unit = `(?:${units.map(unitAlternative).join('|')})`;
  return `^${WS}(?:${PREFIX}${WS})?${NUM}${WS}(?:${MORE}${WS})?${unit}${unitRequired ? '' : '?'}${WS}(?:${SUFFIX}${WS})?$`;
}

/** The units a figure of catalogue unit `u` may be written in. */
export function unitsLike(u: UnitInfo): string[] {
  return UNITS_LONGEST_FIRST.filter((x) => compatible(unitInfo(x)!, u));
}

function familyKey(u: UnitInfo): string {
  if (u.family !== 'count') return u.family;
  return `count-${[...u.base].map((c) => c.codePointAt(0)!.toString(16)).join('')}`;
}

const TEXT: JsonSchema = { type: ['string', 'number', 'boolean', 'null'] };
const DATE = '^\\s*\\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\\d|3[01]))?\\s*$';
const DUE_ITEM = '(?:ongoing|持续推进|长期|\\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\\d|3[01]))?)';
const SEP = '[\\s、,，;；]';

function text(description: string, extra: JsonSchema = {}): JsonSchema {
  return { ...TEXT, description, ...extra };
}

/** Keys of an object sorted, recursively: the schema file is the same for the same catalogue. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function stringifySchema(schema: JsonSchema): string {
  return JSON.stringify(sortKeys(schema), null, 2) + '\n';
}

// ---- figures -------------------------------------------------------------------------------------

interface Pattern {
  segs: string[];
  indicator: Indicator;
  /** Exact keys win over `*` keys, `*` keys in catalogue order (lookupIndicator). */
  rank: number;
}

class FigureSchemas {
  readonly definitions: Record<string, JsonSchema> = {};

  /** The schema of a figure whose catalogue unit is `u`, as a reference to a shared definition. */
  figureRef(u: UnitInfo): string {
    const key = familyKey(u);
    if (!this.definitions[`figure-${key}`]) {
      const units = unitsLike(u);
      const unitList = units.join('、');
      const scalar: JsonSchema = {
        anyOf: [
          { type: 'number' },
          {
            type: 'string',
            pattern: scalarPattern(units),
            patternErrorMessage: `应写作“[限定词]数值[单位]”,如 2169.94、586.83${u.unit}、≥95、250余${u.unit};单位可为:${unitList}`,
          },
        ],
      };
      this.definitions[`value-${key}`] = scalar;
      this.definitions[`figure-${key}`] = {
        anyOf: [
          { $ref: `#/definitions/value-${key}` },
          {
            type: 'object',
            description: '带变动说明的数字:value(本年数),或 before 和 after(前后两个数);可附 growth、increase、pp、note',
            additionalProperties: false,
            properties: {
              value: { $ref: `#/definitions/value-${key}`, description: '本年数' },
              before: { $ref: `#/definitions/value-${key}`, description: '变动前的数' },
              after: { $ref: `#/definitions/value-${key}`, description: '变动后的数' },
              increase: { $ref: `#/definitions/value-${key}`, description: '比上年(或比变动前)增加的量,单位同指标;减少写负数' },
              growth: { $ref: '#/definitions/growth', description: '增长率(百分数,如 8.3%;下降写负数)' },
              pp: { $ref: '#/definitions/pp', description: '变动的百分点数(用于 % 指标,如 1.2 或 1.2个百分点)' },
              note: text('说明文字(照原文)'),
              status: { enum: ['p', 'r', 'e'], description: '数字的状态(FORMAT.md §8c):p 初步数,r 修订数,e 估计数;正式数不写' },
            },
            anyOf: [{ required: ['value'] }, { required: ['before'] }, { required: ['after'] }],
          },
        ],
      };
    }
    return `#/definitions/figure-${key}`;
  }

  shared(): void {
    this.definitions.growth = {
      type: 'string',
      pattern: scalarPattern(['%'], true),
      patternErrorMessage: '增长率须写成百分数,如 8.3%、-0.8%',
    };
    const ppUnit = `(?:[%％]|个?百分点|pp)`;
    this.definitions.pp = {
      anyOf: [
        { type: 'number' },
        { type: 'string', pattern: `^${WS}(?:${PREFIX}${WS})?${NUM}${WS}${ppUnit}?${WS}$`, patternErrorMessage: '百分点数,如 1.2、-0.5、1.2个百分点' },
      ],
    };
  }
}

function indicatorDoc(path: string, ind: Indicator): { description: string; markdownDescription: string } {
  const facts: string[] = [`\`${path}\``];
  if (ind.key !== path) facts.push(`目录项 \`${ind.key}\``);
  facts.push(`单位:${ind.unit.unit}`);
  if (ind.exact) facts.push('精确值(不按四舍五入理解)');
  if (ind.aggregate === 'sum') facts.push('上级地区的数等于各下级之和');
  if (ind.min !== null || ind.max !== null) facts.push(`范围:${ind.min?.toString() ?? '−∞'} ~ ${ind.max?.toString() ?? '+∞'}`);
  const md = [`**${ind.label}**(${ind.unit.unit})`, ind.description ?? '', facts.join(' · ')].filter((s) => s !== '');
  return {
    description: `${ind.label}(${ind.unit.unit})${ind.description ? ':' + ind.description : ''}`,
    markdownDescription: md.join('\n\n'),
  };
}

function figureNode(pats: Pattern[], depth: number, path: string[], figs: FigureSchemas): JsonSchema {
  const ending = pats.filter((p) => p.segs.length === depth).sort((a, b) => a.rank - b.rank);
  if (ending.length > 0) {
    const ind = ending[0]!.indicator;
    return { allOf: [{ $ref: figs.figureRef(ind.unit) }], ...indicatorDoc(path.join('.'), ind) };
  }
  const deeper = pats.filter((p) => p.segs.length > depth);
  const literals = [...new Set(deeper.map((p) => p.segs[depth]!).filter((s) => s !== '*'))].sort();
  const wild = deeper.filter((p) => p.segs[depth] === '*');
  const properties: Record<string, JsonSchema> = {};
  for (const name of literals) {
    properties[name] = figureNode(deeper.filter((p) => p.segs[depth] === name || p.segs[depth] === '*'), depth + 1, [...path, name], figs);
  }
  const node: JsonSchema = { type: 'object', properties };
  const lines = literals.map((name) => {
    const child = properties[name]!;
    const d = typeof child.description === 'string' ? child.description.replace(/[::].*$/, '') : '指标组';
    return `- \`${name}\` ${d}`;
  });
  if (wild.length > 0) {
    const w = figureNode(wild, depth + 1, [...path, '*'], figs);
    node.additionalProperties = w;
    node.propertyNames = { pattern: '^[a-z0-9_]+$', patternErrorMessage: '路径段只能由小写字母、数字和下划线组成' };
    lines.push(`- 其他名称(小写字母、数字、下划线):${typeof w.description === 'string' ? w.description.replace(/[::].*$/, '') : '指标组'}`);
  } else {
    node.additionalProperties = false;
  }
  const where = path.length === 0 ? 'figures' : `\`${path.join('.')}\``;
  node.description = path.length === 0 ? '数字,按 indicators.yaml 的指标路径分层填写' : `指标组 ${path.join('.')}`;
  node.markdownDescription = `${path.length === 0 ? '数字,按 indicators.yaml 的指标路径分层填写' : `指标组 ${where}`}:\n\n${lines.join('\n')}`;
  return node;
}

function figuresSchema(cat: Catalogue, figs: FigureSchemas): JsonSchema {
  const pats: Pattern[] = [];
  for (const [key, ind] of cat.indicators) pats.push({ segs: key.split('.'), indicator: ind, rank: -1 });
  cat.wildcards.forEach((ind, i) => pats.push({ segs: ind.key.split('.'), indicator: ind, rank: i }));
  const root = figureNode(pats, 0, [], figs);
  return { ...root, type: ['object', 'null'] };
}

// ---- the rest of a document ----------------------------------------------------------------------

function regionSchema(regions: RegionTree): JsonSchema {
  const description = '地区:regions.yaml 中的代码(加引号,如 "150500")或全称';
  if (regions.byCode.size === 0) return { type: ['string', 'integer'], description };
  const ordered = [...regions.byCode.values()].sort((a, b) => a.order - b.order);
  const codes = ordered.map((r) => r.code);
  const names = ordered.filter((r) => regions.byName.get(r.name)!.length === 1 && !regions.byCode.has(r.name)).map((r) => r.name);
  const ints = codes.filter((c) => /^[1-9]\d*$/.test(c) && Number.isSafeInteger(Number(c))).map(Number);
  const alternatives: JsonSchema[] = [
    {
      type: 'string',
      enum: [...codes, ...names],
      markdownEnumDescriptions: [...ordered.map((r) => r.name), ...names.map((n) => `代码 ${regions.byName.get(n)![0]!.code}`)],
    },
  ];
  if (ints.length > 0) alternatives.push({ type: 'integer', enum: ints, doNotSuggest: true });
  return { description, anyOf: alternatives };
}

function sectionsSchema(nested: boolean): JsonSchema {
  const props: Record<string, JsonSchema> = {
    title: text('节标题'),
    text: text('正文;可用 {{指标路径}} 引用本文件的数字,如 {{insured.total}}'),
  };
  if (nested) props.sections = { $ref: '#/definitions/sections' };
  return {
    type: ['array', 'null'],
    items: { type: ['object', 'null'], additionalProperties: false, properties: props },
  };
}

function listOf(description: string): JsonSchema {
  return { type: ['array', 'string', 'number', 'null'], items: TEXT, description: `${description}(列表,或用顿号分隔的一行)` };
}

/** The JSON Schema of a region-year document read against `catalogue` and `regions`. */
export function buildDocumentSchema(catalogue: Catalogue, regions: RegionTree, opts: { haveCatalogue?: boolean } = {}): JsonSchema {
  const figs = new FigureSchemas();
  figs.shared();
  const haveCatalogue = opts.haveCatalogue ?? catalogue.indicators.size + catalogue.wildcards.length > 0;
  const figures = haveCatalogue ? figuresSchema(catalogue, figs) : { type: ['object', 'null'], description: '数字(没有 indicators.yaml,路径不作限制)' };
  const date = (description: string): JsonSchema => ({ type: ['string', 'null'], pattern: DATE, patternErrorMessage: '日期写作 YYYY-MM 或 YYYY-MM-DD', description });
  const task: JsonSchema = {
    type: ['object', 'null'],
    additionalProperties: false,
    required: ['no'],
    properties: {
      no: { type: ['string', 'number'], pattern: '\\S', description: '任务序号(必填,不可重复)' },
      group: text('任务所属的类别'),
      title: text('任务名称'),
      text: text('任务内容'),
      lead: listOf('牵头单位'),
      partners: listOf('配合单位'),
      responsible: listOf('责任单位'),
      due: {
        description: '完成时限:ongoing(持续推进)、YYYY-MM 或 YYYY-MM-DD;可写列表',
        anyOf: [
          { type: 'null' },
          { type: 'string', pattern: `^${SEP}*(?:${DUE_ITEM}(?:${SEP}+${DUE_ITEM})*)?${SEP}*$`, patternErrorMessage: '时限写作 ongoing、YYYY-MM 或 YYYY-MM-DD' },
          { type: 'array', items: { type: ['string', 'null'], pattern: `^\\s*${DUE_ITEM}?\\s*$`, patternErrorMessage: '时限写作 ongoing、YYYY-MM 或 YYYY-MM-DD' } },
        ],
      },
      status: { enum: ['done', 'in-progress', 'not-started', '', null], markdownEnumDescriptions: ['已完成', '推进中', '未开始', '未填', '未填'], description: '进展:done 已完成、in-progress 推进中、not-started 未开始' },
      progress: text('进展情况'),
    },
  };
  // the GB/T 9704 elements of FORMAT.md §8a, the same under summary: and plan:
  const gongwen: Record<string, JsonSchema> = {
    issuer: text('发文机关：版头的发文机关标志，也是默认的署名'),
    number: text('发文字号，如 通医保发〔2023〕12号；写了就印版头'),
    header: { type: ['boolean', 'null'], description: '是否印版头（不论有无发文字号）' },
    to: listOf('主送机关，顶格印在正文之前'),
    attachments: {
      type: ['array', 'null'],
      description: '附件：正文后印附件说明，每个附件另页印出，标“附件1”等',
      items: { type: ['object', 'null'], additionalProperties: false, properties: { title: text('附件标题'), text: text('附件正文') } },
    },
    signature: text('署名（默认为发文机关）'),
    date: date('成文日期，印作 2023年12月28日'),
    issued: date('成文日期（同 date）'),
    note: text('附注，如 此件公开发布；印在括号中'),
    cc: listOf('版记：抄送机关'),
    printed_by: text('版记：印发机关'),
    printed_on: date('版记：印发日期'),
  };
  const schema: JsonSchema = {
    $schema: SCHEMA_DIALECT,
    $comment: '由 yearbook schema 根据 indicators.yaml 和 regions.yaml 生成,请勿手工修改;指标或地区变动后重新运行 yearbook schema。',
    title: 'yearbook 地区年度数据文件',
    description: '一个地区一年的数字与文字(见 docs/data-format.md)',
    type: 'object',
    additionalProperties: false,
    required: ['region', 'year'],
    properties: {
      region: regionSchema(regions),
      year: { type: ['integer', 'string'], minimum: 1000, maximum: 9999, pattern: '^\\s*\\d{4}\\s*$', description: '数字所属的年份(四位数)' },
      edition: text('版本,如 公报、年鉴;不同版本的文件互不比较'),
      source: text('出处,如 《内蒙古年鉴》2023卷'),
      script: { enum: ['simplified', 'traditional', '', null], markdownEnumDescriptions: ['简体', '繁体', '简体', '简体'], description: '文字:simplified 简体(默认)或 traditional 繁体' },
      figures,
      accept: {
        type: ['array', 'null'],
        description: '已核实、照原文保留的不一致:与之同类、同路径的发现不再算作错误',
        items: {
          type: ['object', 'null'],
          additionalProperties: false,
          required: ['kind', 'reason'],
          properties: {
            kind: { type: 'string', enum: [...FINDING_KINDS], description: '发现的类别' },
            path: text('指标路径,如 fund.basic.expenditure'),
            reason: { ...TEXT, type: ['string', 'number', 'boolean'], pattern: '\\S', description: '保留的理由(必填)' },
          },
        },
      },
      entry: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: '年鉴条目',
        properties: { author: text('作者'), credit: text('署名'), figure_table: { type: 'boolean', description: '在条目正文后印出主要指标表（默认不印）' }, sections: sectionsSchema(false) },
      },
      summary: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: '工作总结',
        properties: {
          title: text('标题'),
          author: text('作者'),
          intro: text('导语'),
          sections: { $ref: '#/definitions/sections' },
          figure_table: { type: 'boolean', description: '在正文后印出主要指标表（默认不印）' },
          ...gongwen,
        },
      },
      plan: {
        type: ['object', 'null'],
        additionalProperties: false,
        description: '实施方案及其任务',
        properties: {
          title: text('标题'),
          as_of: date('进展截至日期'),
          intro: text('导语；有主送机关（to）时为印发通知的正文，印在方案标题之前'),
          sections: { $ref: '#/definitions/sections' },
          tasks_at: { type: ['integer', 'null'], minimum: 0, description: '任务清单印在第几个带标题的一级标题下（从0数起：1 即“二、”）' },
          figure_table: { type: 'boolean', description: '在正文后印出主要指标表（默认不印）' },
          ...gongwen,
          tasks: { type: ['array', 'null'], items: task, description: '任务清单' },
        },
      },
    },
    definitions: { ...figs.definitions, sections: sectionsSchema(true) },
  };
  return schema;
}

export interface FolderSchema {
  schema: JsonSchema;
  text: string;
  indicators: number;
  regions: number;
  /** Problems of regions.yaml or indicators.yaml (in Chinese): what they omit is missing from the schema. */
  warnings: string[];
  haveCatalogue: boolean;
  haveRegions: boolean;
}

/** Loads `dir` (throws FolderError when it is no folder) and returns its document schema. */
export function schemaForFolder(dir: string): FolderSchema {
  const data = loadFolder(dir);
  const haveCatalogue = data.catalogue.indicators.size + data.catalogue.wildcards.length > 0;
  const haveRegions = data.regions.byCode.size > 0;
  const schema = buildDocumentSchema(data.catalogue, data.regions, { haveCatalogue });
  const warnings: string[] = [];
  for (const name of ['regions', 'indicators']) {
    const n = data.findings.filter((f) => new RegExp(`(^|/)${name}\\.ya?ml$`).test(f.file) && f.severity === 'error').length;
    if (n > 0) warnings.push(`${name}.yaml 有 ${n} 处错误,相应的${name === 'regions' ? '地区' : '指标'}不在 schema 中;运行 yearbook check 查看`);
  }
  if (!haveCatalogue) warnings.push('没有可用的 indicators.yaml:figures 下的路径不作限制');
  if (!haveRegions) warnings.push('没有可用的 regions.yaml:region 不作限制');
  return {
    schema,
    text: stringifySchema(schema),
    indicators: data.catalogue.indicators.size + data.catalogue.wildcards.length,
    regions: data.regions.byCode.size,
    warnings,
    haveCatalogue,
    haveRegions,
  };
}
