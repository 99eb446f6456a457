//! ganxun's printed paperwork as PDF: completion certificates (结业证书), class rosters (学员名册),
//! sign-in sheets (签到表) and a person's training archive (干部教育培训档案).
//!
//! Documents are typeset by typst used as a library. Each layout is a `.typ` template that reads
//! its data from the virtual file `/data.json`; the built-in templates can be replaced file by
//! file from an override folder ([`Templates::with_override_dir`]) so that a training centre can
//! change a layout without a new build. Fonts come from font folders ([`Fonts`]); without a font
//! that covers Chinese, or with a character no font has, rendering fails with a Chinese message
//! instead of printing empty boxes.
//!
//! Everything on a page arrives already formatted by the caller (dates as "2026年3月2日",
//! masked phone numbers): templates only lay text out. Nothing is fetched from the network.
//!
//! Rendering is synchronous and CPU-bound (about 1–2 s for a few hundred certificates): call it
//! from a blocking task in async code.

mod error;
mod fonts;
mod templates;
mod world;

use serde::Serialize;

pub use error::PrintError;
pub use fonts::{Fonts, SYSTEM_FONT_DIRS};
pub use templates::Templates;

use templates::Template;

/// One completion certificate (结业证书), one A4 landscape page.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    /// 证书编号, printed and used for online verification.
    pub number: String,
    pub name: String,
    pub unit: String,
    pub class_title: String,
    /// "2026年3月2日至3月6日".
    pub period: String,
    /// "30".
    pub class_hours: String,
    /// The organising unit (主办单位), which also signs the certificate.
    pub issuer: String,
    /// The hosting institution (承办单位).
    pub host: String,
    /// "2026年3月6日".
    pub issued_on: String,
    /// "在 http://host/verify 输入证书编号核验".
    pub verify_hint: String,
}

/// A class roster (学员名册): an A4 portrait table.
#[derive(Debug, Clone, Serialize)]
pub struct Roster {
    pub class_title: String,
    pub period: String,
    pub venue: String,
    pub head_teacher: String,
    pub printed_on: String,
    pub rows: Vec<RosterRow>,
}

/// One trainee on a [`Roster`].
#[derive(Debug, Clone, Serialize)]
pub struct RosterRow {
    pub seq: u32,
    pub name: String,
    pub gender: String,
    pub unit: String,
    pub post: String,
    /// Masked by the caller: "139****5678".
    pub phone_masked: String,
    /// 已报名 / 候补.
    pub status: String,
}

/// A sign-in sheet (签到表) for one session: a table with an empty column to sign in.
#[derive(Debug, Clone, Serialize)]
pub struct SignInSheet {
    pub class_title: String,
    /// Date, time and topic: "3月2日 上午 9:00—11:30 习近平新时代中国特色社会主义思想专题".
    pub session_title: String,
    pub venue: String,
    pub rows: Vec<SignInRow>,
}

/// One trainee on a [`SignInSheet`].
#[derive(Debug, Clone, Serialize)]
pub struct SignInRow {
    pub seq: u32,
    pub name: String,
    pub unit: String,
}

/// A person's training archive (干部教育培训档案, R-ARC-1): an A4 portrait form with ruled
/// tables. Every text arrives formatted ("2026年3月2日", "90", "已认可").
#[derive(Debug, Clone, Serialize)]
pub struct Archive {
    /// 档案编号.
    pub number: String,
    /// The organisation keeping the archive, printed under the title.
    pub keeper: String,
    pub person: ArchivePerson,
    pub trainings: Vec<ArchiveTraining>,
    pub credits: Vec<ArchiveCreditYear>,
    pub compliance: Vec<ArchiveCompliance>,
    /// "30": the days of a month for the 装入本人档案 mark, explained under the table.
    pub days_per_month: String,
    /// 建档时间, 更新时间, 打印日期 ("2026年3月2日 09:00").
    pub created_at: String,
    pub updated_at: String,
    pub printed_on: String,
}

/// The person block of an [`Archive`]: the ID number masked by the caller.
#[derive(Debug, Clone, Serialize)]
pub struct ArchivePerson {
    pub name: String,
    pub sex: String,
    pub birth_date: String,
    pub id_card_masked: String,
    pub unit: String,
    pub position: String,
    pub rank: String,
    pub categories: String,
    pub education: String,
}

/// One training on an [`Archive`].
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveTraining {
    pub seq: u32,
    pub period: String,
    pub title: String,
    /// 主办单位 / 培训机构.
    pub organiser: String,
    /// 班次类别 or the kind of external training.
    pub kind: String,
    pub days: String,
    pub hours: String,
    /// 结业 / 未结业 / 待定 / 退学 / 已认可.
    pub result: String,
    /// Why not completed (or still pending), or empty.
    pub note: String,
    /// "86.5 合格", or empty.
    pub grade: String,
    pub certificate: String,
    /// Training of a month or more: 装入本人档案.
    pub personal_file: bool,
}

