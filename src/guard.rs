//! What every reader of an untrusted file shares: the bounds on the work one file may cause
//! ([`Limits`], `[limits]` in procspec.toml) and the reasons a file is refused ([`Refusal`]).
//!
//! The checks themselves are in [`crate::workbook`] (format sniffing, the zip container, the
//! .xls compound document, sheet extents, ODS repeats), and worker processes and panic
//! containment in [`crate::isolate`]; the Markdown reader applies [`Limits::max_file_mib`] too.
//! A refusal is a value with its parameters, said in words only by [`Refusal::message`].

use serde::{Deserialize, Serialize};

use crate::model::Lang;

/// The bounds on the work one untrusted file can cause; `[limits]` in procspec.toml raises them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest file accepted, in MiB.
    pub max_file_mib: u64,
    /// Most entries a zip container may have.
    pub max_zip_entries: usize,
    /// Largest inflated size of one zip entry, in MiB.
    pub max_entry_mib: u64,
    /// Largest inflated size of all entries together, in MiB.
    pub max_total_mib: u64,
    /// Largest inflated/compressed ratio of an entry over 1 MiB (Apache POI refuses above 100).
    pub max_inflate_ratio: u64,
    /// Most cells a sheet may span (rows × columns from its first to its last cell).
    pub max_cells: u64,
    /// Seconds one file may take to read in a worker process (.xls, .ods) before it is given
    /// up as unreadable.
    pub timeout_seconds: u64,
    /// Memory one file's reading may use, in MiB: a worker's address space, and the cell text
    /// procspec's .xlsx reader may hold.
    pub memory_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mib: 64,
            max_zip_entries: 10_000,
            max_entry_mib: 128,
            max_total_mib: 256,
            max_inflate_ratio: 100,
            max_cells: 4_000_000,
            timeout_seconds: 30,
            memory_mib: 512,
        }
    }
}

/// A mebibyte, the unit of the `_mib` limits.
pub(crate) const MIB: u64 = 1024 * 1024;

/// Why a file is refused. [`Refusal::message`] says it in the catalog's language, with what to
/// do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge {
        mib: u64,
        limit: u64,
    },
    Encrypted,
    /// Neither a zip nor a compound document; `head` is its first bytes in hex.
    NotWorkbook {
        head: String,
    },
    /// A zip archive without a workbook's parts.
    ZipNotWorkbook,
    Damaged {
        detail: String,
    },
    TooManyEntries {
        count: usize,
        limit: usize,
    },
    Duplicate {
        entry: String,
    },
    Inflates {
        entry: String,
        mib: u64,
        entry_limit: u64,
        total_limit: u64,
    },
    Bomb {
        entry: String,
        ratio: u64,
        packed: u64,
        mib: u64,
        limit: u64,
    },
    InflatesPast {
        entry: String,
        mib: u64,
    },
    DocType {
        entry: String,
    },
    SharedStrings {
        entry: String,
        claimed: u64,
        found: u64,
    },
    SheetExtent {
        entry: String,
        cells: u64,
        corner: String,
        limit: u64,
    },
    /// A shared-string table holding more strings than a sheet may have cells.
    TooManyStrings {
        entry: String,
        limit: u64,
    },
    OdsExtent {
        entry: String,
        cells: u64,
        limit: u64,
    },
    /// The cells of a sheet hold more text than reading one file may keep in memory.
    TooMuchText {
        entry: String,
        limit: u64,
    },
    /// The values of an .xls span more cells than the limit.
    XlsExtent {
        cells: u64,
        limit: u64,
    },
    /// An entry inflates to more than its header declares.
    Undeclared {
        entry: String,
    },
    /// A row number or cell reference that names no place on a worksheet.
    OffGrid {
        entry: String,
        /// A row number (else a cell reference).
        row: bool,
        reference: String,
    },
}

