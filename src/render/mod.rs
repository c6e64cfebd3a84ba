//! Renderers of the spec documents (Markdown, HTML, DOCX) and `spec.json`, all reading one
//! [`Spec`].
//!
//! Markdown and HTML come from tera templates embedded in the binary ([`BUILTIN`]); a file of the
//! same name in the procurement's `templates/` folder replaces one, and every built-in is also
//! registered as `builtin/<name>` so that a user's template can `{% extends "builtin/spec.html" %}`
//! and override a single block (zola's way). One [`Templates`] (one `Tera` instance) is compiled
//! once per build. Templates receive a [`View`]: the Spec plus what every format shows the same
//! way (labels in the Spec's language, dates in 和暦 and Western form, requirement rows with the
//! waiver conditions placed before the requirement they precede).
//!
//! DOCX is built directly with docx-rs ([`docx`]), from the same [`View`].

pub mod docx;
pub mod html;
pub mod markdown;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Format, OutputConfig};
use crate::error::{Error, Result};
use crate::model::{Lang, Level};
use crate::spec::{Excluded, Spec};

/// The built-in templates: (name, text). `procspec templates` writes these out for editing.
pub const BUILTIN: [(&str, &str); 10] = [
    ("spec.md", include_str!("../../templates/spec.md")),
    ("spec.html", include_str!("../../templates/spec.html")),
    ("spec.css", include_str!("../../templates/spec.css")),
    // The 新旧対照表 of `procspec diff` (src/diff/render.rs).
    ("diff.md", include_str!("../../templates/diff.md")),
    ("diff.html", include_str!("../../templates/diff.html")),
    ("diff.css", include_str!("../../templates/diff.css")),
    (
        "grade/bidder.md",
        include_str!("../../templates/grade/bidder.md"),
    ),
    (
        "grade/bidder.html",
        include_str!("../../templates/grade/bidder.html"),
    ),
    (
        "grade/summary.html",
        include_str!("../../templates/grade/summary.html"),
    ),
    (
        "grade/grade.css",
        include_str!("../../templates/grade/grade.css"),
    ),
];

/// tera's HTML escaping as askama's escaper for the compiled grade reports (`askama.toml`), so
/// that a report gives the same bytes whichever engine renders it.
#[derive(Debug, Clone, Copy)]
pub struct HtmlEscaper;

impl askama::filters::Escaper for HtmlEscaper {
    fn write_escaped_str<W: std::fmt::Write>(&self, mut dest: W, text: &str) -> std::fmt::Result {
        dest.write_str(&tera::escape_html(text))
    }
}

/// The prefix under which every built-in stays reachable when a user's file replaces it.
pub const BUILTIN_PREFIX: &str = "builtin/";

/// One compiled set of templates: the built-ins, with the procurement's overrides.
///
/// Two tera instances hold the same templates: one escapes what HTML templates print (tera's
/// HTML escaping), the other what Markdown templates print ([`markdown::escape`]); tera has one
/// escape function per instance. A template is rendered by the instance of its kind.
pub struct Templates {
    html: tera::Tera,
    markdown: tera::Tera,
    /// Template name → (how messages name it, its text), for placing errors at a line.
    sources: BTreeMap<String, (String, String)>,
    /// The names of the procurement's own template files that differ from the built-ins.
    user: Vec<String>,
}

impl Templates {
    /// The built-in templates only.
    pub fn builtin() -> Result<Templates> {
        Self::compile(Vec::new())
    }

    /// The built-ins, replaced by same-named files of `dir` when it exists. Every text file of
    /// `dir` ([`TEMPLATE_EXTENSIONS`], also in sub-folders, named `sub/file`) is loaded so that
    /// templates can include partials; hidden files and editor backups (`~`) are skipped.
    pub fn load(dir: &Path) -> Result<Templates> {
        let mut user = Vec::new();
        if dir.is_dir() {
            collect(dir, dir, &mut user)?;
        }
        user.sort();
        Self::compile(user)
    }

