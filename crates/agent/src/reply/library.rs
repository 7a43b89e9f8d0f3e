//! The reply templates: one TOML file per language, compiled once into one
//! minijinja environment with the `money`, `date` and `first_name` filters.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use minijinja::value::{Value, ViaDeserialize};
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior, context};

use super::{Money, ReplyError, ReplyFacts, Situation, format_date, format_money};
use crate::lang::Lang;

/// The template files, embedded so a built binary always has its replies.
const FILES: [(Lang, &str); 5] = [
    (Lang::En, include_str!("../../templates/en.toml")),
    (Lang::De, include_str!("../../templates/de.toml")),
    (Lang::Es, include_str!("../../templates/es.toml")),
    (Lang::Fr, include_str!("../../templates/fr.toml")),
    (Lang::Zh, include_str!("../../templates/zh.toml")),
];

/// One language's file: the greeting and closing every reply shares, and one body per situation.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    greeting: String,
    closing: String,
    situations: BTreeMap<String, String>,
    /// Subject lines of the emails sent unasked, by situation.
    #[serde(default)]
    subjects: BTreeMap<String, String>,
}

/// The compiled templates, and why any of them could not be compiled.
struct Library {
    env: Environment<'static>,
    /// Keyed by language code (the file is broken) or template name.
    faults: HashMap<String, String>,
    /// Subject lines, keyed `{code}/{situation}`.
    subjects: HashMap<String, String>,
}

/// The source text of a language's template file.
#[cfg(test)]
pub(super) fn source(lang: Lang) -> &'static str {
    FILES
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, s)| *s)
        .unwrap_or_default()
}

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(load)
}

fn load() -> Library {
    let mut env = Environment::new();
    // Block tags on their own line leave no blank line behind.
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    // A misspelt fact fails the tests instead of silently vanishing from a reply.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Replies are plain text: a descriptor like "A&B SHOP" stays as written.
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.add_filter("money", money);
    env.add_filter("date", date);
    env.add_filter("first_name", first_name);
    let mut faults = HashMap::new();
    let mut subjects = HashMap::new();
    for (lang, text) in FILES {
        match add_language(&mut env, lang, text, &mut faults) {
            Ok(s) => subjects.extend(s),
            Err(fault) => {
                faults.insert(lang.code().to_string(), fault);
            }
        }
    }
    Library {
        env,
        faults,
        subjects,
    }
}

pub(super) fn add_language(
    env: &mut Environment<'static>,
    lang: Lang,
    text: &str,
    faults: &mut HashMap<String, String>,
) -> Result<HashMap<String, String>, String> {
    let code = lang.code();
    let file: File = toml::from_str(text).map_err(|e| format!("templates/{code}.toml: {e}"))?;
    if let Some(unknown) = file
        .situations
        .keys()
        .chain(file.subjects.keys())
        .find(|k| Situation::from_name(k).is_none())
    {
        return Err(format!(
            "templates/{code}.toml: unknown situation `{unknown}`"
        ));
    }
    let pieces = [
        ("greeting".to_string(), file.greeting),
        ("closing".to_string(), file.closing),
    ];
    for (piece, body) in pieces.into_iter().chain(file.situations) {
        let name = format!("{code}/{piece}");
        if let Err(e) = env.add_template_owned(name.clone(), body) {
            faults.insert(name, e.to_string());
        }
    }
    Ok(file
        .subjects
        .into_iter()
        .map(|(situation, subject)| (format!("{code}/{situation}"), subject.trim().to_owned()))
        .collect())
}

/// The subject line of an email sent unasked, if the language's file has one.
pub(super) fn subject(situation: Situation, lang: Lang) -> Option<&'static str> {
    library()
        .subjects
        .get(&format!("{}/{situation}", lang.code()))
        .map(String::as_str)
}

/// Renders greeting, body and closing of one reply, as plain text.
pub(super) fn render_text(
    situation: Situation,
    lang: Lang,
    facts: &ReplyFacts,
) -> Result<String, ReplyError> {
    let library = library();
    if let Some(detail) = library.faults.get(lang.code()) {
        return Err(ReplyError::InvalidFile {
            lang,
            detail: detail.clone(),
        });
    }
    let ctx = context! { lang => lang.code(), ..Value::from_serialize(facts) };
    let pieces = ["greeting", situation.as_str(), "closing"];
    let mut paragraphs = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let name = format!("{}/{piece}", lang.code());
        if let Some(detail) = library.faults.get(&name) {
            return Err(ReplyError::InvalidTemplate {
                situation,
                lang,
                detail: detail.clone(),
            });
        }
        let template = match library.env.get_template(&name) {
            Ok(template) => template,
            Err(e) if e.kind() == ErrorKind::TemplateNotFound => {
                return Err(ReplyError::MissingTemplate { situation, lang });
            }
            Err(source) => {
                return Err(ReplyError::Render {
                    situation,
                    lang,
                    source,
                });
            }
        };
        let text = template.render(&ctx).map_err(|source| ReplyError::Render {
            situation,
            lang,
            source,
        })?;
        paragraphs.push(tidy(&text));
    }
    Ok(paragraphs.join("\n\n"))
}

/// Trims line ends and keeps at most one blank line between paragraphs, so
/// optional sentences that render empty leave no gaps.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            gap = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if gap { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        gap = false;
    }
    out
}

fn lang_of(state: &State) -> Result<Lang, Error> {
    let code = state.lookup("lang");
    code.as_ref()
        .and_then(|v| v.as_str())
        .and_then(Lang::from_code)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidOperation,
                "the reply's language is not set",
            )
        })
}

fn money(state: &State, money: ViaDeserialize<Money>) -> Result<String, Error> {
    Ok(format_money(&money, lang_of(state)?))
}

fn date(state: &State, unix: i64) -> Result<String, Error> {
    Ok(format_date(unix, lang_of(state)?))
}

/// The first word of a name: a greeting uses the given name only.
fn first_name(name: Option<String>) -> String {
    name.as_deref()
        .and_then(|n| n.split_whitespace().next())
        .unwrap_or_default()
        .to_string()
}
