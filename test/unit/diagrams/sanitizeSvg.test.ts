import * as assert from 'node:assert/strict';
import { sanitizeSvg } from '../../../src/core/diagrams/sanitizeSvg';
import { themeAttribute } from '../../../src/core/diagrams/diagramTheme';

describe('SVG sanitiser (allow-list, no DOM)', () => {
  const hostile = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)" style="--bg:red">
<style>@import url('https://fonts.example/x.css'); text { fill: red }</style>
<script>alert(2)</script>
<script/>
<!-- a comment --><![CDATA[ alert(3) ]]><?xml-stylesheet href="https://x"?>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(4)"/></div></foreignObject>
<a href="javascript:alert(5)"><text>link</text></a>
<image href="https://tracker.example/p.png" width="1" height="1"/>
<use href="#m" xlink:href="https://x.example/s.svg#a"/>
<g onclick="alert(6)" class="node"><rect x="1" y="1" width="5" height="5" fill="url(https://x.example/p)" stroke="url(#ok)" onmouseover="x()"/>
<text x="1" y="2" FILL="red">A &amp; B &lt;i&gt; &#60;script&#62;</text></g>
<svg><circle r="1"/></svg>
<marker id="ok"><polygon points="0 0, 1 1" fill="javascript:alert(7)"/></marker>
</svg>`;
  const { svg, removed } = sanitizeSvg(hostile);

  it('drops scripts, styles, foreign objects, images, links, uses, comments and CDATA with everything inside', () => {
    assert.doesNotMatch(svg, /<(script|style|foreignObject|a|image|use|div|img)\b/i);
    assert.doesNotMatch(svg, /alert|@import|CDATA|<!--|<\?/);
    for (const kind of ['element script', 'element style', 'element foreignObject', 'element a', 'element image', 'element use', 'comment']) {
      assert.ok(removed.includes(kind), `${kind} in ${removed.join(', ')}`);
    }
  });

  it('drops event handlers, style attributes, hrefs and url() that leave the SVG', () => {
    assert.doesNotMatch(svg, /\son\w+=|\sstyle=|href=/i);
    assert.doesNotMatch(svg, /url\((?!#)/);
    assert.match(svg, /stroke="url\(#ok\)"/, 'a reference inside the SVG survives');
    assert.doesNotMatch(svg, /fill="url\(https/);
  });

  it('keeps the drawing and escapes text exactly once', () => {
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 10 10">/);
    assert.match(svg, /<rect x="1" y="1" width="5" height="5" stroke="url\(#ok\)"\/>/);
    assert.match(svg, /<text x="1" y="2">A &amp; B &lt;i&gt; &lt;script&gt;<\/text>/);
    assert.match(svg, /<\/svg>$/);
  });

  it('keeps one root: a nested <svg> stays (it is allowed), a second root or text outside is dropped', () => {
    const twoRoots = sanitizeSvg('text before<svg viewBox="0 0 1 1"><g/></svg><svg onload="x"><script>y</script></svg>after').svg;
    assert.equal(twoRoots, '<svg viewBox="0 0 1 1"><g/></svg>');
    assert.match(svg, /<svg><circle r="1"\/><\/svg>/);
  });

  it('closes elements left open and ignores stray closing tags', () => {
    assert.equal(sanitizeSvg('<svg><g><rect/></text></svg>').svg, '<svg><g><rect/></g></svg>');
    assert.equal(sanitizeSvg('<svg><g><text>a < b</g>').svg, '<svg><g><text>a  b</text></g></svg>', 'a lone < is dropped, never passed on');
  });
});

describe('diagram theme colours', () => {
  const unknown: string[] = [];
  const theme = (attribute: string, value: string): string => themeAttribute(attribute, value, (name) => unknown.push(name));

  it('maps every renderer variable to a VS Code theme variable with a system-colour fallback', () => {
    assert.equal(theme('fill', 'var(--_node-fill)'), 'var(--vscode-editorWidget-background, Canvas)');
    assert.equal(theme('stroke', 'var(--_line)'), 'var(--vscode-contrastBorder, var(--vscode-descriptionForeground, CanvasText))');
    assert.equal(theme('fill', 'var(--_text)'), 'var(--vscode-editor-foreground, CanvasText)');
    assert.deepEqual(unknown, []);
  });

  it('turns a literal colour into currentColor and keeps none and local references', () => {
    for (const literal of ['#ff0000', '#f00', 'red', 'rgb(200, 10, 10)', 'hsl(0 100% 50%)']) assert.equal(theme('fill', literal), 'currentColor', literal);
    assert.equal(theme('fill', 'none'), 'none');
    assert.equal(theme('stroke', 'url(#sdpd-1-arrow)'), 'url(#sdpd-1-arrow)');
    assert.equal(theme('x', '12.5'), '12.5', 'non-colour attributes are left alone');
  });

  it('gives a literal area fill the box colour, so a label on it (painted currentColor) stays readable', () => {
    const seen: string[] = [];
    const boxFill = themeAttribute('fill', '#f00', (name) => seen.push(name), 'rect');
    const labelFill = themeAttribute('fill', '#fff', (name) => seen.push(name), 'text');
    assert.equal(boxFill, 'var(--vscode-editorWidget-background, Canvas)');
    assert.equal(labelFill, 'currentColor');
    assert.equal(themeAttribute('stroke', '#00f', (name) => seen.push(name), 'path'), 'currentColor');
    assert.deepEqual(seen, []);
  });

  it('reports a variable it has no theme colour for, so the build fails instead of shipping it', () => {
    const seen: string[] = [];
    themeAttribute('fill', 'var(--_new-colour)', (name) => seen.push(name));
    assert.deepEqual(seen, ['--_new-colour']);
  });
});