impl Refusal {
    pub fn message(&self, lang: Lang) -> String {
        let ja = lang == Lang::Ja;
        match self {
            Refusal::Empty if ja => "ファイルが空です（0バイト）。もう一度送ってもらってください".into(),
            Refusal::Empty => "the file is empty (0 bytes); ask for the file to be sent again".into(),
            Refusal::TooLarge { mib, limit } if ja => format!(
                "ファイルが {mib} MiB あり、上限 {limit} MiB（[limits] max_file_mib）を超えています"
            ),
            Refusal::TooLarge { mib, limit } => format!(
                "the file is {mib} MiB, over the limit of {limit} MiB ([limits] max_file_mib)"
            ),
            Refusal::Encrypted if ja => "パスワードで保護（暗号化）されたブックです。パスワードなしで開ける版を送ってもらってください".into(),
            Refusal::Encrypted => "the workbook is password-protected (encrypted); ask the sender \
                for a copy without a password to open"
                .into(),
            Refusal::NotWorkbook { head } if ja => format!(
                "Excel/LibreOffice のブックではありません（先頭のバイト列 {head}）。\
                 Excel か LibreOffice で .xlsx として保存してもらってください"
            ),
            Refusal::NotWorkbook { head } => format!(
                "not a workbook: an .xlsx/.ods file is a zip archive and an .xls file a compound \
                 document, but this file starts with bytes {head}; save it from Excel or \
                 LibreOffice as .xlsx"
            ),
            Refusal::ZipNotWorkbook if ja => "zip 形式ですがブックではありません（[Content_Types].xml も content.xml もありません）。\
                Excel か LibreOffice で .xlsx として保存してもらってください"
                .into(),
            Refusal::ZipNotWorkbook => "a zip archive, but not a workbook (no \
                [Content_Types].xml or content.xml); save it from Excel or LibreOffice as .xlsx"
                .into(),
            Refusal::Damaged { detail } if ja => format!(
                "ファイルが壊れています（{detail}）。途中で切れている可能性があります。もう一度送ってもらってください"
            ),
            Refusal::Damaged { detail } => format!(
                "the file is damaged ({detail}); it may be truncated: ask for it \
                 again"
            ),
            Refusal::TooManyEntries { count, limit } if ja => format!(
                "zip の項目が {count} 個あり、上限 {limit}（[limits] max_zip_entries）を超えています"
            ),
            Refusal::TooManyEntries { count, limit } => format!(
                "the zip container has {count} entries, over the limit of {limit} ([limits] \
                 max_zip_entries)"
            ),
            Refusal::Duplicate { entry } if ja => format!(
                "zip に同じ項目 `{entry}` が2つあります。正常なブックにはなく、どちらが読まれるかは読み手次第です"
            ),
            Refusal::Duplicate { entry } => format!(
                "the zip container holds the entry `{entry}` twice; a workbook never does, and \
                 which copy a reader takes is arbitrary"
            ),
            Refusal::Inflates { entry, mib, entry_limit, total_limit } if ja => format!(
                "項目 `{entry}` は展開すると {mib} MiB になり、上限（[limits] max_entry_mib = \
                 {entry_limit}、max_total_mib = {total_limit}）を超えています"
            ),
            Refusal::Inflates { entry, mib, entry_limit, total_limit } => format!(
                "entry `{entry}` inflates to {mib} MiB, over the limits ([limits] max_entry_mib \
                 = {entry_limit}, max_total_mib = {total_limit})"
            ),
            Refusal::Bomb { entry, ratio, packed, mib, limit } if ja => format!(
                "項目 `{entry}` は {packed} バイトから {mib} MiB へ {ratio} 倍に展開されます。\
                 ブックではなく zip 爆弾です（[limits] max_inflate_ratio = {limit}）"
            ),
            Refusal::Bomb { entry, ratio, packed, mib, limit } => format!(
                "entry `{entry}` inflates {ratio}× ({packed} bytes to {mib} MiB): a zip bomb, not \
                 a workbook ([limits] max_inflate_ratio = {limit})"
            ),
            Refusal::InflatesPast { entry, mib } if ja => format!(
                "項目 `{entry}` は申告より大きく {mib} MiB を超えて展開されます。zip 爆弾です\
                 （[limits] max_entry_mib、max_total_mib）"
            ),
            Refusal::InflatesPast { entry, mib } => format!(
                "entry `{entry}` inflates past {mib} MiB, more than it declared; a zip bomb, not \
                 a workbook ([limits] max_entry_mib, max_total_mib)"
            ),
            Refusal::DocType { entry } if ja => format!(
                "項目 `{entry}` に DOCTYPE 宣言（実体定義）があります。ブックには決してないため、\
                 実体展開の危険を避けて読み込みません"
            ),
            Refusal::DocType { entry } => format!(
                "entry `{entry}` holds a DOCTYPE declaration (entity definitions); workbooks never \
                 do, so the file is refused rather than risk entity expansion"
            ),
            Refusal::SharedStrings { entry, claimed, found } if ja => format!(
                "項目 `{entry}`: 共有文字列表が {claimed} 個と申告していますが {found} 個しかありません。\
                 壊れているか細工されたファイルです"
            ),
            Refusal::SharedStrings { entry, claimed, found } => format!(
                "entry `{entry}`: the shared-string table claims {claimed} strings but holds \
                 {found}; the file is damaged or crafted"
            ),
            Refusal::TooManyStrings { entry, limit } if ja => format!(
                "項目 `{entry}`: 共有文字列が上限 {limit} 個（[limits] max_cells）を超えています。\
                 回答書ははるかに少ないはずです。送付した様式で回答してもらってください"
            ),
            Refusal::TooManyStrings { entry, limit } => format!(
                "entry `{entry}`: the shared-string table holds more than {limit} strings \
                 ([limits] max_cells); a response form holds far fewer: ask the bidder to return \
                 the form it was sent"
            ),
            Refusal::TooMuchText { entry, limit } if ja => format!(
                "項目 `{entry}`: セルの文字列が合計 {limit} MiB（[limits] memory_mib）を超えています。\
                 回答書ははるかに少ないはずです。送付した様式で回答してもらってください"
            ),
            Refusal::TooMuchText { entry, limit } => format!(
                "entry `{entry}`: the sheet's cells hold more than {limit} MiB of text ([limits] \
                 memory_mib); a response form holds far less: ask the bidder to return the form \
                 it was sent"
            ),
            Refusal::SheetExtent { entry, cells, corner, limit } if ja => format!(
                "項目 `{entry}`: シートが {corner} まで {cells} セルに広がり、上限 {limit}\
                 （[limits] max_cells）を超えています"
            ),
            Refusal::SheetExtent { entry, cells, corner, limit } => format!(
                "entry `{entry}`: the sheet spans {cells} cells (to {corner}), over the limit of \
                 {limit} ([limits] max_cells)"
            ),
            Refusal::OdsExtent { entry, cells, limit } if ja => format!(
                "項目 `{entry}`: 行と列の繰り返し指定でシートが {cells} セルに広がり、上限 {limit}\
                 （[limits] max_cells）を超えています"
            ),
            Refusal::Undeclared { entry } if ja => format!(
                "項目 `{entry}` は申告した大きさより多くのデータを含みます。zip 爆弾か細工されたファイルです"
            ),
            Refusal::Undeclared { entry } => format!(
                "entry `{entry}` holds more data than its declared size; a zip bomb or a crafted \
                 file, not a workbook"
            ),
            Refusal::OffGrid {
                entry,
                row,
                reference,
            } if ja => format!(
                "項目 `{entry}`: {} `{reference}` はワークシート上にありません（最後のセルは \
                 XFD1048576）。壊れているか細工されたファイルです",
                if *row { "行番号" } else { "セル参照" }
            ),
            Refusal::OffGrid {
                entry,
                row,
                reference,
            } => format!(
                "entry `{entry}`: holds a {} `{reference}` that is not on a worksheet (the last \
                 cell is XFD1048576); the file is damaged or crafted",
                if *row { "row" } else { "cell" }
            ),
            Refusal::XlsExtent { cells, limit } if ja => format!(
                "シートの値が {cells} セルに広がり、上限 {limit}（[limits] max_cells）を超えています。\
                 表の外の不要な値を消してもらってください"
            ),
            Refusal::XlsExtent { cells, limit } => format!(
                "the sheet's values span {cells} cells, over the limit of {limit} ([limits] \
                 max_cells); stray values far outside the table stretch the sheet"
            ),
            Refusal::OdsExtent { entry, cells, limit } => format!(
                "entry `{entry}`: repeated rows and columns make the sheet span {cells} cells, \
                 over the limit of {limit} ([limits] max_cells)"
            ),
        }
    }
}
