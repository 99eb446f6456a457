//! Rendering the built-in templates with the machine's fonts, and what happens to templates a
//! person edited.
//!
//! These tests need a Chinese font (Debian: `apt-get install fonts-noto-cjk`). Without one they
//! fail, unless GANXUN_ALLOW_NO_FONTS=1 says that this machine is known to have none.

use std::path::PathBuf;
use std::process::Command;
use std::sync::LazyLock;

use ganxun_print::{
    Certificate, Fonts, PrintError, Printer, Roster, RosterRow, SignInRow, SignInSheet, Templates,
};

static FONTS: LazyLock<Fonts> = LazyLock::new(Fonts::system);

/// The system fonts, or `None` (test skipped) when there is no Chinese font and
/// GANXUN_ALLOW_NO_FONTS=1 allows that.
fn fonts() -> Option<Fonts> {
    if FONTS.has_cjk() {
        return Some(FONTS.clone());
    }
    // Reason: a machine without fonts-noto-cjk cannot render Chinese at all; CI installs it, so
    // a missing font there is a failure, and only a developer who opts in may skip.
    if std::env::var("GANXUN_ALLOW_NO_FONTS").as_deref() == Ok("1") {
        eprintln!("skipped: no CJK font (GANXUN_ALLOW_NO_FONTS=1)");
        return None;
    }
    panic!(
        "no CJK font in the system font folders: install fonts-noto-cjk, or set GANXUN_ALLOW_NO_FONTS=1 to skip"
    );
}

fn printer(templates: Templates) -> Option<Printer> {
    fonts().map(|fonts| Printer::new(fonts, templates))
}

fn certificate(number: &str, name: &str, class_title: &str) -> Certificate {
    Certificate {
        number: number.to_owned(),
        name: name.to_owned(),
        unit: "中共青山县委组织部".to_owned(),
        class_title: class_title.to_owned(),
        period: "2026年3月2日至3月6日".to_owned(),
        class_hours: "30".to_owned(),
        issuer: "中共青山县委组织部".to_owned(),
        host: "中共青山县委党校".to_owned(),
        issued_on: "2026年3月6日".to_owned(),
        verify_hint: "在 http://127.0.0.1:8080/verify 输入证书编号核验".to_owned(),
    }
}

fn roster(rows: u32) -> Roster {
    Roster {
        class_title: "2026年春季科级干部任职培训班".to_owned(),
        period: "2026年3月2日至3月6日".to_owned(),
        venue: "县委党校第一教室".to_owned(),
        head_teacher: "李明".to_owned(),
        printed_on: "2026年2月27日".to_owned(),
        rows: (1..=rows)
            .map(|seq| RosterRow {
                seq,
                name: format!("学员{seq}"),
                gender: if seq % 2 == 0 { "女" } else { "男" }.to_owned(),
                unit: "青山县人民政府办公室".to_owned(),
                post: "副主任".to_owned(),
                phone_masked: "139****5678".to_owned(),
                status: if seq % 7 == 0 { "候补" } else { "已报名" }.to_owned(),
            })
            .collect(),
    }
}

/// A fresh folder per call: tests run in parallel threads of one process, so the process id
/// alone would let one test delete another's file.
fn temp_dir(tag: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "ganxun-print-test-{tag}-{}-{n}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The page count, from poppler's `pdfinfo` when present, else from the page objects.
fn page_count(pdf: &[u8]) -> usize {
    let dir = temp_dir("pages");
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let from_pdfinfo = Command::new("pdfinfo")
        .arg(&path)
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .find_map(|line| line.strip_prefix("Pages:")?.trim().parse().ok())
        });
    std::fs::remove_dir_all(&dir).ok();
    from_pdfinfo.unwrap_or_else(|| {
        let text = String::from_utf8_lossy(pdf);
        text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
    })
}

