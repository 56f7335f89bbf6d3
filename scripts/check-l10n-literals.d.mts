export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly what: string;
  readonly text: string;
}
export function findUnlocalised(fileName: string, text: string): Finding[];
