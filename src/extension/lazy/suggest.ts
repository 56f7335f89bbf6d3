// Bundled on its own as dist/lazy/suggest.js: the suggest engine loads on the first review,
// not at activation (see ../lazyModules.ts).
export { createSuggestEngine } from '../../core/suggest';
// The review inside the document reads the same markdown structure: it loads with the engine.
export { buildInDocumentReview, hoverMarkdown, spansAt } from '../../core/review/inDocumentReview';
export { answerSectionInsertion, ignoreInsertion, isDeepDiveId, noDeepDivesInsertion } from '../../core/review/insertions';
export { changeIdEdit, removeIdEdit } from '../../core/review/commentIdFixes';
// The outline comes with the analysis (suggestWithOutline): the host parses no text for it.
export { EMPTY_OUTLINE } from '../../core/review/outline';
export { suggestWithOutline } from '../../core/review/suggestWithOutline';