/// The text of the PDF as `pdftotext` extracts it, or `None` when poppler is not installed.
fn pdf_text(pdf: &[u8]) -> Option<String> {
    let dir = temp_dir("text");
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let output = Command::new("pdftotext").arg(&path).arg("-").output().ok();
    std::fs::remove_dir_all(&dir).ok();
    let output = output.filter(|out| out.status.success())?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn each_certificate_is_one_page_of_real_chinese_text() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    let long_title =
        "全县乡镇党委书记和村党组织书记学习贯彻党的二十届四中全会精神暨基层治理能力提升专题培训班";
    assert!(long_title.chars().count() >= 40);
    let certs = [
        certificate("QS-2026-0001", "欧阳晓明", long_title),
        certificate("QS-2026-0002", "王芳", "2026年春季科级干部任职培训班"),
        certificate("QS-2026-0003", "李", "短班"),
    ];
    let pdf = printer.certificates_pdf(&certs).expect("rendered");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(page_count(&pdf), certs.len());
    match pdf_text(&pdf) {
        Some(text) => {
            let text = squeeze(&text);
            for expected in [
                "结业证书",
                "欧阳晓明",
                long_title,
                "QS-2026-0001",
                "准予结业",
            ] {
                assert!(text.contains(expected), "{expected} not in {text}");
            }
        }
        None => eprintln!("pdftotext not installed: text check skipped"),
    }
}

#[test]
fn the_roster_spans_pages_with_numbered_footers() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    let pdf = printer.roster_pdf(&roster(70)).expect("rendered");
    assert!(pdf.starts_with(b"%PDF"));
    let pages = page_count(&pdf);
    assert!(
        pages >= 2,
        "70 trainees need more than one page, got {pages}"
    );
    if let Some(text) = pdf_text(&pdf) {
        let text = squeeze(&text);
        assert!(text.contains("学员名册"));
        assert!(text.contains(&format!("第1页共{pages}页")), "{text}");
        assert!(text.contains("学员70"));
        // The header row repeats: one 工作单位 per page.
        assert_eq!(text.matches("工作单位").count(), pages);
    }
}

#[test]
fn the_sign_in_sheet_lists_every_trainee() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    let sheet = SignInSheet {
        class_title: "2026年春季科级干部任职培训班".to_owned(),
        session_title: "3月2日 上午 9:00—11:30 开班式暨第一讲".to_owned(),
        venue: "县委党校第一教室".to_owned(),
        rows: (1..=30)
            .map(|seq| SignInRow {
                seq,
                name: format!("学员{seq}"),
                unit: "青山县财政局".to_owned(),
            })
            .collect(),
    };
    let pdf = printer.sign_in_sheet_pdf(&sheet).expect("rendered");
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        let text = squeeze(&text);
        assert!(text.contains("签名"));
        assert!(text.contains("学员30"));
        assert!(text.contains("应到30人"));
    }
}

#[test]
fn a_syntax_error_in_an_edited_template_names_the_template_and_the_line() {
    let dir = temp_dir("syntax");
    std::fs::write(
        dir.join("certificate.typ"),
        "#let data = json(\"/data.json\")\n\n#for c in data.certificates {\n  [#(c.name]\n}\n",
    )
    .expect("write");
    let Some(printer) = printer(Templates::with_override_dir(&dir)) else {
        return;
    };
    let error = printer
        .certificates_pdf(&[certificate("X-1", "王芳", "测试班")])
        .expect_err("does not compile");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(error.code(), "PDF_TEMPLATE_ERROR");
    let PrintError::Template { template, line, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(*template, "certificate");
    assert_eq!(*line, Some(4), "{error}");
    assert!(error.to_string().contains("第 4 行"), "{error}");
}

#[test]
fn an_edited_template_is_used_instead_of_the_built_in_one() {
    let dir = temp_dir("custom");
    std::fs::write(
        dir.join("roster.typ"),
        "#let data = json(\"/data.json\")\n#set text(font: \"Noto Sans CJK SC\", lang: \"zh\")\n= 自定义名册：#(data.class_title)\n",
    )
    .expect("write");
    let Some(printer) = printer(Templates::with_override_dir(&dir)) else {
        return;
    };
    let pdf = printer.roster_pdf(&roster(3)).expect("rendered");
    std::fs::remove_dir_all(&dir).ok();
    if let Some(text) = pdf_text(&pdf) {
        assert!(squeeze(&text).contains("自定义名册"), "{text}");
    }
}

#[test]
fn a_template_that_imports_an_online_package_is_refused() {
    let dir = temp_dir("package");
    std::fs::write(
        dir.join("sign_in_sheet.typ"),
        "#import \"@preview/tablex:0.0.8\": tablex\n#tablex[a]\n",
    )
    .expect("write");
    let Some(printer) = printer(Templates::with_override_dir(&dir)) else {
        return;
    };
    let sheet = SignInSheet {
        class_title: "测试班".to_owned(),
        session_title: "开班式".to_owned(),
        venue: "教室".to_owned(),
        rows: Vec::new(),
    };
    let error = printer.sign_in_sheet_pdf(&sheet).expect_err("refused");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(error.code(), "PDF_PACKAGE_NOT_ALLOWED");
    assert!(
        error.to_string().contains("@preview/tablex:0.0.8"),
        "{error}"
    );
    assert!(error.to_string().contains("不联网"), "{error}");
}

#[test]
fn a_character_no_font_has_is_reported_instead_of_printed_as_a_box() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    // A private-use character: no font has a glyph for it.
    let error = printer
        .certificates_pdf(&[certificate("X-2", "王\u{E000}", "测试班")])
        .expect_err("missing glyph");
    assert_eq!(error.code(), "PDF_MISSING_GLYPHS");
    assert!(error.to_string().contains('\u{E000}'), "{error}");
}

