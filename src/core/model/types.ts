/** The plain typed data that flows from the loader to the checks and reporters. Types only; no behaviour. */
import type { Decimal } from 'decimal.js';
import type { LineCounter } from 'yaml';
import type { Quantity } from './quantity.js';
import type { UnitInfo } from './units.js';
import type { Relation } from './interval.js';
import type { Expr } from '../rules/expr.js';
import type { Message } from '../findings/messages.js';

export type Severity = 'error' | 'warning' | 'info';

export const FINDING_KINDS = [
  'yaml', 'schema', 'unit', 'equation', 'inequality', 'change', 'aggregate', 'range',
  'duplicate-document', 'duplicate-section', 'duplicate-task', 'reference', 'overdue', 'accept', 'text',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Region {
  code: string;
  name: string;
  short: string | null;
  parent: string | null;
  children: string[];
  /** Position in a depth-first walk of the tree: the order regions are printed in. */
  order: number;
}

export interface RegionTree {
  byCode: Map<string, Region>;
  byName: Map<string, Region[]>;
  roots: string[];
}

export interface Indicator {
  key: string;
  label: string;
  unit: UnitInfo;
  exact: boolean;
  aggregate: 'sum' | null;
  min: Decimal | null;
  max: Decimal | null;
  description: string | null;
}

export interface Rule {
  id: string | null;
  text: string;
  relation: Relation;
  left: Expr;
  right: Expr;
  severity: 'error' | 'warning';
  message: string | null;
  /** Every figure path the rule names (with `*`), in order of appearance; prev() ones marked. */
  paths: { path: string; prev: boolean }[];
  hasWildcard: boolean;
}

/** A statistical table the catalogue declares (FORMAT.md §8b `tables:`). */
export interface TableSpec {
  id: string;
  title: string;
  /** `children`: the chapter region's row (合计) then each child in region-tree order; `years`: one region, a row a year, oldest first. */
  rows: 'children' | 'years';
  /** Figure paths, one column each, in order. */
  columns: string[];
  /** 注：… / 资料来源：… printed under the table, as written (null: none). */
  note: string | null;
  /** Position of the table's entry in indicators.yaml (`tables[2]`). */
  key: PosKey;
}

export interface Catalogue {
  indicators: Map<string, Indicator>;
  wildcards: Indicator[];
  rules: Rule[];
  /** Declared tables; null when the catalogue has no `tables:` key (then the default tables of §8b apply). */
  tables: TableSpec[] | null;
}

/** A file position key such as `figures.insured.total` or `entry.sections[2].text`. */
export type PosKey = string;

export interface FigureValue {
  q: Quantity;
  /** The unit the number is written in (its own or the catalogue's). */
  unit: UnitInfo;
  /** Offset of the written value in the file (kept here, not in Doc.pos: there are millions). */
  at: number;
  /** Caches of model/figure-interval.ts (the decimal and the lean interval); not data. */
  iv?: unknown;
  lean?: unknown;
}

export type FigureStatus = 'p' | 'r' | 'e';

export interface Figure {
  path: string;
  indicator: Indicator | null;
  value: FigureValue | null;
  before: FigureValue | null;
  after: FigureValue | null;
  growth: FigureValue | null;
  increase: FigureValue | null;
  pp: FigureValue | null;
  note: string | null;
  /** FORMAT.md §8c: p 初步数 (provisional), r 修订数 (revised), e 估计数 (estimated); null for a final figure. */
  status: FigureStatus | null;
  /** Offset of the figure's value (the scalar, or the map) in the file. */
  at: number;
}

export interface Section {
  title: string;
  text: string;
  sections: Section[];
  key: PosKey;
}

export interface Due {
  kind: 'ongoing' | 'date';
  /** Last day the task may be finished, `YYYY-MM-DD`, for dated deadlines. */
  last: string | null;
  text: string;
}

export interface Task {
  no: string;
  group: string | null;
  title: string;
  text: string;
  lead: string[];
  partners: string[];
  responsible: string[];
  due: Due[];
  status: 'done' | 'in-progress' | 'not-started' | null;
  progress: string;
  key: PosKey;
}

export interface Entry {
  author: string | null;
  credit: string | null;
  /** `entry.figure_table`: print the figures as a table (表n) after the text (default: no table). */
  figureTable?: boolean;
  sections: Section[];
}

/** An attachment of a 公文 (FORMAT.md §8a): its own page headed 附件1 …, its title centred. */
export interface Attachment {
  title: string;
  text: string;
  key: PosKey;
}

/** The GB/T 9704 elements a summary or plan may carry (FORMAT.md §8a); all optional. */
export interface GongwenElements {
  /** 发文机关: the 版头's 发文机关标志 and the default 署名. */
  issuer: string | null;
  /** 发文字号 (通医保发〔2023〕12号); with it the 版头 is printed. */
  number: string | null;
  /** Forces the 版头 on or off whatever `number` says; null: as `number` says. */
  header: boolean | null;
  /** 主送机关, flush left before the text. */
  to: string[];
  attachments: Attachment[];
  /** 署名 at the end (null: the issuer when there is a date). */
  signature: string | null;
  /** 成文日期 YYYY-MM-DD (a plan's `issued` is read as the same). */
  date: string | null;
  /** 附注, printed in parentheses below the date. */
  note: string | null;
  /** 版记: 抄送. */
  cc: string[];
  /** 版记: 印发机关. */
  printed_by: string | null;
  /** 版记: 印发日期 YYYY-MM-DD. */
  printed_on: string | null;
}

export interface Summary extends GongwenElements {
  title: string;
  author: string | null;
  intro: string;
  sections: Section[];
  /** `figure_table: true`: the figures printed as a table (表1) after the text; off by default. */
  figureTable: boolean;
}

export interface Plan extends GongwenElements {
  title: string;
  /** The same as `date` (FORMAT.md §8a: `issued` is read as the 成文日期). */
  issued: string | null;
  as_of: string | null;
  intro: string;
  sections: Section[];
  /** `figure_table: true`: the figures printed as a table (表1) after the text; off by default. */
  figureTable: boolean;
  /** Where the task list stands among the top-level sections (1 = in the second, 二、); null: not printed in the text. */
  tasks_at: number | null;
  tasks: Task[];
}

export interface Accept {
  kind: string;
  path: string | null;
  reason: string;
  key: PosKey;
}

export interface Doc {
  /** Path shown to the user: DIR as given joined with the path inside DIR. */
  file: string;
  /** Path inside DIR with forward slashes. */
  rel: string;
  regionCode: string | null;
  region: Region | null;
  year: number | null;
  edition: string | null;
  source: string | null;
  script: 'simplified' | 'traditional';
  figures: Map<string, Figure>;
  accept: Accept[];
  entry: Entry | null;
  summary: Summary | null;
  plan: Plan | null;
  pos: Map<PosKey, number>;
  text: string;
  lines: LineCounter;
}

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  rule: string | null;
  region: string | null;
  year: number | null;
  edition: string | null;
  path: string | null;
  figures: string[];
  file: string;
  line: number;
  column: number;
  message: Message;
  expected: string | null;
  actual: string | null;
  accepted: string | null;
  /** Source line for the code frame (not part of the JSON report). */
  sourceLine?: string;
}
