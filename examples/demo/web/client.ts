import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
const model = process.env.CLAUDE_MODEL ?? "claude-3-7-sonnet-20250219";

export async function ask(question: string) {
  return client.messages.create({
    model: "claude-3-5-haiku-20241022",
    max_tokens: 256,
    messages: [{ role: "user", content: question }],
  });
}

export function isLegacy(id: string): boolean {
  return id === "claude-2.1";
}
