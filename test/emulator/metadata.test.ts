import { startEmu } from './testkit';

/**
 * The emulator's Metadata API on the wire (Metadata API Developer Guide: DescribeMetadataResult, SaveResult,
 * UpsertResult, DeleteResult, ReadResult, FileProperties; SOAP faults), independent of the pack.
 */
describe('emulator Metadata API (SOAP /services/Soap/m)', () => {
	let k: Awaited<ReturnType<typeof startEmu>>;
	beforeAll(async () => {
		k = await startEmu({ seed: 'none' });
	});
	afterAll(() => k.emu.close());

	const soap = async (body: string, session = k.token.access_token, header = '') => {
		const envelope = `<?xml version="1.0"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><env:Header><m:SessionHeader><m:sessionId>${session}</m:sessionId></m:SessionHeader>${header}</env:Header><env:Body>${body}</env:Body></env:Envelope>`;
		return await k.call('POST', '/services/Soap/m/66.0', envelope, { 'content-type': 'text/xml', soapaction: '""' });
	};
	const field = (name: string, extra = '<m:label>L</m:label><m:type>Text</m:type><m:length>10</m:length>') =>
		`<m:metadata xsi:type="m:CustomField"><m:fullName>${name}</m:fullName>${extra}</m:metadata>`;

	test('describeMetadata: DescribeMetadataObject entries with childXmlNames', async () => {
		const r = await soap('<m:describeMetadata><m:asOfVersion>66.0</m:asOfVersion></m:describeMetadata>');
		expect(r.status).toBe(200);
		expect(r.text).toContain('<metadataObjects><childXmlNames>CustomField</childXmlNames>');
		expect(r.text).toMatch(
			/<xmlName>CustomObject<\/xmlName><\/metadataObjects>.*<partialSaveAllowed>true<\/partialSaveAllowed><testRequired>false<\/testRequired><\/result><\/describeMetadataResponse>/,
		);
		expect(k.emu.count('POST /services/Soap/m')).toBe(1);
	});

	test('createMetadata: a SaveResult per component, errors with statusCode, message and fields; the value escaped on the way back', async () => {
		const r = await soap(
			`<m:createMetadata>${field('Account.Ok__c', '<m:label>A &amp; B &lt;c&gt;</m:label><m:type>Text</m:type><m:length>10</m:length>')}${field('Account.Bad__c', '<m:type>Text</m:type>')}</m:createMetadata>`,
		);
		expect(r.text).toContain(
			'<createMetadataResponse><result><fullName>Account.Ok__c</fullName><success>true</success></result><result><errors><fields>label</fields><message>Must specify a non-empty label for the CustomField</message><statusCode>FIELD_INTEGRITY_EXCEPTION</statusCode></errors><fullName>Account.Bad__c</fullName><success>false</success></result></createMetadataResponse>',
		);
		const read = await soap(
			'<m:readMetadata><m:metadataType>CustomField</m:metadataType><m:fullNames>Account.Ok__c</m:fullNames><m:fullNames>Account.Nope__c</m:fullNames></m:readMetadata>',
		);
		expect(read.text).toContain(
			'<readMetadataResponse><result><records xsi:type="CustomField"><fullName>Account.Ok__c</fullName><label>A &amp; B &lt;c&gt;</label><type>Text</type><length>10</length></records><records xsi:type="CustomField"/></result>',
		);
	});

	test('upsertMetadata: UpsertResult with created; deleteMetadata: DeleteResult; renameMetadata: one SaveResult', async () => {
		const up = await soap(`<m:upsertMetadata>${field('Account.Ok__c')}${field('Account.New__c')}</m:upsertMetadata>`);
		expect(up.text).toContain(
			'<result><created>false</created><fullName>Account.Ok__c</fullName><success>true</success></result><result><created>true</created><fullName>Account.New__c</fullName>',
		);
		const rename = await soap(
			'<m:renameMetadata><m:metadataType>CustomField</m:metadataType><m:oldFullName>Account.New__c</m:oldFullName><m:newFullName>Account.Newer__c</m:newFullName></m:renameMetadata>',
		);
		expect(rename.text).toContain(
			'<renameMetadataResponse><result><fullName>Account.Newer__c</fullName><success>true</success></result></renameMetadataResponse>',
		);
		const del = await soap(
			'<m:deleteMetadata><m:metadataType>CustomField</m:metadataType><m:fullNames>Account.Newer__c</m:fullNames><m:fullNames>Account.Gone__c</m:fullNames></m:deleteMetadata>',
		);
		expect(del.text).toContain(
			'<result><fullName>Account.Newer__c</fullName><success>true</success></result><result><errors><fields>fullName</fields><message>In field: fullName - no CustomField named Account.Gone__c found</message><statusCode>INVALID_CROSS_REFERENCE_KEY</statusCode></errors>',
		);
	});

	test('listMetadata: FileProperties for up to three queries', async () => {
		const r = await soap(
			'<m:listMetadata><m:queries><m:type>CustomField</m:type></m:queries><m:asOfVersion>66.0</m:asOfVersion></m:listMetadata>',
		);
		expect(r.text).toMatch(
			/<result><createdById>005\w+<\/createdById><createdByName>Ada Admin<\/createdByName><createdDate>[\d-]+T[\d:.]+Z<\/createdDate><fileName>objects\/Account\.object<\/fileName><fullName>Account\.External_Id__c<\/fullName><id><\/id>/,
		);
		const four = '<m:queries><m:type>Flow</m:type></m:queries>'.repeat(4);
		expect((await soap(`<m:listMetadata>${four}</m:listMetadata>`)).text).toContain('<faultcode>sf:LIMIT_EXCEEDED</faultcode>');
	});

	test('limits: 10 components a call, 200 for CustomMetadata (not for upsert); one type per call; faults for unknown types and sessions', async () => {
		const eleven = Array.from({ length: 11 }, (_, i) => field(`Account.F${i}__c`)).join('');
		expect((await soap(`<m:createMetadata>${eleven}</m:createMetadata>`)).text).toMatch(
			/<faultcode>sf:LIMIT_EXCEEDED<\/faultcode><faultstring>LIMIT_EXCEEDED: Too many components in one call: the limit is 10<\/faultstring>/,
		);
		const records = Array.from(
			{ length: 11 },
			(_, i) => `<m:metadata xsi:type="m:CustomMetadata"><m:fullName>Rate.R${i}</m:fullName><m:label>R</m:label></m:metadata>`,
		).join('');
		expect((await soap(`<m:createMetadata>${records}</m:createMetadata>`)).text.match(/<success>true<\/success>/g)).toHaveLength(11);
		expect((await soap(`<m:upsertMetadata>${records}</m:upsertMetadata>`)).text).toContain('sf:LIMIT_EXCEEDED');
		const mixed = `${field('Account.M__c')}<m:metadata xsi:type="m:Flow"><m:fullName>F</m:fullName></m:metadata>`;
		expect((await soap(`<m:createMetadata>${mixed}</m:createMetadata>`)).text).toContain('<faultcode>sf:INVALID_TYPE</faultcode>');
		expect(
			(await soap('<m:readMetadata><m:metadataType>Gizmo</m:metadataType><m:fullNames>x</m:fullNames></m:readMetadata>')).text,
		).toContain('sf:INVALID_TYPE');
		const expired = await soap('<m:describeMetadata/>', 'not-a-session');
		expect(expired.status).toBe(500);
		expect(expired.text).toContain('<faultcode>sf:INVALID_SESSION_ID</faultcode>');
	});

	test('AllOrNoneHeader: nothing is saved when one component fails', async () => {
		const r = await soap(
			`<m:createMetadata>${field('Account.Aon1__c')}${field('Account.Aon2__c', '<m:label>x</m:label><m:type>Checkbox</m:type>')}</m:createMetadata>`,
			k.token.access_token,
			'<m:AllOrNoneHeader><m:allOrNone>true</m:allOrNone></m:AllOrNoneHeader>',
		);
		expect(r.text).toContain('<statusCode>ALL_OR_NONE_OPERATION_ROLLED_BACK</statusCode>');
		expect(r.text).toContain('Must specify &apos;defaultValue&apos; for a CustomField of type Checkbox');
		const read = await soap(
			'<m:readMetadata><m:metadataType>CustomField</m:metadataType><m:fullNames>Account.Aon1__c</m:fullNames></m:readMetadata>',
		);
		expect(read.text).toContain('<records xsi:type="CustomField"/>');
	});
});
