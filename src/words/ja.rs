//! The Japanese words of every finding, refusal and reason.
//!
//! The findings about `procspec.toml` (`[tailoring]`, `[[rules]]`) were only ever said in
//! English, the language of the file's keys, and so were the catalog errors that stop a command
//! before the catalog's language is known (a missing file, no table); they still are, in both
//! languages, until someone writes their Japanese here.

use super::{list_or_dash, placed, span, En, Ja, Say};
use crate::finding::{Finding, Unreadable};
use crate::grade::{NotApplicableProblem, Reason, Status, Verdict};
use crate::guard::Refusal;

impl Say<Ja> for Finding {
    // One arm per value: a table of sentences, long by its number of values, not by its logic.
    fn message(&self) -> String {
        match self {
            Finding::RowNotUnderstood { row } => format!(
                "この行を読み取れません（セクション・要件・条件のいずれでもありません）: 「{row}」"
            ),
            Finding::LevelMissing { id } => format!("{id} に要否（レベル）がありません"),
            Finding::LevelColumnMissing { rows, read_as } => format!(
                "表に要否（レベル）の列がありません。{rows} 件の要件をすべて「{}」として読みました。\
                 別の扱いにするには procspec.toml の [catalog] に default_level = \"{}\" と書くか、\
                 表に要否の列を加えてください",
                read_as.label(crate::model::Lang::Ja),
                match read_as {
                    crate::model::Level::Mandatory => "optional",
                    crate::model::Level::Optional => "mandatory",
                },
            ),
            Finding::LevelsUnmapped { values, read_as } => format!(
                "表独自のレベル {} の意味が決まっていないため「{}」として読みました。\
                 この調達での意味を procspec.toml の [tailoring] に書いてください: {}",
                super::en::counted(values),
                read_as.label(crate::model::Lang::Ja),
                super::en::levels_line(values, *read_as),
            ),
            Finding::DuplicateId { id, first } => {
                format!("ID {id} が重複しています（最初は {first}）")
            }
            Finding::WaivedUnconditionally { text } => {
                format!("条件のない免除です: 「{text}」。この要件はどの入札者にも問えません")
            }
            Finding::WaiverTargetUnreadable { target } => {
                format!("免除する要件を読み取れません: 「{target}」")
            }
            Finding::WaiverRangeUnresolved { detail } => {
                format!("免除の範囲を解決できません: {detail}")
            }
            Finding::WaivesNothing { text } => {
                format!("「{text}」は何も免除しません（後に要件がありません）")
            }
            Finding::RuleNamesUnknownId { ids } => {
                format!("条件が表にないID {} を参照しています", ids.join(", "))
            }
            Finding::RuleCycle { path } => {
                format!("免除規則が循環しています: {}", path.join(" → "))
            }
            Finding::FormVersion { found, expected } => {
                format!("様式の版が `{found}` です。この procspec が書く版は {expected} です")
            }
            Finding::FingerprintMalformed { fingerprint } => format!(
                "様式のフィンガープリント `{fingerprint}` が SHA-256 ではありません。書き換えられています"
            ),
            Finding::FormulaCell => {
                "このセルは数式です。計算された値は入札者の回答として読みません".into()
            }
            Finding::FormulaAnswer => {
                "このセルは数式です。数式の回答は信頼せず、この要件は要確認とします".into()
            }
            Finding::AnswerWithoutId { answer } => {
                format!("項番のない行に回答 `{answer}` があります")
            }
            Finding::RowRepeated { id, first_row } => format!(
                "要件 {id} が再び出てきます（最初は {first_row} 行目）。最初の行だけを読みます"
            ),
            Finding::CellTooLong { chars } => format!(
                "このセルは {chars} 文字あり、Excel のセルの上限（32,767文字）を超えています。\
                 判定と JSON・HTML・Markdown の報告書は全文を保ち、summary.xlsx は先頭の 32,767 文字を示します"
            ),
            Finding::FormIdentityMissing => {
                "様式の識別情報（非表示シート）がないため、本調達の様式であることを確認できません"
                    .into()
            }
            Finding::FormWithoutTexts => {
                "要件文が記載されていないため、仕様の要件文と照合できません".into()
            }
            Finding::RowDuplicated { id, first, again } => format!(
                "{id} の行が重複しています（{first} と {again}）。最初の行で判定しました"
            ),
            Finding::RowAdded { id, excluded: true } => {
                format!("本調達で除外した要件 {id} の行が追加されています")
            }
            Finding::RowAdded { id, excluded: false } => {
                format!("仕様にない行 {id} が追加されています")
            }
            Finding::IssuedRowsDiffer { extra, lacking } => format!(
                "様式の非表示シートの要件一覧が仕様と一致しません（余分: {}、不足: {}）",
                list_or_dash(extra),
                list_or_dash(lacking)
            ),
            Finding::Unreadable { reason } => Say::<Ja>::message(reason),
            // procspec.toml's findings, and a catalog's that stop a command before its language
            // is known: said in English (see the module's note).
            Finding::CatalogNotFound
            | Finding::CatalogTooLarge { .. }
            | Finding::CatalogTooManyRows { .. }
            | Finding::CatalogNotText
            | Finding::CatalogFormatUnknown { .. }
            | Finding::CatalogWithoutTable
            | Finding::TableWithoutHeader { .. }
            | Finding::CsvQuoteOpen
            | Finding::CsvUnreadable { .. }
            | Finding::SheetNotFound { .. }
            | Finding::SheetWithoutTable { .. }
            | Finding::TableOnHiddenSheet { .. }
            | Finding::SheetUnreadable { .. }
            | Finding::CatalogSheetTooLarge { .. }
            | Finding::MergedRegionsTooLarge { .. }
            | Finding::CatalogRefused { .. }
            | Finding::CatalogEncrypted
            | Finding::CatalogWorkbookDamaged { .. }
            | Finding::CatalogEmpty
            | Finding::CatalogNotWorkbook { .. }
            | Finding::ConfigRuleUnknownId { .. }
            | Finding::ConfigRuleInvalid { .. }
            | Finding::TailoringUnknownId { .. }
            | Finding::SectionAboveConfidentiality { .. }
            | Finding::ExcludedTwice { .. }
            | Finding::ExcludedWithoutReason { .. }
            | Finding::TailoringNotAsked { .. }
            | Finding::RequireAlreadyMandatory { .. }
            | Finding::AppliesWithoutCondition { .. }
            | Finding::PointsOnMandatory { .. }
            | Finding::RuleNamesExcluded { .. }
            | Finding::SubstituteUnused { .. }
            | Finding::LevelUnused { .. }
            | Finding::NothingLeftToAsk { .. } => Say::<En>::message(self),
        }
    }

