/** Every user-visible string of the suggest engine, in one place so it can be localised. */

export const messages = {
  truncated: (analysed: number, total: number): string =>
    `The document has ${total.toLocaleString('en-US')} characters; only the first ${analysed.toLocaleString('en-US')} were analysed. Raise the size limit to analyse all of it.`,
  keywordReason: (keyword: string, target: string, where: string): string => `"${keyword}" ${where}: signals ${target}`,
  whereHeading: 'in a heading',
  whereTitle: 'in the title',
  whereRequirement: 'in a requirement',
  whereText: 'in the text',
  whereQuote: 'in a quote',
  whereCode: 'in a code block',
  whereReference: 'in a link list',
  readsOverLimit: (fact: string, limit: string): string => `${fact}, above one database's ~${limit} reads/s`,
  writesOverLimit: (fact: string, limit: string): string => `${fact}, above one database's ~${limit} writes/s`,
  requestsOverLimit: (fact: string, limit: string): string =>
    `${fact}, above one database's ~${limit}/s (most of such traffic is reads)`,
  readHeavyRatio: (ratio: string): string => `read:write ratio of ${ratio}: read-heavy`,
  writeHeavyRatio: (ratio: string): string => `write:read ratio of ${ratio}: write-heavy`,
  largeObject: (size: string, limit: string): string => `objects of ${size}, at or above the ~${limit} where blobs belong outside the database`,
  longTask: (duration: string, limit: string): string => `work that takes ${duration}, longer than a ${limit} HTTP timeout`,
  timedOutTask: (duration: string): string => `work that times out after ${duration}: it does not fit in a request`,
  demandOverSupply: (users: string, items: string, ratio: string): string =>
    `${users} competing for ${items} (${ratio} per item): contention for the same items`,
  openQuestionApplies: (solution: string, answers: string): string =>
    `the doc relies on ${solution} and mentions none of: ${answers}`,
  openQuestionGeneral: (answers: string): string => `the doc mentions none of: ${answers}`,
} as const;
