import { describe, expect, it } from 'vitest';
import { html, jsonForScript } from './html';

describe('html', () => {
  it('escapes every interpolated value unless it is html itself', () => {
    const title = `<img src=x onerror="alert('x')"> & co`;
    expect(html`<h1 title="${title}">${title}</h1>${html`<b>${'<i>'}</b>`}`.text).toBe(
      '<h1 title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; co">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt; &amp; co</h1><b>&lt;i&gt;</b>',
    );
  });

  it('joins arrays and leaves out null, undefined and false', () => {
    expect(html`${['a', html`<br>`, '<']}${null}${undefined}${false}${0}`.text).toBe('a<br>&lt;0');
  });
});

describe('jsonForScript', () => {
  it('cannot close its script element or open a comment, and parses back to the same value', () => {
    const value = { name: '</script><script>alert(1)</script><!--', line: 'a\u2028b', amp: 'a&b' };
    const text = jsonForScript(value).text;
    expect(text).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
