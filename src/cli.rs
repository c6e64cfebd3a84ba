//! Command-line arguments (clap derive). Parsing only: no work is done here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "procspec",
    version,
    about = "Requirement tables to tender specifications, response forms and graded responses",
    long_about = "procspec reads a requirement table (Markdown or Excel), renders the tailored \
                  specification documents of one tender, writes the response form for bidders, \
                  and grades the returned forms."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what procspec understood of a requirement table: requirements, rules, diagnostics.
    Check(CheckArgs),
    /// Render the spec documents, the response form and spec.json into the output folder.
    Build(BuildArgs),
    /// Create a new procurement folder with a commented procspec.toml and the sample table.
    Init(InitArgs),
    /// Write the built-in templates into the procurement's templates/ folder for editing.
    Templates(TemplatesArgs),
    /// Grade returned response forms against the tender's spec.
    Grade(GradeArgs),
    /// Compare two revisions of a requirement table (or two spec.json): the 新旧対照表.
    Diff(DiffArgs),
    /// Internal: a worker reading returned forms named on stdin, in a limited process (`grade`).
    #[command(name = "__read-response", hide = true)]
    ReadResponse(ReadResponseArgs),
}

#[derive(Debug, Args)]
pub struct ReadResponseArgs {
    /// The limits as JSON.
    #[arg(long)]
    pub limits: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ConfigArg {
    /// The procurement's configuration file.
    #[arg(long, value_name = "PATH", default_value = "procspec.toml")]
    pub config: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The requirement table (default: the catalog configured in procspec.toml).
    pub file: Option<PathBuf>,
    /// The sheet of a workbook to read (default: the first sheet holding a requirement table).
    #[arg(long)]
    pub sheet: Option<String>,
    /// What to print.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub config: ConfigArg,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// The output folder (default: [output] dir of procspec.toml, else output/).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create (default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    #[command(flatten)]
    pub config: ConfigArg,
    /// Where to write the templates (default: templates/ beside procspec.toml).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace templates that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Returned forms, or folders of them (default: [grading] responses, input/responses/).
    pub paths: Vec<PathBuf>,
    /// Where the reports go (default: [grading] out, output/grades/).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
    #[command(flatten)]
    pub config: ConfigArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Md,
    Html,
    Docx,
    /// The comparison as JSON on stdout (no file).
    Json,
}

/// Which revision is the left column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffOrder {
    /// 改正後 | 改正前, the custom.
    NewOld,
    OldNew,
}

/// What becomes of unchanged rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffUnchanged {
    /// Each run of unchanged rows is one （略） row naming its ids.
    Collapse,
    /// Every row is shown.
    Show,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old revision: a requirement table (any format `check` reads) or a built spec.json.
    pub old: PathBuf,
    /// The new revision.
    pub new: PathBuf,
    /// Where diff.md, diff.html and diff.docx go (default: [output] dir of procspec.toml, else
    /// output/).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// What to write, comma-separated; `json` prints the comparison on stdout instead of a
    /// file.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [DiffFormat::Md, DiffFormat::Html, DiffFormat::Docx])]
    pub format: Vec<DiffFormat>,
    /// The column labels, the new revision's first, e.g. `新,旧` or `改正案,現行` (default
    /// 改正後,改正前; [diff] labels).
    #[arg(long, value_name = "NEW,OLD")]
    pub labels: Option<String>,
    /// Which revision is the left column (default new-old; [diff] order).
    #[arg(long, value_enum)]
    pub order: Option<DiffOrder>,
    /// Unchanged rows collapsed into （略） or shown (default collapse; [diff] unchanged).
    #[arg(long, value_enum)]
    pub unchanged: Option<DiffUnchanged>,
    /// The sheet of a workbook to read (both revisions).
    #[arg(long)]
    pub sheet: Option<String>,
    #[command(flatten)]
    pub config: ConfigArg,
}