#[test]
fn no_certificates_is_an_error_not_a_blank_page() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    let error = printer.certificates_pdf(&[]).expect_err("nothing to print");
    assert_eq!(error.code(), "PDF_NOTHING_TO_PRINT");
}

fn archive(trainings: u32) -> ganxun_print::Archive {
    use ganxun_print::{Archive, ArchiveCreditYear, ArchivePerson, ArchiveTraining};
    Archive {
        number: "DA-XA-2026-000042".to_owned(),
        keeper: "中共青山县委组织部".to_owned(),
        person: ArchivePerson {
            name: "欧阳晓明".to_owned(),
            sex: "男".to_owned(),
            birth_date: "1980年1月1日".to_owned(),
            id_card_masked: "110105********0011".to_owned(),
            unit: "青山县白石镇人民政府".to_owned(),
            position: "副镇长".to_owned(),
            rank: "乡科级副职".to_owned(),
            categories: "科级领导干部".to_owned(),
            education: "大学本科".to_owned(),
        },
        trainings: (1..=trainings)
            .map(|seq| ArchiveTraining {
                seq,
                period: "2025.09.01至2025.10.05".to_owned(),
                title: format!("省委党校中青年干部培训班第{seq}期"),
                organiser: "中共某省委党校".to_owned(),
                kind: "外地党校学习".to_owned(),
                days: if seq % 2 == 0 { "35" } else { "5" }.to_owned(),
                hours: "30".to_owned(),
                result: "已认可".to_owned(),
                note: String::new(),
                grade: String::new(),
                certificate: String::new(),
                personal_file: seq % 2 == 0,
            })
            .collect(),
        credits: vec![ArchiveCreditYear {
            year: "2026".to_owned(),
            detail: "学时 30".to_owned(),
            total: "30".to_owned(),
        }],
        compliance: Vec::new(),
        days_per_month: "30".to_owned(),
        created_at: "2026年3月2日 09:00".to_owned(),
        updated_at: "2026年3月2日 09:00".to_owned(),
        printed_on: "2026年3月2日".to_owned(),
    }
}

#[test]
fn the_archive_is_a_numbered_form_with_the_personal_file_marks() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    let short = printer.archive_pdf(&archive(2)).expect("rendered");
    assert_eq!(page_count(&short), 1);
    let long = printer.archive_pdf(&archive(40)).expect("rendered");
    assert!(page_count(&long) >= 2, "40 trainings turn the page");
    match pdf_text(&long) {
        Some(text) => {
            let text = squeeze(&text);
            for expected in [
                "干部教育培训档案",
                "档案编号：DA-XA-2026-000042",
                "欧阳晓明",
                "省委党校中青年干部培训班第40期",
                "装入本人档案",
                "第1页共",
                "干部教育培训档案（续）",
                "建档单位（盖章）",
            ] {
                assert!(text.contains(expected), "{expected} not in {text}");
            }
            // Twenty of the forty are a month or more.
            assert_eq!(
                text.matches('√').count(),
                20 + 1,
                "the marks and the note's “√”"
            );
        }
        None => eprintln!("pdftotext not installed: text check skipped"),
    }
}

