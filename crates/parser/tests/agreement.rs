//! The scanner and `explain` read a model ID the same way: for every string the registry knows
//! (IDs, aliases, platform IDs, wrapped and slugged forms), a literal holding it is found whole and
//! names the model that a lookup of the same text gives.

use remodel_parser::{Lang, Scanner};
use remodel_registry::Registry;

#[test]
fn every_known_form_is_found_whole_and_names_the_same_model() {
    let registry = Registry::embedded().unwrap();
    let scanner = Scanner::new(&registry);
    let mut checked = 0;
    // Every known string, and wrapped forms tools write around them.
    let mut forms: Vec<String> = registry.known_strings().map(str::to_string).collect();
    for m in registry.models() {
        forms.push(format!("anthropic:messages:{}", m.id));
        if let Some(v) = &m.vertex {
            forms.push(format!("vertex_ai/{v}"));
        }
        for b in &m.bedrock {
            forms.push(format!("bedrock/{b}"));
            for p in &m.bedrock_prefixes {
                forms.push(format!("bedrock/{p}.{b}"));
            }
        }
    }
    forms.sort();
    forms.dedup();
    for form in &forms {
        let form = form.as_str();
        let want = registry.lookup(form).map(|m| m.model.id.clone());
        let Some(want) = want else { continue };
        for (lang, src) in [
            (Lang::Python, format!("MODEL = \"{form}\"\n")),
            (
                Lang::TypeScript,
                format!("export const model = '{form}';\n"),
            ),
            (Lang::Yaml, format!("model: {form}\n")),
        ] {
            let found = scanner.scan(lang, src.as_bytes()).unwrap();
            assert_eq!(found.len(), 1, "{lang:?} {form}: {found:?}");
            let f = &found[0];
            assert_eq!(f.text, form, "{lang:?}: the literal is found whole");
            let got = registry.lookup(&f.text).map(|m| m.model.id.clone());
            assert_eq!(got.as_deref(), Some(want.as_str()), "{lang:?} {form}");
        }
        checked += 1;
    }
    assert!(checked > 300, "only {checked} forms checked");
}