/// One year of credits on an [`Archive`].
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveCreditYear {
    pub year: String,
    /// "学时 12；教科研 2".
    pub detail: String,
    pub total: String,
}

/// One requirement's status on an [`Archive`].
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveCompliance {
    pub rule_set: String,
    pub requirement: String,
    pub status: String,
    pub explanation: String,
}

/// Online learning's half-monthly statistics or monthly briefing (网络学习统计、通报, R-ONL-4):
/// an A4 portrait document — the summary, the figures by unit and the laggards with whom to
/// tell. Every text arrives formatted.
#[derive(Debug, Clone, Serialize)]
pub struct LearningBriefing {
    /// "示范县2026年11月网络学习情况通报".
    pub title: String,
    /// 月度通报 / 半月统计.
    pub kind: String,
    /// "2026年11月1日至11月30日".
    pub period: String,
    /// "市领导小组，各区县教育行政主管部门".
    pub recipients: String,
    /// The paragraph that opens the briefing.
    pub summary: String,
    /// "年度目标 50 学时（……）；按均匀进度，截至 11月30日 应完成 45.89 学时".
    pub target: String,
    pub groups: Vec<LearningBriefingGroup>,
    pub laggards: Vec<LearningBriefingLaggard>,
    /// "共 12 人，按连续滞后期数和差距排列" (and how many are listed when not all).
    pub laggards_note: String,
    /// "2026年12月1日".
    pub made_on: String,
    /// 定时生成 or the name of whoever made it.
    pub made_by: String,
}

/// One unit's line on a [`LearningBriefing`].
#[derive(Debug, Clone, Serialize)]
pub struct LearningBriefingGroup {
    pub name: String,
    pub learners: String,
    pub learned: String,
    pub hours: String,
    pub completion: String,
    pub done: String,
    pub on_pace: String,
    pub behind: String,
}

/// One laggard on a [`LearningBriefing`].
#[derive(Debug, Clone, Serialize)]
pub struct LearningBriefingLaggard {
    pub seq: u32,
    pub name: String,
    pub unit: String,
    pub hours: String,
    pub expected: String,
    pub short: String,
    /// "3 期" (half-months in a row).
    pub periods: String,
    /// 提醒本人 / 告知所在单位 / 报区县（分中心）督办.
    pub escalation: String,
}

/// An annual training plan (年度培训计划) and, once approved, how it was carried out: an A4
/// landscape document. Every text arrives formatted; the execution part is left out while
/// `execution_summary` is empty.
#[derive(Debug, Clone, Serialize)]
pub struct PlanDocument {
    pub title: String,
    pub unit: String,
    /// "2026年度".
    pub year: String,
    /// "已批准（2026年1月20日）".
    pub standing: String,
    /// "850,000.00 元".
    pub budget: String,
    pub items_budget: String,
    pub note: String,
    pub items: Vec<PlanItemLine>,
    pub execution_as_of: String,
    pub execution_summary: String,
    pub progress: Vec<PlanProgressLine>,
    pub unplanned: Vec<PlanClass>,
    pub printed_on: String,
}

/// One class a [`PlanDocument`] intends.
#[derive(Debug, Clone, Serialize)]
pub struct PlanItemLine {
    pub seq: u32,
    pub title: String,
    pub kind: String,
    pub target: String,
    pub trainees: String,
    pub days: String,
    pub budget: String,
    pub quarter: String,
    /// 计划内 / 临时增补.
    pub nature: String,
}

/// One planned class against the classes held for it.
#[derive(Debug, Clone, Serialize)]
pub struct PlanProgressLine {
    pub seq: u32,
    pub title: String,
    pub quarter: String,
    /// "40 / 38" (planned / enrolled).
    pub trainees: String,
    /// "5 / 5" (planned / arranged).
    pub days: String,
    pub classes: Vec<String>,
    /// 已完成 / 培训中 / 筹备中 / 未开展 / 逾期未开展.
    pub progress: String,
}

/// A class held outside the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanClass {
    pub seq: u32,
    pub title: String,
    pub period: String,
    pub host: String,
    pub enrolled: String,
    pub state: String,
}

/// Renders documents. Cheap to clone and to share between threads.
#[derive(Debug, Clone)]
pub struct Printer {
    fonts: Fonts,
    templates: Templates,
}

/// First sign-in slips of trainee accounts (账号开通单), grouped by unit, each unit on new pages.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSlips {
    pub title: String,
    /// Where to sign in: "http://10.1.2.3:8080/login".
    pub login_url: String,
    /// "2026年3月2日 09:00".
    pub opened_on: String,
    pub opened_by: String,
    pub units: Vec<AccountSlipUnit>,
}

