import { isDeepStrictEqual } from 'node:util';
import { referenceScan, scanMidi } from '@scale/midi';

export interface Agreement {
  /** Files on which the scanner's verdict equals the reference's, field for field. */
  readonly identical: number;
  /** Indices of the files where they differ, for a person to look at. */
  readonly differing: readonly number[];
}

/**
 * Speed only counts with the same answers: every benched file is also checked against the
 * straightforward reference built on midi-file's event lists. (Error wording differs between the
 * two by design, so refused files agree when both refuse them.)
 */
export function compareWithReference(
  files: readonly Uint8Array[],
  /** Called after each file, for a live count. */
  onFile?: (compared: number, differing: number) => void,
): Agreement {
  let identical = 0;
  const differing: number[] = [];
  files.forEach((bytes, index) => {
    const scanned = scanMidi(bytes, { fallbackTitle: null });
    const reference = referenceScan(bytes, { fallbackTitle: null });
    const same = scanned.ok && reference.ok ? isDeepStrictEqual(scanned, reference) : scanned.ok === reference.ok;
    if (same) identical++;
    else differing.push(index);
    onFile?.(index + 1, differing.length);
  });
  return { identical, differing };
}
