// Sample code file for trying snippets: run "System Design Patterns: Insert Snippet…",
// press the Insert button on a solution card, or type "sdp-" for IntelliSense.

export interface Item {
  id: number;
  name: string;
  quantity: number;
  version: number;
}

