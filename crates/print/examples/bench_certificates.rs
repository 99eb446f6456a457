//! How long a large class's certificates take: 400 certificates in one PDF, rendered three
//! times: cold (fonts read from disk), warm with another class's data (what a server that has
//! printed before does), and the same data again (typst's caches answer).
//!
//! `cargo run --release -p ganxun-print --example bench_certificates [COUNT] [OUT.pdf]`

use std::time::Instant;

use ganxun_print::{Certificate, Fonts, Printer, Templates};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: u32 = args.next().map_or(Ok(400), |n| n.parse())?;
    let out = args.next();

    let started = Instant::now();
    let fonts = Fonts::system();
    println!(
        "font scan: {} faces in {:.0?} (CJK: {})",
        fonts.len(),
        started.elapsed(),
        fonts.has_cjk()
    );
    let printer = Printer::new(fonts, Templates::builtin());

    let surnames = ["王", "李", "张", "刘", "陈", "欧阳", "司马", "赵"];
    let given = ["芳", "伟", "晓明", "建国", "秀英", "志强", "静", "海燕"];
    let class = |offset: u32| -> Vec<Certificate> {
        (offset + 1..=offset + count)
            .map(|n| {
                let i = usize::try_from(n).unwrap_or_default();
                Certificate {
                    number: format!("QS-2026-{n:04}"),
                    name: format!(
                        "{}{}",
                        surnames[i % surnames.len()],
                        given[i / 8 % given.len()]
                    ),
                    unit: format!("青山县第{n}中心小学"),
                    class_title: "全县中小学校长学习贯彻党的二十届四中全会精神专题培训班"
                        .to_owned(),
                    period: "2026年3月2日至3月6日".to_owned(),
                    class_hours: "30".to_owned(),
                    issuer: "青山县教育局".to_owned(),
                    host: "中共青山县委党校".to_owned(),
                    issued_on: "2026年3月6日".to_owned(),
                    verify_hint: "在 http://127.0.0.1:8080/verify 输入证书编号核验".to_owned(),
                }
            })
            .collect()
    };

    let first = class(0);
    for (run, certs) in [
        ("cold", &first),
        ("warm, new data", &class(count)),
        ("same data again", &first),
    ] {
        let started = Instant::now();
        let pdf = printer.certificates_pdf(certs)?;
        println!(
            "{run}: {count} certificates in {:.2?}, {} KB",
            started.elapsed(),
            pdf.len() / 1024
        );
        if let (Some(out), "cold") = (&out, run) {
            std::fs::write(out, &pdf)?;
        }
    }
    Ok(())
}