    fn hint(&self) -> Option<String> {
        let hint = match self {
            Finding::RowNotUnderstood { .. } => {
                "要件なら区分列にIDを、条件なら「…場合、以下の要件は不要」の形で書いてください"
            }
            Finding::LevelMissing { .. } => {
                "要否列にこの行のレベルを書いてください（既定のレベルとして扱いました）"
            }
            Finding::LevelColumnMissing { .. } => {
                "表に要否の列を加えるか、procspec.toml の [catalog] に default_level を書いてください"
            }
            Finding::LevelsUnmapped { .. } => {
                "procspec.toml の [tailoring] に levels = { … } の行を貼り付け、各レベルを \
                 \"mandatory\"（必須）、\"optional\"（任意）、\"omit\"（求めない）のいずれかにしてください"
            }
            Finding::DuplicateId { .. } => "要件ごとに別のIDを付けてください",
            Finding::WaivedUnconditionally { .. } => {
                "どの要件の回答で免除されるかを書くか、procspec.toml に [[rules]] を書いてください"
            }
            Finding::WaiverTargetUnreadable { .. } => {
                "「1.8~1.13の要件は不要」のように書くか、[[rules]] を書いてください"
            }
            Finding::WaiverRangeUnresolved { .. } => "表にあるIDで範囲を書いてください",
            Finding::RuleNamesUnknownId { .. } => {
                "IDの書き間違いを直すか、procspec.toml の [[rules]] で正しい規則を書いてください"
            }
            Finding::RuleCycle { .. } => {
                "要件が自分自身の条件を免除しないように規則を直してください"
            }
            Finding::FingerprintMalformed { .. } => {
                "返送された様式を発行した様式と見比べてください"
            }
            Finding::FormulaCell => "値を直接入力してもらってください",
            Finding::FormulaAnswer => "回答を直接入力してもらってください",
            Finding::RowRepeated { .. } => {
                "様式の行が複製・編集されています。発行した様式と見比べてください"
            }
            Finding::FormIdentityMissing => {
                "配布した様式に記入して提出するよう入札者に依頼してください"
            }
            Finding::ConfigRuleUnknownId { .. }
            | Finding::ConfigRuleInvalid { .. }
            | Finding::ExcludedWithoutReason { .. }
            | Finding::RuleNamesExcluded { .. }
            | Finding::NothingLeftToAsk { .. } => return Say::<En>::hint(self),
            _ => return None,
        };
        Some(hint.to_string())
    }
}

