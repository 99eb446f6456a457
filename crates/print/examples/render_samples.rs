//! Writes one sample of each document, to look at after changing a template:
//! `cargo run -p ganxun-print --example render_samples [OUT_DIR] [TEMPLATE_DIR]`
//! then, for instance, `pdftoppm -png -r 60 OUT_DIR/certificates.pdf OUT_DIR/certificate`.

use std::path::PathBuf;

use ganxun_print::{
    Certificate, Fonts, Printer, Roster, RosterRow, SignInRow, SignInSheet, Templates,
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
    println!("written to {}", out.display());
    Ok(())
}
