import { readFileSync, writeFileSync } from 'node:fs';

const FILE = 'test/bench/RESULTS.md';
const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

/** Replaces the generated block of RESULTS.md with this run's table; the notes around it are kept. */
export function writeResults(table: string, machine: string, command: string): void {
  let doc: string;
  try {
    doc = readFileSync(FILE, 'utf8');
  } catch {
    doc = `# Benchmark results\n\n${START}\n${END}\n`;
  }
  const block = [
    START,
    `Latest full run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · \`${command}\` · ${machine}`,
    '',
    table,
    END,
  ].join('\n');
  const i = doc.indexOf(START);
  const j = doc.indexOf(END);
  doc = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + END.length) : `${doc}\n${block}\n`;
  writeFileSync(FILE, doc);
}