impl Say<Ja> for Unreadable {
    fn message(&self) -> String {
        match self {
            Unreadable::Refused { refusal } => Say::<Ja>::message(refusal),
            Unreadable::ReaderFailed { what } => format!(
                "ブックが壊れています: 表計算の読み取りが失敗しました（{what}）。Excel か \
                 LibreOffice で開いて保存し直すか、もう一度送ってもらってください"
            ),
            Unreadable::Damaged { detail } => format!(
                "ブックを読み取れません（{detail}）。壊れている可能性があります。\
                 入札者に .xlsx で保存し直してもらってください"
            ),
            Unreadable::TooManyCells { limit } => format!(
                "ブックのセルが {limit} 個（[limits] max_cells）を超えています。回答書ははるかに少ないはずです。\
                 送付した様式で回答してもらってください"
            ),
            Unreadable::NotAForm { identity: true } => "様式の隠しシートはありますが、回答の表（項番列と回答列の見出し行）がどのシートにもありません。\
                送付した様式で回答してもらってください"
                .into(),
            Unreadable::NotAForm { identity: false } => "回答書ではありません: procspec の様式の識別情報も、項番列と回答列の見出し行のある表もありません。\
                送付した様式で回答してもらってください"
                .into(),
            Unreadable::NoRows => {
                "回答書の表に要件の行がありません（見出しの下の項番列にIDがありません）".into()
            }
            Unreadable::ForeignTender { found, expected } => format!(
                "この調達（版）の様式ではありません: 様式のフィンガープリント {found}、\
                 仕様のフィンガープリント {expected}"
            ),
            // The worker's failures were only ever said in English, and the file system's own
            // words are.
            Unreadable::WorkerNonsense { .. }
            | Unreadable::WorkerBadRequest { .. }
            | Unreadable::WorkerTimedOut { .. }
            | Unreadable::WorkerCrashed { .. }
            | Unreadable::WorkerStopped { .. }
            | Unreadable::Io { .. } => Say::<En>::message(self),
        }
    }
}

impl Say<Ja> for NotApplicableProblem {
    fn message(&self) -> String {
        match self {
            NotApplicableProblem::NoCondition => "適用条件のある要件ではありません",
            NotApplicableProblem::Applies => "本調達ではこの要件が適用されます",
            NotApplicableProblem::NoReason => "該当しない理由の記載がありません",
        }
        .to_string()
    }
}

impl Say<Ja> for Reason {
    // One arm per value: a table of sentences, long by its number of values, not by its logic.
    fn message(&self) -> String {
        match self {
            Reason::Finding { diagnostic } => placed::<Ja>(diagnostic),
            Reason::Waived { from, to, by } => {
                format!("{} は {by} により不要", span(from, to.as_deref()))
            }
            Reason::WaivedRowAbsent { id, by } => {
                format!("{id} は {by} により不要（行は様式にありません）")
            }
            Reason::RowMissing {
                id,
                mandatory: true,
            } => format!("{id} は必須ですが、様式に行がありません"),
            Reason::RowMissing { id, .. } => format!("{id} の行が様式にありません"),
            Reason::Answered { id, answer } => format!("{id} は {answer} と回答"),
            Reason::EvidenceMissing { id, answer } => format!(
                "{id} は {answer} ですが、求められている説明または根拠資料の記載がありません"
            ),
            Reason::Partial { id, answer } => {
                format!("{id} は {answer}（一部対応・代替案）で、内容の確認が必要です")
            }
            Reason::NotComplied {
                id,
                answer,
                mandatory: true,
            } => format!("{id} は必須で、回答が {answer} です"),
            Reason::NotComplied { id, answer, .. } => {
                format!("{id} は任意で、回答が {answer} です")
            }
            Reason::NotApplicable { id, answer } => {
                format!("{id} は {answer} と回答（該当しない理由の記載あり）")
            }
            Reason::NotApplicableQuestioned { id, answer, why } => format!(
                "{id} は {answer}（該当なし）と回答していますが、{}",
                Say::<Ja>::message(why)
            ),
            Reason::NotAnswered {
                id,
                mandatory: true,
            } => format!("{id} は必須ですが、回答がありません"),
            Reason::NotAnswered { id, .. } => format!("{id} は回答がありません"),
            Reason::AnswerIsFormula { id } => {
                format!("{id} の回答は数式のため信頼せず、確認が必要です")
            }
            Reason::AnswerNotInScale { id, answer, scale } => {
                format!("{id} の回答「{answer}」は回答の選択肢（{scale}）にありません")
            }
            Reason::Tampered { id, diff } => {
                format!("{id} の要件文が仕様と異なります（仕様→様式）{diff}")
            }
            Reason::AllMandatoryMet => {
                "必須要件はすべて満たされているか、不要とされています".into()
            }
            Reason::Unreadable { reason } => Say::<Ja>::message(reason),
        }
    }
}

