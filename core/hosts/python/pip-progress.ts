/** pip's output lines, read as the steps of an install (collecting, downloading, installing, done). */
export interface PipProgress {
  stage: 'venv' | 'collecting' | 'downloading' | 'installing' | 'installed';
  message: string;
}

const STEPS: ReadonlyArray<[RegExp, PipProgress['stage']]> = [
  [/^Collecting /, 'collecting'],
  [/^\s*Downloading /, 'downloading'],
  [/^Installing collected packages/, 'installing'],
  [/^Successfully installed /, 'installed'],
];

/** A line splitter for pip's stdout that reports each recognised line. */
export function pipProgress(report: (p: PipProgress) => void): (chunk: string) => void {
  let partial = '';
  return (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const step = STEPS.find(([re]) => re.test(line));
      if (step) report({ stage: step[1], message: line.trim() });
    }
  };
}