    fn compile(user: Vec<(String, PathBuf, String)>) -> Result<Templates> {
        let mut sources = BTreeMap::new();
        let mut raw: Vec<(String, String)> = Vec::new();
        for (name, text) in BUILTIN {
            let prefixed = format!("{BUILTIN_PREFIX}{name}");
            sources.insert(
                prefixed.clone(),
                (format!("built-in {name}"), text.to_string()),
            );
            raw.push((prefixed, text.to_string()));
            if !user.iter().any(|(n, _, _)| n == name) {
                sources.insert(
                    name.to_string(),
                    (format!("built-in {name}"), text.to_string()),
                );
                raw.push((name.to_string(), text.to_string()));
            }
        }
        // A file that is a copy of the built-in of its name (`procspec templates`, not edited)
        // changes nothing it renders.
        let names: Vec<String> = user
            .iter()
            .filter(|(name, _, text)| !BUILTIN.iter().any(|(n, t)| n == name && t == text))
            .map(|(name, _, _)| name.clone())
            .collect();
        for (name, path, text) in user {
            // Each user template is parsed alone first, so that a syntax error names its file.
            if let Err(e) = tera::Template::new(&name, None, &text) {
                return Err(template_error(&path.display().to_string(), &e));
            }
            sources.insert(name.clone(), (path.display().to_string(), text.clone()));
            raw.push((name, text));
        }
        let instance = |suffixes: Vec<&'static str>, escape: fn(&str) -> String| {
            let mut tera = tera::Tera::default();
            tera.autoescape_on(suffixes);
            tera.set_escape_fn(escape);
            // `md_cell` and `md_text` escaped by hand before Markdown templates were escaped
            // automatically; a procurement's template written for that still renders, escaped
            // once, by the automatic escaping.
            for name in ["md_cell", "md_text"] {
                tera.register_filter(name, |value: &tera::Value, _: &_| Ok(value.clone()));
            }
            // Inheritance problems (an unknown parent, a cycle) show up only on the whole set.
            tera.add_raw_templates(raw.clone())
                .map_err(|e| locate(&sources, None, &e))?;
            Ok::<_, Error>(tera)
        };
        let html = instance(vec![".html", ".htm", ".xml"], tera::escape_html)?;
        let markdown = instance(vec![".md"], markdown::escape)?;
        Ok(Templates {
            html,
            markdown,
            sources,
            user: names,
        })
    }

    /// Whether the procurement has a template of its own (not a copy of a built-in) whose name
    /// starts with `prefix` (`grade/`: then the grade reports are rendered by tera from the
    /// procurement's templates, not by their compiled built-ins, since any of them may include
    /// the others).
    pub fn overrides(&self, prefix: &str) -> bool {
        self.user.iter().any(|name| name.starts_with(prefix))
    }

    /// Renders template `name` with `doc` (a spec document's [`View`], a grade report's page).
    pub fn render(&self, name: &str, doc: &impl Serialize) -> Result<String> {
        self.render_context(name, &Self::context(doc))
    }

    /// What a template reads, `doc`, made once for templates that render the same values (a
    /// bidder's Markdown and HTML reports): tera copies every value into its own tree.
    pub fn context(doc: &impl Serialize) -> tera::Context {
        let mut context = tera::Context::new();
        context.insert("doc", doc);
        context
    }

    /// Renders template `name` with a [`Templates::context`].
    pub fn render_context(&self, name: &str, context: &tera::Context) -> Result<String> {
        let tera = if name.ends_with(".md") {
            &self.markdown
        } else {
            &self.html
        };
        tera.render(name, context)
            .map_err(|e| locate(&self.sources, Some(name), &e))
    }
}

