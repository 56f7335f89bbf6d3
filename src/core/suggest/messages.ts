/** Every user-visible string of the suggest engine, in one place so it can be localised. */

export const messages = {
  truncated: (analysed: number, total: number): string =>
    `The document has ${total.toLocaleString('en-US')} characters; only the first ${analysed.toLocaleString('en-US')} were analysed. Raise the size limit to analyse all of it.`,
  keywordReason: (keyword: string, target: string, where: string): string => `"${keyword}" ${where}: points to ${target}`,
  where: {
    title: 'in the title',
    heading: 'in a heading',
    summary: 'in the summary',
    motivation: 'in the motivation',
    goals: 'in the goals or requirements',
    proposal: 'in the proposal',
    body: 'in the text',
    table: 'in a table',
    quote: 'in a quote',
    list: 'in a list',
  },
  rateOverLimit: (fact: string, peak: string, subject: string, limit: string): string =>
    `${fact} (${peak} at peak) is past one database's ~${limit} ${subject}`,
  readHeavy: (ratio: string): string => `${ratio} reads per write: read-heavy`,
  writeHeavy: (ratio: string): string => `${ratio} writes per read: write-heavy`,
  largeObject: (size: string, limit: string): string => `objects of ${size}, at or past the ~${limit} where bytes belong in object storage, not rows`,
  longTask: (duration: string, limit: string): string => `work that takes ${duration}, longer than a ${limit} request timeout`,
  timedOutTask: (duration: string): string => `work that times out after ${duration}: it does not fit in a request`,
  demandOverSupply: (users: string, items: string, ratio: string): string =>
    `${users} competing for ${items} (${ratio} per item)`,
  openQuestionApplies: (solution: string, answers: string): string =>
    `the doc relies on ${solution} and says nothing of ${answers}`,
  openQuestionGeneral: (answers: string): string => `the doc says nothing of ${answers}`,
} as const;
