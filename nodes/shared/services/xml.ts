/**
 * A small, safe XML reader and writer for SOAP (convertLead responses, Outbound Messages). No runtime
 * dependencies are allowed in node code, and SOAP needs only elements, attributes and text. Safe by
 * construction: a DOCTYPE or ENTITY declaration is refused, only the five predefined entities and numeric
 * character references are decoded (no entity expansion, so no XXE and no "billion laughs"), and depth and
 * element counts are capped.
 */

export interface XmlElement {
	/** Local name, without namespace prefix. */
	name: string;
	prefix?: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	/** Concatenated text directly inside this element. */
	text: string;
}

export class XmlError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'XmlError';
	}
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
	if (/&(?![^;&\s]{1,12};)/.test(text)) throw new XmlError('A bare "&" is not allowed in XML text');
	return text.replace(/&([^;&\s]{1,12});/g, (whole, ref: string) => {
		if (ref in NAMED) return NAMED[ref];
		const hex = ref.startsWith('#x') || ref.startsWith('#X');
		const code = hex ? parseInt(ref.slice(2), 16) : ref.startsWith('#') ? parseInt(ref.slice(1), 10) : NaN;
		// Only characters XML 1.0 allows: no control characters except tab, newline and carriage return.
		if (Number.isNaN(code) || code > 0x10ffff || (code < 0x20 && code !== 9 && code !== 10 && code !== 13)) {
			throw new XmlError(`Undefined or invalid entity ${whole}: entities are not expanded`);
		}
		return String.fromCodePoint(code);
	});
}

const TAG = /<(\/?)([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function parseXml(input: string, limits: { maxDepth?: number; maxElements?: number } = {}): XmlElement {
	const maxDepth = limits.maxDepth ?? 32;
	const maxElements = limits.maxElements ?? 50_000;
	let xml = input;
	if (xml.charCodeAt(0) === 0xfeff) xml = xml.slice(1);
	const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
	const stack: XmlElement[] = [root];
	let count = 0;
	let pos = 0;
	while (pos < xml.length) {
		const lt = xml.indexOf('<', pos);
		const textEnd = lt === -1 ? xml.length : lt;
		if (textEnd > pos) {
			const text = xml.slice(pos, textEnd);
			if (stack.length === 1) {
				if (text.trim()) throw new XmlError('Text outside the root element');
			} else {
				stack[stack.length - 1].text += decode(text);
			}
		}
		if (lt === -1) break;
		if (xml.startsWith('<?', lt)) {
			const end = xml.indexOf('?>', lt + 2);
			if (end === -1) throw new XmlError('Unterminated processing instruction');
			pos = end + 2;
			continue;
		}
		if (xml.startsWith('<!--', lt)) {
			const end = xml.indexOf('-->', lt + 4);
			if (end === -1) throw new XmlError('Unterminated comment');
			pos = end + 3;
			continue;
		}
		if (xml.startsWith('<![CDATA[', lt)) {
			const end = xml.indexOf(']]>', lt + 9);
			if (end === -1 || stack.length === 1) throw new XmlError('Misplaced or unterminated CDATA section');
			stack[stack.length - 1].text += xml.slice(lt + 9, end);
			pos = end + 3;
			continue;
		}
		if (xml.startsWith('<!', lt)) throw new XmlError('DOCTYPE and ENTITY declarations are not accepted');
		TAG.lastIndex = lt;
		const match = TAG.exec(xml);
		if (!match) throw new XmlError(`Malformed tag at position ${lt}`);
		const [whole, closing, qname, attrText, selfClosing] = match;
		pos = lt + whole.length;
		const [prefix, name] = qname.includes(':') ? qname.split(':') : [undefined, qname];
		if (closing) {
			const open = stack.pop();
			if (!open || stack.length === 0 || open.name !== name || open.prefix !== prefix) {
				throw new XmlError(`Unexpected closing tag </${qname}>`);
			}
			continue;
		}
		if (++count > maxElements) throw new XmlError('Too many elements');
		const attributes: Record<string, string> = {};
		for (const a of attrText.matchAll(ATTR)) attributes[a[1]] = decode(a[2] ?? a[3] ?? '');
		const element: XmlElement = { name, ...(prefix ? { prefix } : {}), attributes, children: [], text: '' };
		const parent = stack[stack.length - 1];
		if (parent === root && root.children.length) throw new XmlError('More than one root element');
		parent.children.push(element);
		if (!selfClosing) {
			if (stack.length > maxDepth) throw new XmlError('Elements nested too deeply');
			stack.push(element);
		}
	}
	if (stack.length !== 1) throw new XmlError(`Unclosed element <${stack[stack.length - 1].name}>`);
	if (!root.children.length) throw new XmlError('No root element');
	return root.children[0];
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
	return element?.children.find((c) => c.name === name);
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
	return element?.children.filter((c) => c.name === name) ?? [];
}

/** Finds the first descendant by a path of local names, e.g. path(env, 'Body', 'Fault', 'faultstring'). */
export function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
	let current = element;
	for (const name of names) current = child(current, name);
	return current;
}

export function escapeXml(value: unknown): string {
	return (
		String(value)
			.replace(/&/g, '&amp;')
			.replace(/</g, '&lt;')
			.replace(/>/g, '&gt;')
			.replace(/"/g, '&quot;')
			.replace(/'/g, '&apos;')
			// Characters XML 1.0 cannot carry at all.
			.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
	);
}