/// A tera error after parsing (rendering, inheritance), placed at the first line of a template
/// that holds a name the message quotes (`doc.foo`, 'nofilter', 'parent.html'): tera does not
/// give lines for these. The named template is searched first; an include may hold the culprit.
fn locate(
    sources: &BTreeMap<String, (String, String)>,
    rendering: Option<&str>,
    e: &tera::Error,
) -> Error {
    let chain = chain_text(e);
    // Tera's outer message only repeats the template name: keep the cause.
    let message = chain
        .split_once(": ")
        .filter(|(outer, _)| outer.starts_with("Failed to "))
        .map(|(_, cause)| cause.to_string())
        .unwrap_or_else(|| chain.clone());
    let named = rendering.and_then(|n| sources.get(n)).or_else(|| {
        sources
            .iter()
            .find(|(n, _)| message.starts_with(&format!("Template '{n}'")))
            .map(|(_, s)| s)
    });
    let quoted: Vec<&str> = quoted_names(&message)
        .into_iter()
        .filter(|q| !sources.contains_key(*q) || rendering.is_none())
        .collect();
    for (shown, text) in named.into_iter().chain(sources.values()) {
        for q in &quoted {
            if let Some(line) = line_containing(text, q) {
                return Error::Template {
                    name: format!("{shown}:{line}"),
                    message,
                };
            }
        }
    }
    let shown = named
        .map(|(s, _)| s.clone())
        .or_else(|| rendering.map(str::to_string))
        .unwrap_or_else(|| "templates".into());
    Error::Template {
        name: shown,
        message,
    }
}

/// The files of `templates/` that are loaded as templates.
const TEMPLATE_EXTENSIONS: [&str; 9] = [
    "md", "html", "htm", "css", "xml", "txt", "svg", "js", "tera",
];

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf, String)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        paths.push(entry.map_err(|e| Error::io(dir, e))?.path());
    }
    paths.sort();
    for path in paths {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if file_name.starts_with('.') || file_name.ends_with('~') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out)?;
            continue;
        }
        // Only text a template can be; images and other files beside them are left alone.
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !TEMPLATE_EXTENSIONS.contains(&ext.as_str()) {
            continue;
        }
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Error::Template {
                name: path.display().to_string(),
                message: "is not UTF-8 text; save it as UTF-8".into(),
            },
            _ => Error::io(&path, e),
        })?;
        out.push((name, path, text));
    }
    Ok(())
}

/// Tera's message and every cause, joined: the cause holds the actual problem.
fn chain_text(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// A parse error: tera (pest) writes the place as ` --> 3:5`.
fn template_error(shown: &str, e: &tera::Error) -> Error {
    let chain = chain_text(e);
    let place = chain.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest.split(|c: char| !c.is_ascii_digit());
        let line: usize = it.next()?.parse().ok()?;
        let col: usize = it.next()?.parse().ok()?;
        Some((line, col))
    });
    // The pest message spans several lines with a caret drawing; keep its last line, the
    // "expected …" part, after the place.
    let problem = chain
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty() && !l.starts_with('|') && !l.starts_with('='))
        .unwrap_or(&chain)
        .trim_start_matches("= ")
        .to_string();
    let detail = chain
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("= "))
        .map(|l| l.trim_start_matches("= ").to_string())
        .unwrap_or(problem);
    match place {
        Some((line, col)) => Error::Template {
            name: format!("{shown}:{line}:{col}"),
            message: detail,
        },
        None => Error::Template {
            name: shown.to_string(),
            message: chain,
        },
    }
}

/// Names quoted in a tera message with backticks or single quotes, in order.
fn quoted_names(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for quote in ['`', '\''] {
        let parts: Vec<&str> = message.split(quote).collect();
        // Odd parts are inside quotes when a closing quote follows.
        for i in (1..parts.len().saturating_sub(1)).step_by(2) {
            if !parts[i].is_empty() && !parts[i].contains(char::is_whitespace) {
                out.push(parts[i]);
            }
        }
    }
    out
}

fn line_containing(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|n| n + 1)
}

