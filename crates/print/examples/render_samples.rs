//! Writes one sample of each document, to look at after changing a template:
//! `cargo run -p ganxun-print --example render_samples [OUT_DIR] [TEMPLATE_DIR]`
//! then, for instance, `pdftoppm -png -r 60 OUT_DIR/certificates.pdf OUT_DIR/certificate`.

use std::path::PathBuf;

use ganxun_print::{
    Archive, ArchiveCompliance, ArchiveCreditYear, ArchivePerson, ArchiveTraining, Certificate,
    Fonts, Printer, Roster, RosterRow, SignInRow, SignInSheet, Templates,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "print-samples".to_owned()));
    let templates = args
        .next()
        .map_or_else(Templates::builtin, Templates::with_override_dir);
    std::fs::create_dir_all(&out)?;
    let printer = Printer::new(Fonts::system(), templates);

    let certificate = |number: &str, name: &str, unit: &str, class_title: &str| Certificate {
        number: number.to_owned(),
        name: name.to_owned(),
        unit: unit.to_owned(),
        class_title: class_title.to_owned(),
        period: "2026年3月2日至3月6日".to_owned(),
        class_hours: "30".to_owned(),
        issuer: "中共青山县委组织部".to_owned(),
        host: "中共青山县委党校".to_owned(),
        issued_on: "2026年3月6日".to_owned(),
        verify_hint: "在 http://127.0.0.1:8080/verify 输入证书编号核验".to_owned(),
    };
    let certs = [
        certificate(
            "QS-2026-0001",
            "欧阳晓明",
            "青山县白石镇人民政府",
            "全县乡镇党委书记和村党组织书记学习贯彻党的二十届四中全会精神暨基层治理能力提升专题培训班",
        ),
        // A short issuer and a long date: the date must stay on one line.
        Certificate {
            issuer: "示范县教育局".to_owned(),
            issued_on: "2026年11月22日".to_owned(),
            ..certificate(
                "QS-2026-0002",
                "王芳",
                "县委组织部",
                "2026年春季科级干部任职培训班",
            )
        },
        Certificate {
            issuer: "中共青山市委组织部、青山市人力资源和社会保障局、青山市教育局".to_owned(),
            host: "中共青山市委党校（青山行政学院）、青山市干部教育培训中心".to_owned(),
            ..certificate(
                "QS-2026-0003",
                "司马",
                "中共青山县纪律检查委员会、青山县监察委员会机关第三纪检监察室",
                "全市县处级领导干部学习贯彻党的二十届四中全会精神暨推进中国式现代化青山实践能力提升专题研讨班",
            )
        },
    ];
    std::fs::write(
        out.join("certificates.pdf"),
        printer.certificates_pdf(&certs)?,
    )?;

    let units = [
        "青山县人民政府办公室",
        "中共青山县纪律检查委员会、青山县监察委员会机关",
        "青山县教育局",
        "青山县白石镇人民政府",
    ];
    let names = ["王芳", "欧阳晓明", "李强", "张秀英", "司马建国", "赵静"];
    let roster = Roster {
        class_title: "2026年春季科级干部任职培训班".to_owned(),
        period: "2026年3月2日至3月6日".to_owned(),
        venue: "县委党校第一教室".to_owned(),
        head_teacher: "李明".to_owned(),
        printed_on: "2026年2月27日".to_owned(),
        rows: (1..=62u32)
            .map(|seq| {
                let i = usize::try_from(seq).unwrap_or_default();
                RosterRow {
                    seq,
                    name: names[i % names.len()].to_owned(),
                    gender: if seq % 2 == 0 { "女" } else { "男" }.to_owned(),
                    unit: units[i % units.len()].to_owned(),
                    post: if seq % 3 == 0 {
                        "党组成员、副局长"
                    } else {
                        "副主任"
                    }
                    .to_owned(),
                    phone_masked: "139****5678".to_owned(),
                    status: if seq > 58 { "候补" } else { "已报名" }.to_owned(),
                }
            })
            .collect(),
    };
    std::fs::write(out.join("roster.pdf"), printer.roster_pdf(&roster)?)?;

    let sheet = SignInSheet {
        class_title: roster.class_title.clone(),
        session_title: "3月2日 上午 9:00—11:30 开班式暨第一讲".to_owned(),
        venue: "县委党校第一教室".to_owned(),
        rows: roster
            .rows
            .iter()
            .map(|row| SignInRow {
                seq: row.seq,
                name: row.name.clone(),
                unit: row.unit.clone(),
            })
            .collect(),
    };
    std::fs::write(
        out.join("sign_in_sheet.pdf"),
        printer.sign_in_sheet_pdf(&sheet)?,
    )?;
    std::fs::write(out.join("archive.pdf"), printer.archive_pdf(&archive())?)?;
    println!("written to {}", out.display());
    Ok(())
}