impl Say<Ja> for Refusal {
    // One arm per value: a table of sentences, long by its number of values, not by its logic.
    fn message(&self) -> String {
        match self {
            Refusal::Empty => "ファイルが空です（0バイト）。もう一度送ってもらってください".into(),
            Refusal::TooLarge { mib, limit } => format!(
                "ファイルが {mib} MiB あり、上限 {limit} MiB（[limits] max_file_mib）を超えています"
            ),
            Refusal::Encrypted => "パスワードで保護（暗号化）されたブックです。パスワードなしで開ける版を送ってもらってください".into(),
            Refusal::NotWorkbook { head } => format!(
                "Excel/LibreOffice のブックではありません（先頭のバイト列 {head}）。\
                 Excel か LibreOffice で .xlsx として保存してもらってください"
            ),
            Refusal::ZipNotWorkbook => "zip 形式ですがブックではありません（[Content_Types].xml も content.xml もありません）。\
                Excel か LibreOffice で .xlsx として保存してもらってください"
                .into(),
            Refusal::Damaged { detail } => format!(
                "ファイルが壊れています（{detail}）。途中で切れている可能性があります。もう一度送ってもらってください"
            ),
            Refusal::TooManyEntries { count, limit } => format!(
                "zip の項目が {count} 個あり、上限 {limit}（[limits] max_zip_entries）を超えています"
            ),
            Refusal::Duplicate { entry } => format!(
                "zip に同じ項目 `{entry}` が2つあります。正常なブックにはなく、どちらが読まれるかは読み手次第です"
            ),
            Refusal::Inflates {
                entry,
                mib,
                entry_limit,
                total_limit,
            } => format!(
                "項目 `{entry}` は展開すると {mib} MiB になり、上限（[limits] max_entry_mib = \
                 {entry_limit}、max_total_mib = {total_limit}）を超えています"
            ),
            Refusal::Bomb {
                entry,
                ratio,
                packed,
                mib,
                limit,
            } => format!(
                "項目 `{entry}` は {packed} バイトから {mib} MiB へ {ratio} 倍に展開されます。\
                 ブックではなく zip 爆弾です（[limits] max_inflate_ratio = {limit}）"
            ),
            Refusal::InflatesPast { entry, mib } => format!(
                "項目 `{entry}` は申告より大きく {mib} MiB を超えて展開されます。zip 爆弾です\
                 （[limits] max_entry_mib、max_total_mib）"
            ),
            Refusal::DocType { entry } => format!(
                "項目 `{entry}` に DOCTYPE 宣言（実体定義）があります。ブックには決してないため、\
                 実体展開の危険を避けて読み込みません"
            ),
            Refusal::SharedStrings {
                entry,
                claimed,
                found,
            } => format!(
                "項目 `{entry}`: 共有文字列表が {claimed} 個と申告していますが {found} 個しかありません。\
                 壊れているか細工されたファイルです"
            ),
            Refusal::TooManyStrings { entry, limit } => format!(
                "項目 `{entry}`: 共有文字列が上限 {limit} 個（[limits] max_cells）を超えています。\
                 回答書ははるかに少ないはずです。送付した様式で回答してもらってください"
            ),
            Refusal::TooMuchText { entry, limit } => format!(
                "項目 `{entry}`: セルの文字列が合計 {limit} MiB（[limits] memory_mib）を超えています。\
                 回答書ははるかに少ないはずです。送付した様式で回答してもらってください"
            ),
            Refusal::SheetExtent {
                entry,
                cells,
                corner,
                limit,
            } => format!(
                "項目 `{entry}`: シートが {corner} まで {cells} セルに広がり、上限 {limit}\
                 （[limits] max_cells）を超えています"
            ),
            Refusal::OdsExtent {
                entry,
                cells,
                limit,
            } => format!(
                "項目 `{entry}`: 行と列の繰り返し指定でシートが {cells} セルに広がり、上限 {limit}\
                 （[limits] max_cells）を超えています"
            ),
            Refusal::Undeclared { entry } => format!(
                "項目 `{entry}` は申告した大きさより多くのデータを含みます。zip 爆弾か細工されたファイルです"
            ),
            Refusal::OffGrid {
                entry,
                row,
                reference,
            } => format!(
                "項目 `{entry}`: {} `{reference}` はワークシート上にありません（最後のセルは \
                 XFD1048576）。壊れているか細工されたファイルです",
                if *row { "行番号" } else { "セル参照" }
            ),
            Refusal::XlsExtent { cells, limit } => format!(
                "シートの値が {cells} セルに広がり、上限 {limit}（[limits] max_cells）を超えています。\
                 表の外の不要な値を消してもらってください"
            ),
        }
    }
}