/// Labels in the Spec's language; templates read them as `doc.labels.*`.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub id: &'static str,
    pub requirement: &'static str,
    pub level: &'static str,
    pub points: &'static str,
    pub condition: &'static str,
    pub waives: &'static str,
    pub item: &'static str,
    pub value: &'static str,
    pub rules: &'static str,
    pub rules_intro: &'static str,
    pub when: &'static str,
    pub excluded: &'static str,
    pub excluded_intro: &'static str,
    pub title: &'static str,
    pub reason: &'static str,
    pub fingerprint: &'static str,
    pub issued: &'static str,
    pub nothing_asked: &'static str,
}

impl Labels {
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Ja => &crate::words::ja::DOCUMENT,
            Lang::En => &crate::words::en::DOCUMENT,
        }
    }
}

/// What the templates (and the DOCX builder) read: the Spec and its presentation.
#[derive(Debug, Clone, Serialize)]
pub struct View<'a> {
    pub spec: &'a Spec,
    pub lang: Lang,
    pub labels: &'static Labels,
    pub title: &'a str,
    pub form_number: Option<&'a str>,
    /// Metadata rows (buyer, dates, counts …) in display order, only those that are set.
    pub meta: Vec<Field>,
    /// `令和8年12月1日（2026-12-01）`.
    pub issued: Option<String>,
    pub deadline: Option<String>,
    pub sections: Vec<SectionView>,
    pub rules: Vec<RuleView>,
    pub excluded: &'a [Excluded],
    pub fingerprint: &'a str,
    pub short_fingerprint: &'a str,
    pub generator: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// The section heading as the catalog writes it; `None` for a table without sections.
    pub heading: Option<String>,
    pub rows: Vec<Row>,
}

/// A row of a requirement table: a waiver condition or a requirement.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Row {
    Rule(RuleView),
    Requirement(RequirementView),
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleView {
    /// The wording of the table (or the rule syntax of a configured rule).
    pub text: String,
    /// The condition in words: `1.1 又は 1.2`.
    pub when: String,
    /// The waived ids, compact: `1.6〜1.28`.
    pub waives: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    pub id: String,
    pub label: String,
    pub title: Option<String>,
    pub text: String,
    pub level: Level,
    pub level_label: &'static str,
    /// Points of an optional requirement, `－` for a mandatory one.
    pub points_label: String,
    /// Remarks for bidders: raised to mandatory, known to apply, evidence needed.
    pub notes: Vec<String>,
}