/// One unit's slips on [`AccountSlips`].
#[derive(Debug, Clone, Serialize)]
pub struct AccountSlipUnit {
    pub unit: String,
    pub slips: Vec<AccountSlip>,
}

/// One person's slip.
#[derive(Debug, Clone, Serialize)]
pub struct AccountSlip {
    pub name: String,
    pub unit: String,
    pub username: String,
    pub password: String,
}

/// The data of the certificates template: a list, so that one PDF holds a whole class.
#[derive(Serialize)]
struct CertificateBatch<'a> {
    certificates: &'a [Certificate],
}

impl Printer {
    pub fn new(fonts: Fonts, templates: Templates) -> Self {
        Printer { fonts, templates }
    }

    /// One A4 landscape page per certificate, in the given order. An empty list is
    /// [`PrintError::NothingToPrint`].
    pub fn certificates_pdf(&self, certs: &[Certificate]) -> Result<Vec<u8>, PrintError> {
        if certs.is_empty() {
            return Err(PrintError::NothingToPrint);
        }
        self.render(
            Template::Certificate,
            &CertificateBatch {
                certificates: certs,
            },
        )
    }

    /// The roster as an A4 portrait table; the header row repeats on every page and each page
    /// is numbered "第 1 页 共 3 页".
    pub fn roster_pdf(&self, roster: &Roster) -> Result<Vec<u8>, PrintError> {
        self.render(Template::Roster, roster)
    }

    /// A sign-in table with an empty 签名 column and rows tall enough to sign by hand.
    pub fn sign_in_sheet_pdf(&self, sheet: &SignInSheet) -> Result<Vec<u8>, PrintError> {
        self.render(Template::SignInSheet, sheet)
    }

    /// A person's training archive as an A4 portrait form: the person block, every training
    /// with its 装入本人档案 mark, credits by year and the compliance summary; table headers
    /// repeat on every page, which is numbered "第 1 页 共 2 页".
    pub fn archive_pdf(&self, archive: &Archive) -> Result<Vec<u8>, PrintError> {
        self.render(Template::Archive, archive)
    }

    /// Online learning's statistics or briefing as an A4 portrait document; the laggards'
    /// table header repeats on every page, which is numbered "第 1 页 共 2 页".
    pub fn learning_briefing_pdf(
        &self,
        briefing: &LearningBriefing,
    ) -> Result<Vec<u8>, PrintError> {
        self.render(Template::LearningBriefing, briefing)
    }

    /// An annual plan, with its execution once approved, as an A4 landscape document; table
    /// headers repeat on every page, which is numbered "第 1 页 共 2 页".
    pub fn plan_pdf(&self, plan: &PlanDocument) -> Result<Vec<u8>, PrintError> {
        self.render(Template::Plan, plan)
    }

    /// Slips to cut apart, a unit at a time; an empty list is [`PrintError::NothingToPrint`].
    pub fn account_slips_pdf(&self, slips: &AccountSlips) -> Result<Vec<u8>, PrintError> {
        if slips.units.iter().all(|u| u.slips.is_empty()) {
            return Err(PrintError::NothingToPrint);
        }
        self.render(Template::AccountSlips, slips)
    }

    fn render(&self, template: Template, data: &impl Serialize) -> Result<Vec<u8>, PrintError> {
        // Serialising plain structs of strings and numbers cannot fail.
        let data =
            serde_json::to_vec(data).map_err(|error| PrintError::Export(error.to_string()))?;
        let template = self.templates.load(template)?;
        world::render(&self.fonts, template, data).map(|rendered| {
            tracing::debug!(
                pages = rendered.pages,
                bytes = rendered.pdf.len(),
                "PDF rendered"
            );
            rendered.pdf
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}

    #[test]
    fn printer_and_fonts_can_be_shared_between_threads() {
        assert_send_sync_clone::<Printer>();
        assert_send_sync_clone::<Fonts>();
        assert_send_sync_clone::<Templates>();
    }

    #[test]
    fn without_a_chinese_font_nothing_is_rendered() {
        let printer = Printer::new(
            Fonts::load(&[std::path::PathBuf::from("/nonexistent/ganxun-fonts")]),
            Templates::builtin(),
        );
        let sheet = SignInSheet {
            class_title: "测试班".to_owned(),
            session_title: "3月2日 上午".to_owned(),
            venue: "第一教室".to_owned(),
            rows: Vec::new(),
        };
        assert_eq!(
            printer.sign_in_sheet_pdf(&sheet),
            Err(PrintError::NoCjkFont)
        );
    }
}
