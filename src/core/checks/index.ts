/** The list of checks, in the order they run. Add a check here and nowhere else. */
import type { Check } from './context.js';
import { rulesCheck } from './rules.js';
import { changeCheck } from './change.js';
import { aggregateCheck } from './aggregate.js';
import { rangeCheck } from './range.js';
import { duplicateDocumentCheck, duplicateSectionCheck, duplicateTaskCheck } from './duplicates.js';
import { referenceCheck } from './reference.js';
import { overdueCheck } from './overdue.js';
import { textCheck } from './text.js';

export const CHECKS: readonly Check[] = [
  duplicateDocumentCheck,
  rulesCheck,
  changeCheck,
  aggregateCheck,
  rangeCheck,
  duplicateSectionCheck,
  duplicateTaskCheck,
  referenceCheck,
  overdueCheck,
  textCheck,
];