impl<'a> View<'a> {
    pub fn new(spec: &'a Spec) -> View<'a> {
        let lang = spec.lang;
        let labels = Labels::of(lang);
        let p = &spec.procurement;
        let issued = p.issued.map(|d| d.display(lang));
        let deadline = p.deadline.map(|d| d.display(lang));
        let mandatory = spec
            .requirements
            .iter()
            .filter(|r| r.level == Level::Mandatory)
            .count();
        let optional = spec.requirements.len() - mandatory;
        let counts = match lang {
            Lang::Ja => format!(
                "{}件（必須{mandatory}件・任意{optional}件）",
                spec.requirements.len()
            ),
            Lang::En => format!(
                "{} ({mandatory} mandatory, {optional} optional)",
                spec.requirements.len()
            ),
        };
        let mut meta = Vec::new();
        let mut field = |ja: &str, en: &str, value: Option<String>| {
            if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
                meta.push(Field {
                    label: lang.pick(ja, en).to_string(),
                    value,
                });
            }
        };
        field("発注者", "Buyer", p.buyer.clone());
        field("担当部署", "Department", p.department.clone());
        field("問合せ先", "Contact", p.contact.clone());
        field("発行日", "Issued", issued.clone());
        field("提出期限", "Deadline", deadline.clone());
        field("回答様式", "Response form", p.form_number.clone());
        field(
            "機密性",
            "Confidentiality class",
            Some(spec.confidentiality.to_string()),
        );
        field("要件数", "Requirements", Some(counts));

        let ids: Vec<&str> = spec.requirements.iter().map(|r| r.id.as_str()).collect();
        let order = crate::rules::Order::new(&ids);
        let rule_view = |rule: &crate::model::Rule| RuleView {
            text: rule.text.clone(),
            when: when_in_words(&rule.when, lang),
            waives: ranges_in_words(&order.compress(&rule.waives), lang),
        };
        let mut sections: Vec<SectionView> = Vec::new();
        let mut current: Option<Option<usize>> = None;
        for r in &spec.requirements {
            if current != Some(r.section) {
                current = Some(r.section);
                sections.push(SectionView {
                    heading: r
                        .section
                        .and_then(|i| spec.sections.get(i))
                        .map(|s| s.heading.clone()),
                    rows: Vec::new(),
                });
            }
            let Some(section) = sections.last_mut() else {
                continue;
            };
            for rule in spec
                .rules
                .iter()
                .filter(|rule| rule.before.as_deref() == Some(r.id.as_str()))
            {
                section.rows.push(Row::Rule(rule_view(rule)));
            }
            section
                .rows
                .push(Row::Requirement(requirement_view(r, lang)));
        }
        View {
            spec,
            lang,
            labels,
            title: &p.title,
            form_number: p.form_number.as_deref(),
            meta,
            issued,
            deadline,
            sections,
            rules: spec.rules.iter().map(rule_view).collect(),
            excluded: &spec.excluded,
            fingerprint: &spec.fingerprint,
            short_fingerprint: spec.short_fingerprint(),
            generator: format!("procspec {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

fn requirement_view(r: &crate::spec::SpecRequirement, lang: Lang) -> RequirementView {
    let mut notes = Vec::new();
    if r.raised {
        notes.push(
            lang.pick(
                "本調達では必須とする（原表では任意）",
                "Mandatory in this tender (optional in the catalog)",
            )
            .to_string(),
        );
    }
    if r.applies {
        notes.push(match (lang, &r.applies_if) {
            (Lang::Ja, Some(c)) => {
                format!("本調達は「{c}」に当たるため、「該当なし」の回答は認めない")
            }
            (Lang::Ja, None) => "本調達では「該当なし」の回答は認めない".to_string(),
            (Lang::En, Some(c)) => {
                format!(
                    "This tender meets the condition \"{c}\": \"not applicable\" is not accepted"
                )
            }
            (Lang::En, None) => "\"Not applicable\" is not accepted in this tender".to_string(),
        });
    }
    if r.evidence {
        notes.push(
            lang.pick(
                "「○」と回答する場合は、説明又は証明資料名を記入すること",
                "A \"comply\" answer must name its explanation or evidence",
            )
            .to_string(),
        );
    }
    RequirementView {
        id: r.id.clone(),
        label: r.label.clone(),
        title: r.title.clone(),
        text: r.text.clone(),
        level: r.level,
        level_label: r.level.label(lang),
        points_label: match r.level {
            Level::Mandatory => "－".to_string(),
            Level::Optional => r.points.to_string(),
        },
        notes,
    }
}

/// `1.6 & 1.7 | 1.6 & 1.10` → `1.6 及び 1.7 又は 1.6 及び 1.10`.
fn when_in_words(when: &crate::rules::Expr, lang: Lang) -> String {
    let text = when.to_string();
    match lang {
        Lang::Ja => text.replace(" | ", " 又は ").replace(" & ", " 及び "),
        Lang::En => text.replace(" | ", " or ").replace(" & ", " and "),
    }
}

/// `1.6..1.28, 1.30` → `1.6〜1.28、1.30`.
fn ranges_in_words(ids: &str, lang: Lang) -> String {
    match lang {
        Lang::Ja => ids.replace("..", "〜").replace(", ", "、"),
        Lang::En => ids.replace("..", "–"),
    }
}

/// One rendered output, ready to be written.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A file `build` wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub size: u64,
}

/// What every output of `build` is rendered from: the Spec, its view, the compiled templates
/// (when a format that uses them is asked) and the `[output]` settings.
pub struct BuildContext<'a> {
    pub spec: &'a Spec,
    pub view: View<'a>,
    pub templates: Option<Templates>,
    pub output: &'a OutputConfig,
}

impl BuildContext<'_> {
    /// The compiled templates; an output that needs them is only rendered when they were
    /// loaded ([`render_all`] loads them for the formats that use them).
    pub fn templates(&self) -> Result<&Templates> {
        self.templates.as_ref().ok_or_else(|| Error::Template {
            name: "spec".into(),
            message: "the templates were not loaded for this output".into(),
        })
    }
}

/// One output: a file rendered in memory from what it reads, `C` (as mdBook's `Renderer`). A new
/// output is a new implementation, and each is listed in one place: [`renderer`] for the
/// tender's documents, [`crate::report`] for the grade reports.
pub trait Render<C: ?Sized>: Sync {
    fn render(&self, context: &C) -> Result<Vec<u8>>;
}

/// `spec.md`, from the `spec.md` template.
pub struct MarkdownDocument;
/// `spec.html`, from the `spec.html` template.
pub struct HtmlDocument;
/// `spec.docx`, built with docx-rs.
pub struct WordDocument;
/// `spec.json`, the resolved Spec.
pub struct SpecJson;

impl Render<BuildContext<'_>> for MarkdownDocument {
    fn render(&self, cx: &BuildContext<'_>) -> Result<Vec<u8>> {
        Ok(markdown::render(&cx.view, cx.templates()?)?.into_bytes())
    }
}

