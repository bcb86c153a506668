/**
 * Custom Change Data Capture channels (Tooling API `PlatformEventChannel`, channelType data; Change Data Capture
 * Developer Guide, "Filter Your Stream of Change Events with Channels"): the channels, and the filter expressions of
 * their members (`PlatformEventChannelMember.FilterExpression`).
 *
 * The emulator models the filter expressions `Field = 'value'` (text compared case-insensitively, as Salesforce
 * does), `Field = number|true|false|null`, joined by AND / OR with parentheses; `ChangeEventHeader.<field>` names a
 * header field. Anything else (other operators, LIKE, IN, dates…) is refused with a clear error, so a test never
 * passes on a filter the emulator only pretends to apply.
 */
export interface DataChannel {
	Id: string;
	DeveloperName: string;
	FullName: string;
	MasterLabel: string;
	ChannelType: 'data' | 'event';
}

export type Filter = (fields: Record<string, unknown>, header: Record<string, unknown>) => boolean;

type Tok = { t: 'id' | 'str' | 'num' | 'op' | 'lp' | 'rp' | 'kw'; v: string };

const UNMODELED = (what: string) =>
	`The emulator does not model this filter expression (${what}): it applies Field = 'value' terms joined by AND / OR`;

function tokens(expr: string): Tok[] {
	const out: Tok[] = [];
	let i = 0;
	while (i < expr.length) {
		const c = expr[i];
		if (/\s/.test(c)) i++;
		else if (c === '(' || c === ')') {
			out.push({ t: c === '(' ? 'lp' : 'rp', v: c });
			i++;
		} else if (c === "'") {
			let v = '';
			i++;
			while (i < expr.length && expr[i] !== "'") {
				if (expr[i] === '\\' && i + 1 < expr.length) i++;
				v += expr[i++];
			}
			if (i >= expr.length) throw new Error('unterminated text value');
			i++;
			out.push({ t: 'str', v });
		} else if (/[=!<>]/.test(c)) {
			const m = /^(!=|<>|<=|>=|=|<|>)/.exec(expr.slice(i))![0];
			out.push({ t: 'op', v: m });
			i += m.length;
		} else {
			const m = /^[A-Za-z0-9_.:+-]+/.exec(expr.slice(i));
			if (!m) throw new Error(UNMODELED(`character ${c}`));
			const w = m[0];
			i += w.length;
			if (/^(AND|OR|NOT|LIKE|IN|INCLUDES|EXCLUDES)$/i.test(w)) out.push({ t: 'kw', v: w.toUpperCase() });
			else if (/^-?\d+(\.\d+)?$/.test(w)) out.push({ t: 'num', v: w });
			else out.push({ t: 'id', v: w });
		}
	}
	return out;
}

/** Compiles a filter expression; throws for what is malformed or not modelled. */
export function compileFilter(expr: string): Filter {
	const toks = tokens(expr);
	let p = 0;
	const peek = () => toks[p];
	const term = (): Filter => {
		const tok = toks[p++];
		if (!tok) throw new Error('the expression ends too early');
		if (tok.t === 'lp') {
			const inner = or();
			if (toks[p++]?.t !== 'rp') throw new Error('a parenthesis is not closed');
			return inner;
		}
		if (tok.t !== 'id') throw new Error(UNMODELED(`"${tok.v}" where a field name belongs`));
		const op = toks[p++];
		if (op?.t !== 'op' || op.v !== '=') throw new Error(UNMODELED(`operator ${op?.v ?? 'missing'}`));
		const lit = toks[p++];
		if (!lit || !(lit.t === 'str' || lit.t === 'num' || (lit.t === 'id' && /^(true|false|null)$/i.test(lit.v)))) {
			throw new Error(UNMODELED(`value ${lit?.v ?? 'missing'}`));
		}
		const path = tok.v;
		return (fields, header) => {
			const actual = path.startsWith('ChangeEventHeader.') ? header[path.slice('ChangeEventHeader.'.length)] : fields[path];
			if (lit.t === 'str') return typeof actual === 'string' && actual.toLowerCase() === lit.v.toLowerCase();
			if (lit.t === 'num') return Number(actual) === Number(lit.v);
			const word = lit.v.toLowerCase();
			if (word === 'null') return actual === null || actual === undefined || actual === '';
			return (actual === true) === (word === 'true');
		};
	};
	/** `operand (keyword operand)*`, left to right: AND binds tighter than OR. */
	const chain = (keyword: 'AND' | 'OR', operand: () => Filter): Filter => {
		let left = operand();
		while (peek()?.t === 'kw' && peek().v === keyword) {
			p++;
			const l = left;
			const r = operand();
			left = keyword === 'AND' ? (f, h) => l(f, h) && r(f, h) : (f, h) => l(f, h) || r(f, h);
		}
		return left;
	};
	const and = () => chain('AND', term);
	const or = () => chain('OR', and);
	const filter = or();
	if (p < toks.length) throw new Error(UNMODELED(`"${toks[p].v}"`));
	return filter;
}

let counter = 0;

export function createChannels() {
	const channels = new Map<string, DataChannel>();
	return {
		/** defines a channel (as Setup or `POST /tooling/sobjects/PlatformEventChannel` does); returns it */
		define(fullName: string, label = fullName, channelType: 'data' | 'event' = 'data'): DataChannel {
			const existing = channels.get(fullName);
			if (existing) return existing;
			const id = `0YLxx${String(++counter).padStart(10, '0')}AAA`;
			const ch: DataChannel = {
				Id: id,
				DeveloperName: fullName.replace(/__chn$/, ''),
				FullName: fullName,
				MasterLabel: label,
				ChannelType: channelType,
			};
			channels.set(fullName, ch);
			return ch;
		},
		byName: (fullName: string) => channels.get(fullName),
		byId: (id: string) => [...channels.values()].find((c) => c.Id === id),
		all: () => [...channels.values()],
	};
}

export type Channels = ReturnType<typeof createChannels>;
