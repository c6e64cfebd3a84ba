//! The words of the response form in Japanese and English.
//!
//! The reader ([`crate::response`]) finds a returned form's table and bidder fields by these same
//! labels, in either language, so they live in one place.

use crate::model::Lang;

/// Every fixed text the form shows, in one language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub instructions_sheet: &'static str,
    pub form_sheet: &'static str,
    pub instructions_title: &'static str,
    pub tender: &'static str,
    pub buyer: &'static str,
    pub form_number: &'static str,
    pub deadline: &'static str,
    pub contact: &'static str,
    pub how_to_answer: &'static str,
    pub steps: [&'static str; 6],
    pub scale_title: &'static str,
    pub symbol: &'static str,
    pub meaning: &'static str,
    /// Meanings of comply, partial, does not comply, not applicable.
    pub meanings: [&'static str; 4],
    /// Short meanings for the answer cell's input message.
    pub short_meanings: [&'static str; 4],
    pub fingerprint: &'static str,
    pub fingerprint_note: &'static str,
    pub bidder: Bidder,
    pub input_note: &'static str,
    pub header: Header,
    pub answer_prompt_title: &'static str,
    pub answer_prompt: &'static str,
    pub applicability_prompt: &'static str,
    pub answer_error_title: &'static str,
    pub answer_error: &'static str,
    pub evidence_prompt_title: &'static str,
    pub evidence_prompt: &'static str,
    pub note_mark: &'static str,
    /// Status words: the prefix of a waived row, not answered, explanation needed.
    pub waived: &'static str,
    pub unanswered: &'static str,
    pub needs_evidence: &'static str,
    pub page: &'static str,
}

/// The bidder fields above the table.
#[derive(Debug, Clone, Copy)]
pub struct Bidder {
    pub name: &'static str,
    pub representative: &'static str,
    pub contact: &'static str,
    pub date: &'static str,
}

/// The column headers of the requirement table, left to right.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    pub id: &'static str,
    pub title: &'static str,
    pub text: &'static str,
    pub level: &'static str,
    pub answer: &'static str,
    pub explanation: &'static str,
    pub reference: &'static str,
    pub status: &'static str,
}

impl Header {
    pub fn all(&self) -> [&'static str; 8] {
        [
            self.id,
            self.title,
            self.text,
            self.level,
            self.answer,
            self.explanation,
            self.reference,
            self.status,
        ]
    }
}

pub const JA: Labels = Labels {
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
    bidder: Bidder {
        name: "事業者名",
        representative: "代表者",
        contact: "担当者連絡先",
        date: "回答日",
    },
    input_note: "黄色のセルに入力してください。記入方法は「記入要領」シートを参照してください。",
    header: Header {
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

pub const EN: Labels = Labels {
    instructions_sheet: "Instructions",
    form_sheet: "Response form",
    instructions_title: "How to complete this form",
    tender: "Tender",
    buyer: "Buyer",
    form_number: "Form",
    deadline: "Deadline",
    contact: "Contact",
    how_to_answer: "How to answer",
    steps: [
        "Only the yellow cells of the \"Response form\" sheet take input. First fill in the bidder name, representative, contact and date.",
        "For each requirement, pick a symbol from the list in the Answer column (see the table below).",
        "Use Explanation for the basis of your answer, or what a partial answer or alternative offers; use Document, page for the document and page that support it.",
        "Where a requirement asks for evidence (selecting its Explanation cell says so), a comply answer must come with an explanation or a document reference; until it has one, Status shows \"Explanation needed\".",
        "When the condition of a note row (starting with ※) holds, the requirements after it need no answer: Status shows e.g. \"Waived (1.7 = ○)\" and the row turns grey. This display is a guide; grading reads your answers.",
        "Do not change the wording, rows or columns; return the workbook as .xlsx.",
    ],
    scale_title: "Answer symbols",
    symbol: "Symbol",
    meaning: "Meaning",
    meanings: [
        "Comply (the requirement is met)",
        "Partial or alternative (describe it under Explanation)",
        "Does not comply",
        "Not applicable (the condition of the requirement does not hold; give the reason under Explanation)",
    ],
    short_meanings: ["comply", "partial / alternative", "does not comply", "not applicable"],
    fingerprint: "Form fingerprint",
    fingerprint_note: "Identifies the exact tender this form was issued for. Do not change it.",
    bidder: Bidder {
        name: "Bidder name",
        representative: "Representative",
        contact: "Contact person",
        date: "Date of response",
    },
    input_note: "Fill in the yellow cells. See the Instructions sheet for how to answer.",
    header: Header {
        id: "ID",
        title: "Title",
        text: "Requirement",
        level: "Level",
        answer: "Answer",
        explanation: "Explanation",
        reference: "Document, page",
        status: "Status",
    },
    answer_prompt_title: "Answer",
    answer_prompt: "Pick a symbol from the list",
    applicability_prompt: "If the condition does not hold, pick not applicable and give the reason under Explanation.",
    answer_error_title: "Answer symbol",
    answer_error: "Pick one of the symbols in the list",
    evidence_prompt_title: "Explanation required",
    evidence_prompt: "A comply answer needs an explanation or a document reference.",
    note_mark: "※",
    waived: "Waived",
    unanswered: "Not answered",
    needs_evidence: "Explanation needed",
    page: "page",
};

impl Labels {
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }
}
