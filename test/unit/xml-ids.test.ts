import { idFromUrl, isApiName, isFieldPath, isSalesforceId, normalizeId, to18 } from '../../nodes/shared/services/ids';
import { escapeSoqlLike, escapeSoqlString, soqlLiteral } from '../../nodes/shared/services/soql';
import { buildSosl, escapeSosl } from '../../nodes/shared/services/sosl';
import { XmlError, child, escapeXml, parseXml, path } from '../../nodes/shared/services/xml';

describe('ids', () => {
	test('15→18 checksum matches the reference vectors', () => {
		expect(to18('a0RE000000IJmcN')).toBe('a0RE000000IJmcNMAT');
		expect(to18('001M000000qfPyS')).toBe('001M000000qfPySIAU');
		expect(to18('aBcDEfgHIJKLMNO')).toBe('aBcDEfgHIJKLMNO025');
	});
	test('valid ids pass, wrong checksums and injections fail', () => {
		expect(isSalesforceId('001M000000qfPyS')).toBe(true);
		expect(isSalesforceId('001M000000qfPySIAU')).toBe(true);
		expect(isSalesforceId('001M000000qfPySiau')).toBe(true); // the suffix is case-insensitive
		expect(isSalesforceId('001M000000qfPySAAA')).toBe(false);
		expect(isSalesforceId("001' OR '1'='1")).toBe(false);
		expect(normalizeId('001M000000qfPyS')).toBe('001M000000qfPySIAU');
	});
	test('record URLs', () => {
		expect(idFromUrl('https://acme.lightning.force.com/lightning/r/Account/001M000000qfPySIAU/view')).toBe('001M000000qfPySIAU');
		expect(idFromUrl('https://acme.my.salesforce.com/001M000000qfPyS')).toBe('001M000000qfPyS');
		expect(idFromUrl('https://example.com/nothing')).toBeUndefined();
	});
	test('API names and field paths', () => {
		for (const ok of ['Account', 'Invoice__c', 'ns__Thing__c', 'Order_Event__e', 'AccountChangeEvent', 'Custom__mdt'])
			expect(isApiName(ok)).toBe(true);
		for (const bad of ['', 'Account; DELETE', 'Name)', '1Account', 'A__', 'Acc ount', "Name'"]) expect(isApiName(bad)).toBe(false);
		expect(isFieldPath('Account.Owner.Name')).toBe(true);
		expect(isFieldPath('Name) FROM User--')).toBe(false);
	});
});

describe('SOQL and SOSL escaping', () => {
	test('quotes, backslashes, control characters; LIKE wildcards', () => {
		expect(escapeSoqlString("O'Brien \\ 50%")).toBe("O\\'Brien \\\\ 50%");
		expect(escapeSoqlString('a\nb\tc"')).toBe('a\\nb\\tc\\"');
		expect(escapeSoqlLike('50%_off')).toBe('50\\%\\_off');
		expect(soqlLiteral('ünïcødé 🚀')).toBe("'ünïcødé 🚀'");
	});
	test('literals are quoted by describe type, not by the look of the value', () => {
		expect(soqlLiteral('00123', 'string')).toBe("'00123'");
		expect(soqlLiteral('42', 'double')).toBe('42');
		expect(soqlLiteral('2026-01-31', 'date')).toBe('2026-01-31');
		expect(soqlLiteral('LAST_N_DAYS:7', 'datetime')).toBe('LAST_N_DAYS:7');
		expect(() => soqlLiteral("1 OR Name != ''", 'double')).toThrow(/not a number/);
		expect(() => soqlLiteral('true OR x', 'boolean')).toThrow(/not a boolean/);
	});
	test('SOSL reserved characters are escaped and the phrase is quoted', () => {
		expect(escapeSosl("O'Brien & {Sons}")).toBe("O\\'Brien \\& \\{Sons\\}");
		expect(buildSosl({ text: 'a AND b', objects: [{ name: 'Account', fields: ['Id', 'Name'] }], limit: 5 })).toBe(
			'FIND {"a AND b"} IN ALL FIELDS RETURNING Account(Id, Name) LIMIT 5',
		);
	});
});

describe('safe XML reader', () => {
	test('reads a SOAP envelope with namespaces, entities, CDATA', () => {
		const doc = parseXml(
			'<?xml version="1.0"?><s:Envelope xmlns:s="x"><s:Body><r a="1 &amp; 2"><v>&lt;b&gt; &#233;</v><c><![CDATA[<raw>]]></c></r></s:Body></s:Envelope>',
		);
		const r = path(doc, 'Body', 'r');
		expect(r?.attributes.a).toBe('1 & 2');
		expect(child(r, 'v')?.text).toBe('<b> é');
		expect(child(r, 'c')?.text).toBe('<raw>');
	});
	test('refuses DTDs, external entities, undefined entities, entity expansion and malformed documents', () => {
		const hostile = [
			'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
			'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><x>&lol2;</x>',
			'<x>&nbsp;</x>',
			'<x>a & b</x>',
			'<x><y></x>',
			'<x></x><y></y>',
			'not xml',
			'<x>&#1;</x>',
		];
		for (const xml of hostile) expect(() => parseXml(xml)).toThrow(XmlError);
	});
	test('caps nesting depth', () => {
		expect(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100))).toThrow(/nested too deeply/);
	});
	test('escapes values for XML', () => {
		expect(escapeXml('<a href="x">Tom & Jerry\'s\u0001</a>')).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
	});
});