impl Say<Ja> for crate::tailor::LevelOmitted {
    fn message(&self) -> String {
        format!("レベル「{}」は本調達では求めない", self.level)
    }
}

impl Say<Ja> for crate::tailor::AboveConfidentiality {
    fn message(&self) -> String {
        let (min, confidentiality) = (self.min, self.confidentiality);
        format!("機密性{min}以上の区分（本調達は機密性{confidentiality}）")
    }
}

pub(super) fn status(status: Status) -> &'static str {
    match status {
        Status::Met => "適合",
        Status::NotMet => "不適合",
        Status::Waived => "不要",
        Status::NotApplicable => "該当なし",
        Status::Review => "要確認",
        Status::Missing => "未回答",
    }
}

pub(super) fn verdict(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "合格",
        Verdict::Fail => "不合格",
        Verdict::Review => "要確認",
        Verdict::Unreadable => "読取不可",
    }
}

/// The spec documents' labels.
pub(crate) const DOCUMENT: crate::render::Labels = crate::render::Labels {
    id: "項番",
    requirement: "要件",
    level: "要否",
    points: "配点",
    condition: "条件",
    waives: "回答不要となる要件",
    item: "項目",
    value: "内容",
    rules: "回答により不要となる要件",
    rules_intro: "次の条件の要件に「○」と回答した場合、右欄の要件への回答は不要です。",
    when: "条件（「○」と回答した要件）",
    excluded: "別表　本調達で求めない要件",
    excluded_intro: "原表の次の要件は、本調達では求めません。",
    title: "件名",
    reason: "理由",
    fingerprint: "仕様書識別子（SHA-256）",
    issued: "発行日",
    nothing_asked: "本調達で求める要件はありません。",
};

