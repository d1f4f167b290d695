const { AnthropicBedrock } = require("@anthropic-ai/bedrock-sdk");

const client = new AnthropicBedrock();
const MODEL_ID = `us.anthropic.claude-3-haiku-20240307-v1:0`;

module.exports = { client, MODEL_ID };
