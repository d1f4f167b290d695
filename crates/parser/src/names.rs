//! What a name says about the value it holds: a model setting (`model`, `modelId`, `--llm`), or a
//! record of old models kept on purpose (`DEPRECATED_MODELS`, `legacy_model`, `migrations`).

/// The lowercase words of an identifier, a key or a flag: `defaultModelId` -> `default model id`,
/// `DEPRECATED_MODELS` -> `deprecated models`, `--judge-model` -> `judge model`.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Named like a model setting: `model`, `model_id`, `modelName`, `llm`, `deployment`, `engine`,
/// `default`, `checkpoint`, and the roles a model plays in evals (`grader`, `judge`, `provider`).
pub(crate) fn is_model_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    n.contains("model")
        || n.contains("deployment")
        || n.contains("engine")
        || n.ends_with("llm")
        || n.contains("grader")
        || n.contains("judge")
        || n.contains("provider")
        || n == "default"
        || n == "checkpoint"
}

/// First parts of the names other vendors give their models (`gpt-4o`, `gemini-1.5-pro`,
/// `llama3.3`, `mistral.mistral-large-2407-v1:0`), and `claude-` names the registry does not know.
const OTHER_MODEL_PREFIXES: &[&str] = &[
    "gpt-",
    "gpt4",
    "gpt3",
    "chatgpt",
    "text-davinci",
    "davinci",
    "gemini",
    "gemma",
    "chat-bison",
    "text-bison",
    "llama",
    "meta-llama",
    "meta.llama",
    "codellama",
    "mistral",
    "mixtral",
    "codestral",
    "ministral",
    "pixtral",
    "magistral",
    "command-r",
    "command-a",
    "cohere.",
    "deepseek",
    "qwen",
    "qwq",
    "grok",
    "phi-",
    "phi3",
    "phi4",
    "amazon.",
    "nova-",
    "titan",
    "jamba",
    "ai21.",
    "sonar",
    "kimi",
    "moonshot",
    "glm-",
    "claude-",
];

/// Whether a whole text names a model, ours or another vendor's, as a list of models or a
/// comparison would write it: `openai:chat:gpt-4o`, `ollama:chat:llama3.3`, `gemini/gemini-1.5-pro`,
/// `o3-mini`. Used only to see that a list or table names several models; never to rewrite.
pub(crate) fn looks_like_other_model(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() || t.len() > 120 || t.contains(char::is_whitespace) {
        return false;
    }
    t.split([':', '/']).any(|part| {
        let openai_o = part.len() >= 2
            && part.starts_with('o')
            && part.as_bytes()[1].is_ascii_digit()
            && part[2..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        openai_o || OTHER_MODEL_PREFIXES.iter().any(|p| part.starts_with(p))
    })
}

/// Words that mark a name holding old models on purpose: a deprecation table, a legacy default,
/// a migration map. Rewriting what such a name holds would change its meaning.
const LIFECYCLE_WORDS: &[&str] = &[
    "deprecated",
    "deprecation",
    "deprecations",
    "deprecate",
    "retired",
    "retirement",
    "retirements",
    "retiring",
    "legacy",
    "sunset",
    "obsolete",
    "eol",
    "old",
    "outdated",
    "unsupported",
    "previous",
    "migration",
    "migrations",
    "migrate",
    "replacement",
    "replacements",
    "renamed",
];

/// Named like a record of old models (`DEPRECATED_MODELS`, `legacyModel`, `model_migrations`).
pub(crate) fn is_lifecycle_name(name: &str) -> bool {
    words(name)
        .iter()
        .any(|w| LIFECYCLE_WORDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_snake_camel_kebab_and_screaming_case() {
        assert_eq!(words("defaultModelId"), ["default", "model", "id"]);
        assert_eq!(words("DEPRECATED_MODELS"), ["deprecated", "models"]);
        assert_eq!(words("--judge-model"), ["judge", "model"]);
        assert_eq!(words("gpt4oModel"), ["gpt4o", "model"]);
    }

    #[test]
    fn model_names() {
        for n in [
            "model",
            "model_id",
            "modelName",
            "llm",
            "judge_llm",
            "deployment",
            "default",
        ] {
            assert!(is_model_name(n), "{n}");
        }
        for n in ["name", "id", "value", "fast", "label"] {
            assert!(!is_model_name(n), "{n}");
        }
    }

    #[test]
    fn other_vendors_models() {
        for t in [
            "gpt-4o",
            "openai:chat:gpt-4o",
            "ollama:chat:llama3.3",
            "gemini/gemini-1.5-pro",
            "mistral.mistral-large-2407-v1:0",
            "o3-mini",
            "o1",
            "deepseek-chat",
            "meta-llama/Llama-3.1-8B-Instruct",
        ] {
            assert!(looks_like_other_model(t), "{t}");
        }
        for t in [
            "anthropic",
            "openai",
            "ollama",
            "the gpt-4o model",
            "",
            "options",
            "default",
            "o",
        ] {
            assert!(!looks_like_other_model(t), "{t}");
        }
    }

    #[test]
    fn lifecycle_names_are_whole_words() {
        for n in [
            "DEPRECATED_MODELS",
            "legacyModel",
            "model_migrations",
            "OLD_MODEL",
            "eol",
        ] {
            assert!(is_lifecycle_name(n), "{n}");
        }
        // `old` inside a longer word is not the word `old`.
        for n in ["threshold", "model", "bold_model", "golden", "holder"] {
            assert!(!is_lifecycle_name(n), "{n}");
        }
    }
}