/// The response form's labels.
pub(crate) const FORM: crate::form::labels::Labels = crate::form::labels::Labels {
    instructions_sheet: "記入要領",
    form_sheet: "回答書",
    instructions_title: "記入要領",
    tender: "件名",
    buyer: "発注者",
    form_number: "様式",
    deadline: "提出期限",
    contact: "問い合わせ先",
    how_to_answer: "回答方法",
    steps: [
        "「回答書」シートの黄色のセルにだけ入力できます。はじめに事業者名、代表者、担当者連絡先、回答日を記入してください。",
        "各要件の「回答」欄で、下表の記号をリストから選んでください。",
        "「説明・根拠」欄には回答の根拠、一部対応や代替案の内容を記入してください。「資料名・頁」欄には根拠となる資料の名称と頁を記入してください。",
        "資料の提示を求める要件（「説明・根拠」欄を選ぶと案内が表示されます）に○と回答する場合は、説明または資料名・頁の記入が必須です。記入がないと「状況」欄に「要説明」と表示されます。",
        "※で始まる条件行の条件を満たす場合、その後の要件は回答不要です。「状況」欄に「不要（1.7で○）」のように表示され、行が灰色になります。この表示は参考で、審査は回答内容に基づいて行います。",
        "要件の文言や行・列を変更せず、Excel形式（.xlsx）のまま提出してください。",
    ],
    scale_title: "回答の記号",
    symbol: "記号",
    meaning: "意味",
    meanings: [
        "対応可（要件を満たす）",
        "一部対応・代替案（説明欄に内容を記入）",
        "対応不可",
        "該当なし（要件の前提となる条件に該当しない。説明欄に理由を記入）",
    ],
    short_meanings: ["対応可", "一部対応・代替案", "対応不可", "該当なし"],
    fingerprint: "様式識別子",
    fingerprint_note: "回答書と仕様書の版を照合するための値です。変更しないでください。",
    bidder: crate::form::labels::Bidder {
        name: "事業者名",
        representative: "代表者",
        contact: "担当者連絡先",
        date: "回答日",
    },
    input_note: "黄色のセルに入力してください。記入方法は「記入要領」シートを参照してください。",
    header: crate::form::labels::Header {
        id: "項番",
        title: "項目",
        text: "要件",
        level: "要否",
        answer: "回答",
        explanation: "説明・根拠",
        reference: "資料名・頁",
        status: "状況",
    },
    answer_prompt_title: "回答",
    answer_prompt: "リストから選んでください",
    applicability_prompt: "条件に該当しない場合は該当なしを選び、説明・根拠欄に理由を記入してください。",
    answer_error_title: "回答の記号",
    answer_error: "リストの記号から選んでください",
    evidence_prompt_title: "説明が必要です",
    evidence_prompt: "○と回答する場合は、説明または資料名・頁を記入してください。",
    note_mark: "※",
    waived: "不要",
    unanswered: "未回答",
    needs_evidence: "要説明",
    page: "頁",
};

/// The grade reports' labels.
pub(crate) const REPORT: crate::report::Labels = crate::report::Labels {
    report: "回答書の判定結果",
    summary: "回答書の判定一覧",
    procurement: "件名",
    bidder: "入札者",
    representative: "代表者",
    contact: "連絡先",
    date: "回答日",
    file: "ファイル",
    verdict: "判定",
    verdicts: "判定",
    matrix_sheet: "要件×入札者",
    answers: "回答",
    maximum: "満点",
    score: "得点",
    points: "配点",
    fingerprint: "仕様のフィンガープリント",
    sha256: "ファイルのSHA-256",
    reasons: "判定の理由",
    reason: "主な理由",
    findings: "指摘事項",
    requirements: "要件ごとの判定",
    matrix: "要件×入札者",
    id: "項番",
    title: "表題",
    level: "要否",
    answer: "回答",
    status: "判定",
    explanation: "説明",
    reference: "根拠資料",
    notes: "所見",
};

/// The 新旧対照表's words (`procspec diff`).
pub(crate) const DIFF: crate::diff::render::Labels = crate::diff::render::Labels {
    title: "新旧対照表",
    new: "改正後",
    old: "改正前",
    note: "（傍線部分は改正部分）",
    added: "（新設）",
    removed: "（削る）",
    omitted: "（略）",
    gap: "",
    through: "〜",
    level_open: "（",
    level_close: "）",
    sources: "比較した表",
    table: "要件表",
    spec: "仕様（spec.json）",
};

/// `外部サービス要件　新旧対照表`.
pub(super) fn diff_title(title: &str) -> String {
    format!("{title}　新旧対照表")
}

/// `改正 1件、新設 1件、削除 1件、変更なし 27件`.
pub(super) fn diff_summary(c: &crate::diff::Counts) -> String {
    format!(
        "改正 {}件、新設 {}件、削除 {}件、変更なし {}件",
        c.changed, c.added, c.removed, c.unchanged
    )
}

/// A revision `procspec diff` compared although its table has errors.
pub(super) fn diff_table_errors(file: &str, errors: usize) -> String {
    format!(
        "{file}: 表に {errors} 件のエラーがあります（`procspec check {file}` で一覧を確認できます）。読み取れたとおりに比較しました"
    )
}
