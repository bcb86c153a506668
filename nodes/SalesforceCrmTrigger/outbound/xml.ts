/**
 * A small, safe XML parser for SOAP Outbound Messages: no DTDs, no entity declarations, no external anything.
 * A document containing <!DOCTYPE or <!ENTITY is refused outright (XXE / billion laughs); only the five predefined
 * entities and numeric character references are decoded. Namespace prefixes are kept in `name` and stripped in
 * `local`. Depth and node count are capped.
 */

export interface XmlElement {
	name: string;
	local: string;
	attrs: Record<string, string>;
	children: XmlElement[];
	text: string;
}

export class XmlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlError';
	}
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;

function decode(text: string): string {
	return text.replace(/&(?:([^;\s&<]{1,10});)?/g, (whole, ref: string | undefined) => {
		if (ref === undefined) throw new XmlError('Unescaped & in text');
		if (ref in PREDEFINED) return PREDEFINED[ref];
		let code: number | undefined;
		if (/^#x[0-9a-fA-F]+$/.test(ref)) code = parseInt(ref.slice(2), 16);
		else if (/^#[0-9]+$/.test(ref)) code = parseInt(ref.slice(1), 10);
		if (code === undefined || code > 0x10ffff || (code < 0x20 && code !== 9 && code !== 10 && code !== 13)) {
			throw new XmlError(`Unknown or invalid entity reference ${whole}`);
		}
		return String.fromCodePoint(code);
	});
}

function localName(name: string): string {
	const i = name.indexOf(':');
	return i >= 0 ? name.slice(i + 1) : name;
}

export function parseXml(input: string, limits: { maxDepth?: number; maxNodes?: number } = {}): XmlElement {
	const maxDepth = limits.maxDepth ?? 32;
	const maxNodes = limits.maxNodes ?? 50_000;
	if (/<!DOCTYPE/i.test(input) || /<!ENTITY/i.test(input)) {
		throw new XmlError('DOCTYPE and ENTITY declarations are not allowed');
	}
	let pos = 0;
	let nodes = 0;
	const stack: XmlElement[] = [];
	let root: XmlElement | undefined;
	const src = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;

	const fail = (msg: string): never => {
		throw new XmlError(`${msg} at offset ${pos}`);
	};

	while (pos < src.length) {
		const lt = src.indexOf('<', pos);
		const textEnd = lt < 0 ? src.length : lt;
		if (textEnd > pos) {
			const raw = src.slice(pos, textEnd);
			if (stack.length) stack[stack.length - 1].text += decode(raw);
			else if (raw.trim()) fail('Text outside the root element');
			pos = textEnd;
			continue;
		}
		if (src.startsWith('<?', pos)) {
			const end = src.indexOf('?>', pos + 2);
			if (end < 0) fail('Unterminated processing instruction');
			if (stack.length === 0 && root) fail('Content after the root element');
			pos = end + 2;
			continue;
		}
		if (src.startsWith('<!--', pos)) {
			const end = src.indexOf('-->', pos + 4);
			if (end < 0) fail('Unterminated comment');
			pos = end + 3;
			continue;
		}
		if (src.startsWith('<![CDATA[', pos)) {
			const end = src.indexOf(']]>', pos + 9);
			if (end < 0) fail('Unterminated CDATA section');
			if (!stack.length) fail('CDATA outside the root element');
			stack[stack.length - 1].text += src.slice(pos + 9, end);
			pos = end + 3;
			continue;
		}
		if (src.startsWith('<!', pos)) fail('Declarations are not allowed');
		if (src.startsWith('</', pos)) {
			const m = NAME.exec(src.slice(pos + 2));
			if (!m) fail('Bad closing tag');
			const name = m![0];
			const close = src.indexOf('>', pos + 2 + name.length);
			if (close < 0 || src.slice(pos + 2 + name.length, close).trim()) fail('Bad closing tag');
			const open = stack.pop();
			if (!open || open.name !== name) fail(`Mismatched closing tag </${name}>`);
			pos = close + 1;
			continue;
		}
		// start tag
		pos++;
		const m = NAME.exec(src.slice(pos, pos + 256));
		if (!m) fail('Bad element name');
		const name = m![0];
		pos += name.length;
		const el: XmlElement = { name, local: localName(name), attrs: {}, children: [], text: '' };
		if (++nodes > maxNodes) fail('Too many elements');
		let selfClosing = false;
		for (;;) {
			while (pos < src.length && /\s/.test(src[pos])) pos++;
			if (src.startsWith('/>', pos)) {
				selfClosing = true;
				pos += 2;
				break;
			}
			if (src[pos] === '>') {
				pos++;
				break;
			}
			const a = NAME.exec(src.slice(pos, pos + 256));
			if (!a) fail('Bad attribute');
			pos += a![0].length;
			while (/\s/.test(src[pos] ?? '')) pos++;
			if (src[pos] !== '=') fail('Attribute without value');
			pos++;
			while (/\s/.test(src[pos] ?? '')) pos++;
			const quote = src[pos];
			if (quote !== '"' && quote !== "'") fail('Unquoted attribute value');
			const end = src.indexOf(quote, pos + 1);
			if (end < 0) fail('Unterminated attribute value');
			const value = src.slice(pos + 1, end);
			if (value.includes('<')) fail('< in attribute value');
			if (a![0] in el.attrs) fail(`Duplicate attribute ${a![0]}`);
			el.attrs[a![0]] = decode(value);
			pos = end + 1;
		}
		if (stack.length) stack[stack.length - 1].children.push(el);
		else if (root) fail('More than one root element');
		else root = el;
		if (!selfClosing) {
			stack.push(el);
			if (stack.length > maxDepth) fail('Document nested too deeply');
		}
	}
	if (stack.length) throw new XmlError(`Unclosed element <${stack[stack.length - 1].name}>`);
	if (!root) throw new XmlError('No root element');
	return root;
}

export function child(el: XmlElement | undefined, local: string): XmlElement | undefined {
	return el?.children.find((c) => c.local === local);
}

export function children(el: XmlElement | undefined, local: string): XmlElement[] {
	return el ? el.children.filter((c) => c.local === local) : [];
}

export function escapeXml(text: string): string {
	return text.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);
}
