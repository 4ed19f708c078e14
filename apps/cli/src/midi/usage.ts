/** Help for `scale midi ...`, shown by the dispatcher with every usage error of these subcommands. */
export const MIDI_USAGE = `Usage:
  scale midi inspect [--max-bytes N] FILE...
      Print one JSON line per file, as soon as it is read: title, format, tracks, duration,
      notes, the General MIDI programs that sound with their names and note counts, drums;
      or {"file", "ok": false, "error"} when the file is not valid MIDI or cannot be read.
      --max-bytes N   refuse files above N bytes without reading them (default 16777216)
      Exit status: 0 when every file is valid, 1 when any is not, 2 on a usage error.

  scale midi bench [--json] [--seconds S] [--generate N] [DIR|FILE]...
      Time the production extractor against @tonejs/midi and midi-file on every *.mid and
      *.midi file under the DIRs (and every FILE named), all loaded into memory first.
      --seconds S     time each extractor for at least S seconds (default 2)
      --generate N    add N generated demo songs (seed 1); DIRs are then optional
      --json          print one JSON line instead of a table
`;