impl Render<BuildContext<'_>> for HtmlDocument {
    fn render(&self, cx: &BuildContext<'_>) -> Result<Vec<u8>> {
        Ok(html::render(&cx.view, cx.templates()?)?.into_bytes())
    }
}

impl Render<BuildContext<'_>> for WordDocument {
    fn render(&self, cx: &BuildContext<'_>) -> Result<Vec<u8>> {
        docx::render(&cx.view)
    }
}

impl Render<BuildContext<'_>> for SpecJson {
    fn render(&self, cx: &BuildContext<'_>) -> Result<Vec<u8>> {
        json(cx.spec)
    }
}

/// The renderer of each format `[output] formats` may name: the one list of what `build`
/// writes.
pub fn renderer(format: Format) -> &'static dyn for<'a> Render<BuildContext<'a>> {
    match format {
        Format::Md => &MarkdownDocument,
        Format::Html => &HtmlDocument,
        Format::Docx => &WordDocument,
        Format::Json => &SpecJson,
        Format::Xlsx => &crate::form::ResponseForm,
    }
}

/// Whether a format is rendered from the templates.
fn uses_templates(format: Format) -> bool {
    matches!(format, Format::Md | Format::Html)
}

/// Renders every format the configuration asks for (in memory: a failure in one writes none).
/// `templates` is the procurement's `templates/` folder.
pub fn render_all(spec: &Spec, config: &Config, templates: &Path) -> Result<Vec<Output>> {
    let mut formats: Vec<Format> = Vec::new();
    for f in &config.output.formats {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    let templates = if formats.iter().any(|&f| uses_templates(f)) {
        Some(Templates::load(templates)?)
    } else {
        None
    };
    let context = BuildContext {
        spec,
        view: View::new(spec),
        templates,
        output: &config.output,
    };
    let render = |format: Format| -> Result<Output> {
        Ok(Output {
            format,
            file_name: config.output.file_name(format),
            bytes: renderer(format).render(&context)?,
        })
    };
    // The Word document first and alone: docx-rs holds the whole document in memory, and beside
    // the form a large build would need both at once (benches/RESULTS.md has the peaks). Then the
    // other formats side by side.
    let mut docx = None;
    if formats.contains(&Format::Docx) {
        docx = Some(render(Format::Docx)?);
        // What docx-rs freed goes back to the system before the threads allocate again.
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: `malloc_trim` only releases free memory of the allocator; it takes no pointer.
        unsafe {
            libc::malloc_trim(0);
        }
    }
    let others: Vec<Result<Output>> = formats
        .par_iter()
        .filter(|&&f| f != Format::Docx)
        .map(|&f| render(f))
        .collect();
    let mut others = others.into_iter();
    let mut outputs = Vec::new();
    for format in formats {
        let output = match format {
            Format::Docx => docx.take(),
            _ => others.next().transpose()?,
        };
        outputs.extend(output);
    }
    Ok(outputs)
}

/// `spec.json`: the resolved Spec, pretty-printed, ending with a newline.
pub fn json(spec: &Spec) -> Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(spec).map_err(|e| Error::Usage(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Writes `outputs` into `dir`, each atomically, all put in place once all are on disk.
pub fn write_all(outputs: &[Output], dir: &Path) -> Result<Vec<Written>> {
    let staged = outputs
        .iter()
        .map(|o| crate::output::stage(&dir.join(&o.file_name), &o.bytes))
        .collect::<Result<Vec<_>>>()?;
    let paths = crate::output::commit(staged)?;
    Ok(paths
        .into_iter()
        .zip(outputs)
        .map(|(path, o)| Written {
            path,
            size: o.bytes.len() as u64,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::spec::hostile_text;

    #[test]
    fn the_view_places_conditions_before_the_requirement_they_precede() {
        let spec = hostile_text();
        let view = View::new(&spec);
        assert_eq!(view.sections.len(), 1);
        let kinds: Vec<&str> = view.sections[0]
            .rows
            .iter()
            .map(|r| match r {
                Row::Rule(_) => "rule",
                Row::Requirement(r) => r.id.as_str(),
            })
            .collect();
        assert_eq!(kinds, ["1.1", "1.2", "rule", "1.3"]);
        assert_eq!(view.rules[0].when, "1.1 又は 1.2");
        assert_eq!(view.issued.as_deref(), Some("令和8年12月1日（2026-12-01）"));
        assert!(view
            .meta
            .iter()
            .any(|f| f.value == "3件（必須2件・任意1件）"));
        let Row::Requirement(r3) = &view.sections[0].rows[3] else {
            panic!("a requirement row")
        };
        assert_eq!(r3.notes.len(), 2);
    }

    /// The repository is itself the sample procurement: its `templates/` folder is the sample's
    /// override folder, loaded whole, so everything in it must be a tera template that compiles.
    #[test]
    fn the_samples_templates_folder_loads() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let templates = Templates::load(&dir).unwrap();
        let spec = hostile_text();
        html::render(&View::new(&spec), &templates).unwrap();
    }

    #[test]
    fn a_user_template_replaces_the_builtin_and_can_extend_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("spec.html"),
            "{% extends \"builtin/spec.html\" %}{% block footer %}<p>独自のフッター {{ doc.short_fingerprint }}</p>{% endblock %}",
        )
        .unwrap();
        let templates = Templates::load(dir.path()).unwrap();
        let spec = hostile_text();
        let html = html::render(&View::new(&spec), &templates).unwrap();
        assert!(html.contains("独自のフッター"), "{html}");
        assert!(html.contains("<thead>"));
    }

    #[test]
    fn a_broken_template_is_an_error_naming_file_line_and_problem() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("spec.md"),
            "# {{ doc.title }}\n\n{% if doc.title %}\nnever closed\n",
        )
        .unwrap();
        let err = Templates::load(dir.path()).err().unwrap().to_string();
        let shown = dir.path().join("spec.md").display().to_string();
        assert!(err.starts_with(&format!("template {shown}:")), "{err}");
        assert!(err.contains(":5:") || err.contains(":4:"), "{err}");

        std::fs::write(
            dir.path().join("spec.md"),
            "# {{ doc.title }}\n\n{{ doc.nonsense }}\n",
        )
        .unwrap();
        let templates = Templates::load(dir.path()).unwrap();
        let spec = hostile_text();
        let err = markdown::render(&View::new(&spec), &templates)
            .unwrap_err()
            .to_string();
        assert!(err.contains(&format!("{shown}:3")), "{err}");
        assert!(err.contains("doc.nonsense"), "{err}");
    }

    #[test]
    fn json_round_trips() {
        let spec = hostile_text();
        let back: Spec = serde_json::from_slice(&json(&spec).unwrap()).unwrap();
        assert_eq!(back, spec);
    }
}
