/**
 * A strict little XML reader for the tests (elements, attributes, text, the five entities, an
 * optional declaration): enough to prove a JUnit report is well-formed and to read it back.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  if (/[<]/.test(s)) throw new Error(`raw "<" in text or attribute near ${at}`);
  return s.replace(/&([a-z]+|#\d+|#x[0-9a-f]+);|&/gi, (_m, name: string | undefined) => {
    if (!name) throw new Error(`bare "&" near ${at}`);
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    if (!(name in ENTITIES)) throw new Error(`unknown entity &${name}; near ${at}`);
    return ENTITIES[name]!;
  });
}

/** Parses a document with one root element; throws on anything malformed. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const s = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>/y;
  while (i < s.length) {
    if (s[i] !== '<') {
      const next = s.indexOf('<', i);
      const end = next < 0 ? s.length : next;
      const chunk = decode(s.slice(i, end), i);
      if (stack.length) stack[stack.length - 1]!.text += chunk;
      else if (chunk.trim()) throw new Error(`text outside the root element near ${i}`);
      i = end;
      continue;
    }
    tag.lastIndex = i;
    const m = tag.exec(s);
    if (!m) throw new Error(`malformed tag near ${i}: ${s.slice(i, i + 40)}`);
    const [, closing, name, rawAttrs, selfClosing] = m;
    i = tag.lastIndex;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs!.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
      if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!, i);
    }
    const el: XmlElement = { name: name!, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (root) throw new Error('more than one root element');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