/// A cadre with classes organised here, approved external training, two years of credits and
/// the compliance summary: enough rows to turn the page.
fn archive() -> Archive {
    let training = |seq: u32,
                    period: &str,
                    title: &str,
                    organiser: &str,
                    kind: &str,
                    (days, hours): (&str, &str),
                    result: &str,
                    (grade, certificate): (&str, &str),
                    personal_file: bool| ArchiveTraining {
        seq,
        period: period.to_owned(),
        title: title.to_owned(),
        organiser: organiser.to_owned(),
        kind: kind.to_owned(),
        days: days.to_owned(),
        hours: hours.to_owned(),
        result: result.to_owned(),
        note: String::new(),
        grade: grade.to_owned(),
        certificate: certificate.to_owned(),
        personal_file,
    };
    let mut trainings = vec![
        training(
            1,
            "2024.03.04至2024.03.08",
            "2024年春季科级干部任职培训班",
            "中共青山县委组织部",
            "新任领导干部任职培训",
            ("5", "30"),
            "结业",
            ("86.5 合格", "QS-2024-0031"),
            false,
        ),
        training(
            2,
            "2024.09.02至2024.11.30",
            "省委党校第58期中青年干部培训班",
            "中共某省委党校",
            "外地党校学习",
            ("90", "400"),
            "已认可",
            ("", ""),
            true,
        ),
        training(
            3,
            "2025.05.12至2025.05.16",
            "全县乡镇党委书记和村党组织书记学习贯彻党的二十届四中全会精神暨基层治理能力提升专题培训班",
            "中共青山县委组织部 / 县委党校",
            "理论教育和党性教育专题培训",
            ("5", "32"),
            "结业",
            ("91 优秀", "QS-2025-0107"),
            false,
        ),
        training(
            4,
            "2025.06.02至2025.06.30",
            "乡村振兴专题研修（挂职）",
            "浙江省安吉县人民政府",
            "挂职锻炼",
            ("29", ""),
            "已认可",
            ("", ""),
            false,
        ),
        training(
            5,
            "2025.10.08至2025.10.10",
            "全市安全生产专题培训班",
            "青山市应急管理局",
            "在职干部能力培训",
            ("3", "18"),
            "退学",
            ("", ""),
            false,
        ),
    ];
    for seq in 6..=16 {
        trainings.push(training(
            seq,
            "2026.01.05至2026.02.03",
            &format!("网络专题学习第{seq}期"),
            "中国干部网络学院",
            "网络培训",
            ("30", "50"),
            "已认可",
            ("", ""),
            true,
        ));
    }
    Archive {
        number: "DA-QSXA-2026-000042".to_owned(),
        keeper: "中共青山县委组织部".to_owned(),
        person: ArchivePerson {
            name: "欧阳晓明".to_owned(),
            sex: "男".to_owned(),
            birth_date: "1980年1月1日".to_owned(),
            id_card_masked: "110105********0011".to_owned(),
            unit: "青山县白石镇人民政府".to_owned(),
            position: "党委委员、副镇长".to_owned(),
            rank: "乡科级副职".to_owned(),
            categories: "科级领导干部、公务员".to_owned(),
            education: "大学本科".to_owned(),
        },
        trainings,
        credits: vec![
            ArchiveCreditYear {
                year: "2026".to_owned(),
                detail: "学时 50".to_owned(),
                total: "50".to_owned(),
            },
            ArchiveCreditYear {
                year: "2025".to_owned(),
                detail: "学时 32；教科研 2；考试 1.5".to_owned(),
                total: "35.5".to_owned(),
            },
        ],
        compliance: vec![
            ArchiveCompliance {
                rule_set: "全国干部教育培训规定".to_owned(),
                requirement: "乡科级每年集中培训 12 天或 90 学时".to_owned(),
                status: "已达标".to_owned(),
                explanation:
                    "2026-01-01 至 2026-12-31：已完成 30 天、50 学时，要求 12 天或 90 学时，已达标"
                        .to_owned(),
            },
            ArchiveCompliance {
                rule_set: "县级规定".to_owned(),
                requirement: "五年内理论培训 1 个月".to_owned(),
                status: "有风险".to_owned(),
                explanation:
                    "2021-03-03 至 2026-03-02：已完成 95 天，要求 30 天，已达标；90 天后将不足"
                        .to_owned(),
            },
        ],
        days_per_month: "30".to_owned(),
        created_at: "2026年3月2日 09:00".to_owned(),
        updated_at: "2026年3月2日 09:00".to_owned(),
        printed_on: "2026年3月2日".to_owned(),
    }
}
