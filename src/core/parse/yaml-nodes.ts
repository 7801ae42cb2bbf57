/** The neutral YAML tree both readers build (yaml-tree.ts with the yaml package, fast-yaml.ts by hand): plain nodes with source offsets. Types only. */
export interface YScalar {
  t: 's';
  /** The text of the scalar; null for an empty value. */
  v: string | null;
  at: number;
  end: number;
}
export interface YPair {
  k: string;
  kAt: number;
  kEnd: number;
  v: YNode | null;
}
export interface YMap {
  t: 'm';
  items: YPair[];
  at: number;
}
export interface YSeq {
  t: 'q';
  items: (YNode | null)[];
  at: number;
}
export type YNode = YScalar | YMap | YSeq;