fn briefing(laggards: u32) -> ganxun_print::LearningBriefing {
    ganxun_print::LearningBriefing {
        title: "示范县2026年11月网络学习情况通报".into(),
        kind: "月度通报".into(),
        period: "2026年11月1日至11月30日".into(),
        recipients: "干部教育培训工作领导小组，各区县、分中心".into(),
        summary: "2026年11月，示范县应参加网络学习 120 人，本期参加学习 96 人（80.0%）。".into(),
        target: "年度网络学习目标 50 学时（干部每年网络自学不少于 50 学时）。".into(),
        groups: (1..=5)
            .map(|n| ganxun_print::LearningBriefingGroup {
                name: format!("第{n}镇"),
                learners: "24".into(),
                learned: "20".into(),
                hours: "31.5".into(),
                completion: "62.5%".into(),
                done: "3".into(),
                on_pace: "15".into(),
                behind: "6".into(),
            })
            .collect(),
        laggards: (1..=laggards)
            .map(|n| ganxun_print::LearningBriefingLaggard {
                seq: n,
                name: format!("学员{n}"),
                unit: "示范县沙湖镇".into(),
                hours: "12.5".into(),
                expected: "45.89".into(),
                short: "33.39".into(),
                periods: "3 期".into(),
                escalation: "报区县（分中心）督办".into(),
            })
            .collect(),
        laggards_note: format!("共 {laggards} 人，按连续滞后期数和差距从大到小排列。"),
        made_on: "2026年12月1日".into(),
        made_by: "定时生成".into(),
    }
}

#[test]
fn the_learning_briefing_lists_units_and_laggards_over_numbered_pages() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    let none = printer
        .learning_briefing_pdf(&briefing(0))
        .expect("rendered");
    assert_eq!(page_count(&none), 1);
    let many = printer
        .learning_briefing_pdf(&briefing(80))
        .expect("rendered");
    assert!(page_count(&many) >= 2, "80 laggards turn the page");
    match pdf_text(&many) {
        Some(text) => {
            let text = squeeze(&text);
            for expected in [
                "示范县2026年11月网络学习情况通报",
                "报送：干部教育培训工作领导小组",
                "一、各单位学习情况",
                "二、进度滞后学员及督促安排",
                "学员80",
                "报区县（分中心）督办",
                "第1页共",
            ] {
                assert!(text.contains(expected), "{expected} not in {text}");
            }
        }
        None => eprintln!("pdftotext not installed: text check skipped"),
    }
}

#[test]
fn account_slips_start_each_unit_on_a_page_with_every_first_password() {
    let Some(printer) = printer(Templates::builtin()) else {
        return;
    };
    let unit = |name: &str, people: u32| ganxun_print::AccountSlipUnit {
        unit: name.to_owned(),
        slips: (1..=people)
            .map(|n| ganxun_print::AccountSlip {
                name: format!("学员{n}"),
                unit: name.to_owned(),
                username: format!("xy{n:04}"),
                password: format!("Kp7wRt{n:02}mZ3q"),
            })
            .collect(),
    };
    let slips = ganxun_print::AccountSlips {
        title: "学员账号开通单".to_owned(),
        login_url: "http://10.1.2.3:8080/login".to_owned(),
        opened_on: "2026年3月2日 09:00".to_owned(),
        opened_by: "沙湖镇培训管理员".to_owned(),
        units: vec![unit("沙湖镇人民政府", 7), unit("沙湖镇中心学校", 2)],
    };
    let pdf = printer.account_slips_pdf(&slips).expect("rendered");
    assert!(pdf.starts_with(b"%PDF"));
    // Seven slips fill more than a page; the second unit starts its own.
    assert_eq!(page_count(&pdf), 3);
    if let Some(text) = pdf_text(&pdf) {
        let text = squeeze(&text);
        for n in 1..=7 {
            assert!(text.contains(&format!("Kp7wRt{n:02}mZ3q")), "password {n}");
        }
        assert!(text.contains("沙湖镇中心学校共2人"), "{text}");
        assert!(text.contains("首次登录时须修改初始密码"));
        assert!(text.contains("http://10.1.2.3:8080/login"));
    }
    let empty = ganxun_print::AccountSlips {
        units: Vec::new(),
        ..slips
    };
    assert_eq!(
        printer.account_slips_pdf(&empty),
        Err(PrintError::NothingToPrint)
    );
}
