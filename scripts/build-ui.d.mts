export interface UiOutputFile {
  bytes: number;
  gzipBytes: number | null;
}

export interface UiBuild {
  skipped: boolean;
  outDir: string;
  files: Record<string, UiOutputFile>;
}

export function buildUi(opts?: { root?: string; force?: boolean; outDir?: string }): Promise<UiBuild>;
export function listOutput(outDir: string): Record<string, UiOutputFile>;
