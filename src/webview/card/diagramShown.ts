/**
 * Records when the card's first diagram reaches the screen: `data-diagram-shown-at` on the body, the
 * wall-clock time (`Date.now()`, the same clock as the extension host and the test driver) of the
 * first rendering update in which a `figure.diagram` intersects the viewport. An
 * IntersectionObserver computes intersections during that update, after layout, and runs its
 * callback right after it, so the time is that of the frame that first shows the diagram.
 *
 * It measures; it changes nothing on screen. The e2e level reads it to print the time from a click
 * in the tree to the first paint of a card holding a diagram (docs/diagrams.md).
 */
export function recordDiagramShown(root: HTMLElement): void {
  delete document.body.dataset['diagramShownAt'];
  const figures = root.querySelectorAll('figure.diagram');
  if (figures.length === 0 || typeof IntersectionObserver !== 'function') return;
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    document.body.dataset['diagramShownAt'] = String(Date.now());
    observer.disconnect();
  });
  for (const figure of figures) observer.observe(figure);
  // A later card replaces these figures; the observer goes with them.
  window.addEventListener('sdp-card-replaced', () => observer.disconnect(), { once: true });
}
