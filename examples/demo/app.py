"""Summarizer service. Originally built on claude-3-opus-20240229."""

import os

from anthropic import Anthropic

DEFAULT_MODEL = os.getenv("SUMMARY_MODEL", "claude-3-5-sonnet-20241022")

# Price per million input tokens, by model: a lookup table, left for review.
PRICES = {
    "claude-3-opus-20240229": 15.0,
    "claude-3-haiku-20240307": 0.25,
}


def summarize(text: str, model: str = "claude-3-haiku-20240307") -> str:
    client = Anthropic()
    reply = client.messages.create(
        model="claude-sonnet-4-5-20250929",
        max_tokens=512,
        messages=[{"role": "user", "content": text}],
    )
    return reply.content[0].text
