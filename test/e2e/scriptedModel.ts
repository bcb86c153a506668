/**
 * An OpenAI-compatible chat-completions server for the agent tests: n8n's OpenAI chat-model node talks to it through
 * a credential whose Base URL points here. Each request gets the next scripted turn (tool calls or a final answer);
 * every request is recorded so a test can check what the model was sent: the tools with their descriptions and
 * parameter schemas, and each tool result.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ToolCall {
	name: string;
	args: Record<string, unknown>;
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | null;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: 'function'; function: { name: string; description: string; parameters: any } }>;
	stream?: boolean;
}

/** One model turn: tool calls (computed from the conversation so far) or the final text. */
export type Turn = (request: ChatRequest) => { calls: ToolCall[] } | { text: string };

export class ScriptedModel {
	readonly requests: ChatRequest[] = [];
	private turns: Turn[] = [];
	private calls = 0;
	private constructor(private readonly server: http.Server) {}

	static async start(): Promise<ScriptedModel> {
		const server = http.createServer();
		const model = new ScriptedModel(server);
		server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => void model.handle(req, res));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return model;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
	}

	/** The turns of the next conversation, in order; requests already recorded are kept. */
	script(turns: Turn[]): void {
		this.turns = [...turns];
	}

	/** Turns not yet used: 0 when the agent went through the whole script. */
	get pending(): number {
		return this.turns.length;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = req.url ?? '';
		if (req.method === 'GET' && url.endsWith('/models'))
			return this.json(res, { object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model' }] });
		if (req.method !== 'POST' || !url.endsWith('/chat/completions'))
			return this.json(res, { error: { message: `not scripted: ${req.method} ${url}` } }, 404);
		const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
		this.requests.push(request);
		const turn = this.turns.shift();
		const answer = turn ? turn(request) : { text: 'SCRIPT EXHAUSTED' };
		const message: ChatMessage =
			'calls' in answer
				? {
						role: 'assistant',
						content: null,
						tool_calls: answer.calls.map((c) => ({
							id: `call_${++this.calls}`,
							type: 'function',
							function: { name: c.name, arguments: JSON.stringify(c.args) },
						})),
					}
				: { role: 'assistant', content: answer.text };
		const finish = 'calls' in answer ? 'tool_calls' : 'stop';
		const base = { id: `chatcmpl-${this.requests.length}`, created: Math.floor(Date.now() / 1000), model: request.model };
		if (!request.stream) {
			return this.json(res, {
				...base,
				object: 'chat.completion',
				choices: [{ index: 0, message, finish_reason: finish }],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			});
		}
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		const delta = { ...message, tool_calls: message.tool_calls?.map((c, index) => ({ index, ...c })) };
		const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
		send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] });
		send({
			...base,
			object: 'chat.completion.chunk',
			choices: [{ index: 0, delta: {}, finish_reason: finish }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		});
		res.end('data: [DONE]\n\n');
	}

	private json(res: http.ServerResponse, body: unknown, status = 200): void {
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	}
}

/** The tool results the model was sent in a request, by tool name (in order), parsed from JSON. */
export function toolResults(request: ChatRequest): Array<{ name: string; result: any }> {
	const names = new Map<string, string>();
	for (const m of request.messages) for (const c of m.tool_calls ?? []) names.set(c.id, c.function.name);
	return request.messages
		.filter((m) => m.role === 'tool')
		.map((m) => {
			let result: unknown = m.content;
			try {
				result = JSON.parse(String(m.content));
			} catch {
				// not JSON: kept as text
			}
			return { name: names.get(m.tool_call_id ?? '') ?? '?', result };
		});
}

/** The last tool result the model received. */
export function lastResult(request: ChatRequest): any {
	return toolResults(request).at(-1)?.result;
}
