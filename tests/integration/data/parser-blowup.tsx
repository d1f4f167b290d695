anthropic/claude-3-opus-20240229}remodel: ignore# Claude 3 Opus
claude-2claude-3-7-sonnet-latestanthropic/claude-3-opus-20240229.. code-block:: python
=<!--!claude-3-5-sonnet-v2@20241022```<!--expect(export -->'''"model": remodel: ignore until=2026-01-01top_k: 5-->\n::
test(anthropic/claude-3-opus-20240229-m <!--'model: x = '''--model {"cell_type": "code", "source": [us.anthropic.claude-sonnet-4-20250514-v1:0- const x = !claude-3-5-sonnet-v2@20241022const x = key: |
  claude-3-haiku-20240307# Claude 3 Opus
- 
expect(%%bash
temperature=0.2<!--日本remodel: ignore,