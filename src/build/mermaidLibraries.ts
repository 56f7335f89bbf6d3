import { createDiagramRenderer, type DiagramRenderer, type MermaidLibraries } from '../core/diagrams/renderDiagram';

/**
 * Loads the two libraries. They are ES modules with no CommonJS entry, hence `import()`; the build
 * bundles them into its throw-away build script, and nothing the extension ships includes them.
 * This file lives under src/build, not src/core, so no bundle of the extension or the CLI pulls them in.
 */
export async function loadMermaidLibraries(): Promise<MermaidLibraries> {
  const [maid, beautiful] = await Promise.all([import('@probelabs/maid'), import('beautiful-mermaid')]);
  return {
    validate: (text) => maid.validate(text),
    renderMermaidSVG: (text, options) => beautiful.renderMermaidSVG(text, options),
  };
}

export async function loadDiagramRenderer(): Promise<DiagramRenderer> {
  return createDiagramRenderer(await loadMermaidLibraries());
}

