/**
 * The check pipeline of `yearbook check` and of every command that starts from a data folder.
 * Reads the folder and hands it to the kernel; prints nothing, never exits.
 *
 *   io/readFolder(dir) → Source[] → core/checkSources → { Dataset, Report }
 */
import { readFolder } from '../io/folder.js';
import { checkSources, type Checked, type Report } from '../core/check.js';
import { parseSources, type Dataset } from '../core/parse/dataset.js';

export { FolderError } from '../io/folder.js';

/** Reads and checks a data folder. Throws FolderError when `dir` is not a readable folder. */
export function analyseFolder(dir: string): Checked {
  return checkSources(readFolder(dir), { dir });
}

/** The report of a data folder (what `yearbook check` prints). */
export function checkFolder(dir: string): Report {
  return analyseFolder(dir).report;
}

/** A data folder read into a Dataset, unchecked. */
export function loadFolder(dir: string): Dataset {
  return parseSources(readFolder(dir), { dir });
}
