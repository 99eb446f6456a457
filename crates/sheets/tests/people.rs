//! The people import and export as a whole: bytes in, rows and problems out.

use calamine::{Data, Reader, Xlsx};
use ganxun_domain::people::idcard::check_digit;
use ganxun_domain::{Category, Education, Rank, Sex};
use ganxun_sheets::{
    ExportPerson, PEOPLE_COLUMNS, ParsedPerson, RawRow, RowProblem, SheetError,
    TEMPLATE_EXAMPLE_ID_CARD, keys, people_template_xlsx, people_xlsx, read_people,
    validate_people,
};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Cursor;

/// A valid ID number with the given region, birth date (YYYYMMDD) and sequence.
fn id(region: &str, birth: &str, sequence: &str) -> String {
    let body = format!("{region}{birth}{sequence}");
    format!("{body}{}", check_digit(&body).expect("17 digits"))
}

/// The template's header row.
fn headers() -> Vec<String> {
    PEOPLE_COLUMNS.iter().map(|c| c.template_header()).collect()
}

/// A row in template column order from (key, value) pairs; other cells blank.
fn row(values: &[(&str, &str)]) -> Vec<String> {
    PEOPLE_COLUMNS
        .iter()
        .map(|c| {
            values
                .iter()
                .find(|(k, _)| *k == c.key)
                .map_or(String::new(), |(_, v)| (*v).to_owned())
        })
        .collect()
}

/// A person row with the four required values.
fn person(name: &str, id_card: &str, unit_code: &str, rank: &str) -> Vec<String> {
    row(&[
        (keys::NAME, name),
        (keys::ID_CARD, id_card),
        (keys::UNIT_CODE, unit_code),
        (keys::RANK, rank),
    ])
}

/// An .xlsx with one sheet holding these rows as text cells (blank strings left empty).
fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet
                    .write_string(r as u32, c as u16, text)
                    .expect("a cell");
            }
        }
    }
    workbook.save_to_buffer().expect("a workbook")
}

fn csv_text(rows: &[Vec<String>]) -> String {
    rows.iter().map(|cells| cells.join(",") + "\r\n").collect()
}

fn validate(bytes: &[u8]) -> (Vec<ParsedPerson>, Vec<RowProblem>) {
    validate_people(&read_people(bytes).expect("a readable roster"))
}

fn problem_codes(problems: &[RowProblem]) -> Vec<(usize, &'static str)> {
    problems.iter().map(|p| (p.row_number, p.code)).collect()
}

#[test]
fn the_template_reads_back_as_its_example_row() {
    let bytes = people_template_xlsx().unwrap();
    let rows = read_people(&bytes).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].row_number, 2);
    let (people, problems) = validate_people(&rows);
    assert_eq!(problems, []);
    let example = &people[0];
    assert_eq!(example.name.as_str(), "王芳");
    assert_eq!(example.id_card.as_str(), TEMPLATE_EXAMPLE_ID_CARD);
    assert_eq!(example.sex, Sex::Female);
    assert_eq!(example.phone.as_ref().unwrap().as_str(), "13912345678");
    assert_eq!(example.rank, Some(Rank::PrincipalStaff4));
    assert_eq!(
        example.categories,
        [Category::OrgDeptCadre, Category::CivilServant]
    );
    assert_eq!(example.education, Some(Education::Bachelor));
    assert_eq!(example.post_start_date.unwrap().to_string(), "2021-06-01");
    assert_eq!(example.effective_date.unwrap().to_string(), "2024-01-01");
    assert!(example.notes.is_empty(), "{:?}", example.notes);
}

#[test]
fn the_template_has_starred_headers_and_a_guide_listing_every_allowed_label() {
    let bytes = people_template_xlsx().unwrap();
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["干部信息", "填写说明"]);

    let people = workbook.worksheet_range("干部信息").unwrap();
    let header: Vec<String> = people
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header, headers());
    assert_eq!(header[0], "姓名*");

    let guide = workbook.worksheet_range("填写说明").unwrap();
    let text: Vec<String> = guide.cells().map(|(_, _, cell)| cell.to_string()).collect();
    let labels = Rank::ALL
        .iter()
        .map(|r| r.label_zh())
        .chain(Category::ALL.iter().map(|c| c.label_zh()))
        .chain(Education::ALL.iter().map(|e| e.label_zh()));
    for label in labels {
        assert!(
            text.iter().any(|cell| cell == label),
            "{label} missing from the guide"
        );
    }
    for column in PEOPLE_COLUMNS {
        assert!(
            text.iter().any(|cell| cell == column.hint_zh),
            "hint of {} missing",
            column.key
        );
    }
    assert!(text.iter().any(|cell| cell.contains("用“、”“,”或“；”分隔")));
}

#[test]
fn a_dirty_roster_reports_every_bad_row_with_its_number_and_code_and_takes_the_rest() {
    let first = id("429004", "19800115", "123");
    let second = id("429004", "19850312", "246");
    let third = id("420106", "19900101", "135");
    let rows = vec![
        headers(),
        person("王芳", &first, "XT-001", "四级主任科员"), // 2: good
        person("李强", "110105194912310023", "XT-001", "一级科员"), // 3: bad check digit
        person("钟 伟", &second, "XT-001", "一级科员"),   // 4: padded name, accepted with a note
        person(
            "r河一中",
            &id("429004", "19700101", "111"),
            "XT-001",
            "一级科员",
        ), // 5: lost characters
        person(
            "王\u{FFFD}",
            &id("429004", "19700102", "111"),
            "XT-001",
            "一级科员",
        ), // 6: lost characters
        person("赵敏", &id("429004", "19700103", "222"), "XT-001", "正科级"), // 7: unknown rank
        person("孙丽", &first, "XT-001", "一级科员"),     // 8: same ID as row 2
        person("周杰", &id("429004", "19700104", "111"), "", "一级科员"), // 9: unit code missing
        row(&[]),                                         // 10: empty, skipped
        person("吴昊", &third, "XT-002", "县处级副职"),   // 11: good
    ];
    let (people, problems) = validate(&xlsx(&rows));

    let taken: Vec<(usize, &str)> = people
        .iter()
        .map(|p| (p.row_number, p.name.as_str()))
        .collect();
    assert_eq!(taken, [(2, "王芳"), (4, "钟伟"), (11, "吴昊")]);
    assert_eq!(people[1].notes, ["姓名中的空格已去除：“钟 伟” → “钟伟”"]);
    assert_eq!(people[2].sex, Sex::Male);
    assert_eq!(people[2].rank, Some(Rank::CountyDeputy));

    assert_eq!(
        problem_codes(&problems),
        [
            (3, "ID_CARD_CHECK_DIGIT"),
            (5, "NAME_UNREADABLE"),
            (6, "NAME_UNREADABLE"),
            (7, "UNKNOWN_RANK"),
            (8, "DUPLICATE_IN_FILE"),
            (9, "REQUIRED_MISSING"),
        ]
    );
    let by_row = |n: usize| problems.iter().find(|p| p.row_number == n).unwrap();
    assert_eq!(by_row(3).column, Some("身份证号"));
    assert_eq!(by_row(3).value, "110105194912310023");
    assert!(by_row(5).message.contains("“r”"), "{}", by_row(5).message);
    assert_eq!(by_row(5).value, "r河一中");
    assert!(by_row(6).message.contains("乱码"), "{}", by_row(6).message);
    assert_eq!(by_row(7).column, Some("职级"));
    assert!(
        by_row(7).message.contains("县处级正职"),
        "{}",
        by_row(7).message
    );
    assert!(
        by_row(8).message.contains("第 2 行"),
        "{}",
        by_row(8).message
    );
    assert_eq!(by_row(9).column, Some("单位代码"));
    for problem in &problems {
        assert!(
            !problem.message.is_empty() && !problem.message.is_ascii(),
            "{problem:?}"
        );
    }
}

#[test]
fn an_id_number_excel_stored_as_a_number_is_reported_and_phones_and_dates_as_numbers_are_fine() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, header) in headers().iter().enumerate() {
        sheet.write_string(0, c as u16, header).unwrap();
    }
    let column = |key: &str| PEOPLE_COLUMNS.iter().position(|c| c.key == key).unwrap() as u16;
    let date_format = Format::new().set_num_format("yyyy/m/d");
    for r in [1u32, 2] {
        sheet.write_string(r, column(keys::NAME), "王芳").unwrap();
        sheet
            .write_string(r, column(keys::UNIT_CODE), "XT-001")
            .unwrap();
        sheet
            .write_string(r, column(keys::RANK), "一级科员")
            .unwrap();
        sheet
            .write_number(r, column(keys::PHONE), 13912345678.0)
            .unwrap();
        let date = ExcelDateTime::from_ymd(2021, 6, 1).unwrap();
        sheet
            .write_datetime_with_format(r, column(keys::POST_START_DATE), &date, &date_format)
            .unwrap();
    }
    // Row 2: what Excel keeps of 11010519491231002X typed as a number; row 3: typed as text.
    sheet
        .write_number(1, column(keys::ID_CARD), 110105194912310000.0)
        .unwrap();
    sheet
        .write_string(2, column(keys::ID_CARD), TEMPLATE_EXAMPLE_ID_CARD)
        .unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let rows = read_people(&bytes).unwrap();
    assert_eq!(rows[0].get(keys::ID_CARD), Some("1.1010519491231E+17"));
    assert_eq!(rows[1].get(keys::PHONE), Some("13912345678"));
    assert_eq!(rows[1].get(keys::POST_START_DATE), Some("2021-06-01"));

    let (people, problems) = validate_people(&rows);
    assert_eq!(problem_codes(&problems), [(2, "ID_CARD_AS_NUMBER")]);
    assert!(
        problems[0].message.contains("文本"),
        "{}",
        problems[0].message
    );
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].row_number, 3);
    assert_eq!(people[0].phone.as_ref().unwrap().as_str(), "13912345678");
    assert_eq!(people[0].post_start_date.unwrap().to_string(), "2021-06-01");
}

#[test]
fn a_gb18030_csv_saved_by_old_excel_is_read_correctly() {
    let text = csv_text(&[
        headers(),
        {
            let mut cells = person(
                "欧阳修",
                &id("429004", "19800115", "123"),
                "XT-001",
                "乡科级正职",
            );
            cells[PEOPLE_COLUMNS
                .iter()
                .position(|c| c.key == keys::CATEGORIES)
                .unwrap()] = "科级领导干部、公务员".to_owned();
            cells
        },
        person(
            "钟 伟",
            &id("429004", "19850312", "246"),
            "XT-001",
            "一级科员",
        ),
    ]);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test needs bytes that are not UTF-8"
    );

    let (people, problems) = validate(&bytes);
    assert_eq!(problems, []);
    let names: Vec<&str> = people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["欧阳修", "钟伟"]);
    assert_eq!(people[0].rank, Some(Rank::SectionChief));
    assert_eq!(
        people[0].categories,
        [Category::SectionLeader, Category::CivilServant]
    );
    assert_eq!(people[1].row_number, 3);
}

#[test]
fn a_utf8_csv_with_a_byte_order_mark_is_read_correctly() {
    let text = csv_text(&[
        headers(),
        person(
            "郑先华",
            &id("429004", "19800115", "123"),
            "XT-001",
            "无职级",
        ),
    ]);
    let bytes = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let rows = read_people(&bytes).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].row_number, 2);
    assert_eq!(rows[0].get(keys::NAME), Some("郑先华"));
    let (people, problems) = validate_people(&rows);
    assert_eq!(problems, []);
    assert_eq!(people[0].rank, Some(Rank::Unranked));
}

#[test]
fn csv_row_numbers_count_blank_lines_but_not_line_breaks_inside_quotes() {
    let good = id("429004", "19800115", "123");
    let text = format!(
        "姓名,身份证号,单位代码,职级,职务\n\n王芳,{good},XT-001,一级科员,\"县委常委\n组织部部长\"\n李强,123,XT-001,一级科员,\n"
    );
    let rows = read_people(text.as_bytes()).unwrap();
    let numbers: Vec<usize> = rows.iter().map(|r| r.row_number).collect();
    assert_eq!(numbers, [3, 4]);
    let (people, problems) = validate_people(&rows);
    assert_eq!(people[0].position, "县委常委 组织部部长");
    assert_eq!(problem_codes(&problems), [(4, "ID_CARD_LENGTH")]);
}

#[test]
fn the_header_may_stand_below_a_title_use_other_names_and_unknown_columns_are_ignored() {
    let rows = vec![
        vec!["2024 年干部名单".to_owned()],
        [
            "序号",
            "姓名",
            "公民身份号码",
            "单位代码",
            "职级（级别）",
            "备注",
        ]
        .map(str::to_owned)
        .to_vec(),
        [
            "1",
            "王芳",
            TEMPLATE_EXAMPLE_ID_CARD,
            "XT-001",
            "一级科员",
            "无",
        ]
        .map(str::to_owned)
        .to_vec(),
        ["2", "", "", "", "", ""].map(str::to_owned).to_vec(),
    ];
    let raw = read_people(&xlsx(&rows)).unwrap();
    assert_eq!(raw.len(), 1, "{raw:?}");
    assert_eq!(raw[0].row_number, 3);
    assert_eq!(
        raw[0].cells.keys().copied().collect::<Vec<_>>(),
        [keys::ID_CARD, keys::NAME, keys::RANK, keys::UNIT_CODE]
    );
    let (people, problems) = validate_people(&raw);
    assert_eq!((people.len(), problems.len()), (1, 0));
}

#[test]
fn english_headers_and_keys_are_accepted() {
    let text =
        format!("Name,id_card,Unit code,RANK\n王芳,{TEMPLATE_EXAMPLE_ID_CARD},XT-001,一级科员\n");
    let (people, problems) = validate(text.as_bytes());
    assert_eq!((people.len(), problems.len()), (1, 0));
}

#[test]
fn a_missing_required_column_is_an_error_naming_it() {
    let text = format!("姓名,身份证号,职级\n王芳,{TEMPLATE_EXAMPLE_ID_CARD},一级科员\n");
    let error = read_people(text.as_bytes()).unwrap_err();
    assert_eq!(
        error,
        SheetError::MissingColumns(vec!["单位代码或单位名称"])
    );
    assert_eq!(error.code(), "MISSING_COLUMNS");
    assert!(error.to_string().contains("单位代码或单位名称"));
    assert_eq!(
        read_people("随便写点什么\n".as_bytes()).unwrap_err(),
        SheetError::MissingColumns(vec!["姓名", "身份证号", "单位代码或单位名称"])
    );
    // A real roster: the unit by name, no rank.
    let text =
        format!("序号,单位,姓 名,身份证号码\n1,市实验小学,钟 伟,{TEMPLATE_EXAMPLE_ID_CARD}\n");
    let (people, problems) = validate(text.as_bytes());
    assert_eq!((people.len(), problems.len()), (1, 0));
    assert_eq!(people[0].unit_name.as_deref(), Some("市实验小学"));
    assert_eq!(people[0].rank, None);
}

#[test]
fn a_column_given_twice_is_an_error_rather_than_a_guess() {
    let text = "姓名,身份证号,单位代码,职级,身份证号码\n";
    let error = read_people(text.as_bytes()).unwrap_err();
    assert_eq!(error, SheetError::DuplicateColumn("身份证号"));
    assert_eq!(error.code(), "DUPLICATE_COLUMN");
}

#[test]
fn files_that_are_not_rosters_are_refused_with_a_code() {
    assert_eq!(read_people(b"").unwrap_err().code(), "SHEET_EMPTY");
    assert_eq!(
        read_people(b"GIF89a\x01\0\x01\0\0\0\0").unwrap_err().code(),
        "NOT_A_SPREADSHEET"
    );
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert_eq!(read_people(&ole).unwrap_err().code(), "SHEET_UNREADABLE");
    let broken_zip = b"PK\x03\x04 this is no workbook";
    assert_eq!(
        read_people(broken_zip).unwrap_err().code(),
        "SHEET_UNREADABLE"
    );
}

fn export_person(name: &str, id_card: &str) -> ExportPerson {
    ExportPerson {
        name: name.to_owned(),
        sex: "女".to_owned(),
        birth_date: "1949-12-31".to_owned(),
        id_card: id_card.to_owned(),
        phone: "0728-1234567".to_owned(),
        unit_code: "007".to_owned(),
        unit_name: "仙桃市委组织部".to_owned(),
        position: "组织员".to_owned(),
        rank: "四级主任科员".to_owned(),
        categories: "组工干部、公务员".to_owned(),
        education: "高中（中专）".to_owned(),
        post_start_date: "2021-06-01".to_owned(),
    }
}

#[test]
fn an_export_reads_back_with_the_same_values_and_imports_again() {
    let exported = vec![
        export_person("王芳", TEMPLATE_EXAMPLE_ID_CARD),
        ExportPerson {
            phone: String::new(),
            categories: String::new(),
            education: String::new(),
            post_start_date: String::new(),
            sex: "男".to_owned(),
            birth_date: "1980-01-15".to_owned(),
            ..export_person("欧阳修", &id("429004", "19800115", "123"))
        },
    ];
    let bytes = people_xlsx(exported.clone()).unwrap();
    let rows = read_people(&bytes).unwrap();
    assert_eq!(rows.len(), 2);
    for (row, person) in rows.iter().zip(&exported) {
        let expect = [
            (keys::NAME, &person.name),
            (keys::SEX, &person.sex),
            (keys::BIRTH_DATE, &person.birth_date),
            (keys::ID_CARD, &person.id_card),
            (keys::PHONE, &person.phone),
            (keys::UNIT_CODE, &person.unit_code),
            (keys::UNIT_NAME, &person.unit_name),
            (keys::POSITION, &person.position),
            (keys::RANK, &person.rank),
            (keys::CATEGORIES, &person.categories),
            (keys::EDUCATION, &person.education),
            (keys::POST_START_DATE, &person.post_start_date),
        ];
        for (key, value) in expect {
            assert_eq!(
                row.get(key).unwrap_or(""),
                value.as_str(),
                "{key} of row {}",
                row.row_number
            );
        }
        assert_eq!(row.get(keys::EFFECTIVE_DATE), None);
    }
    assert_eq!(rows[0].row_number, 2);

    let (people, problems) = validate_people(&rows);
    assert_eq!(problems, []);
    assert_eq!(
        people[0].unit_code.as_deref(),
        Some("007"),
        "leading zeros survive"
    );
    assert_eq!(people[0].education, Some(Education::SeniorMiddle));
    assert_eq!(people[0].phone.as_ref().unwrap().as_str(), "0728-1234567");
    assert!(people.iter().all(|p| p.notes.is_empty()));
}

#[test]
fn an_export_of_masked_numbers_does_not_import_until_they_are_revealed() {
    let bytes = people_xlsx([export_person("王芳", "110***********002X")]).unwrap();
    let (people, problems) = validate(&bytes);
    assert!(people.is_empty());
    assert_eq!(problem_codes(&problems), [(2, "ID_CARD_CHARACTERS")]);
}

#[test]
fn exported_text_that_looks_like_a_formula_stays_text() {
    let dangerous = ["=HYPERLINK(\"x\")", "+SUM(1,2)", "-1+2", "@cmd"];
    let people = dangerous.iter().map(|text| ExportPerson {
        position: (*text).to_owned(),
        ..export_person("王芳", "")
    });
    let bytes = people_xlsx(people).unwrap();

    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    let formulas = workbook.worksheet_formula("干部信息").unwrap();
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "no cell may hold a formula"
    );
    let values = workbook.worksheet_range("干部信息").unwrap();
    let position = PEOPLE_COLUMNS
        .iter()
        .position(|c| c.key == keys::POSITION)
        .unwrap();
    for (r, text) in dangerous.iter().enumerate() {
        assert_eq!(
            values.get((r + 1, position)),
            Some(&Data::String((*text).to_owned()))
        );
    }
    let rows = read_people(&bytes).unwrap();
    let positions: Vec<&str> = rows
        .iter()
        .map(|r| r.get(keys::POSITION).unwrap())
        .collect();
    assert_eq!(positions, dangerous);
}

#[test]
fn markup_in_a_name_is_refused_as_unreadable_by_the_name_rule() {
    let text = format!(
        "姓名,身份证号,单位代码,职级\n<img src=x onerror=alert(1)>,{TEMPLATE_EXAMPLE_ID_CARD},XT-001,一级科员\n"
    );
    let (people, problems) = validate(text.as_bytes());
    assert!(people.is_empty());
    assert_eq!(problem_codes(&problems), [(2, "NAME_UNREADABLE")]);
    assert_eq!(problems[0].value, "<img src=x onerror=alert(1)>");
}

#[test]
fn a_large_export_is_written_and_read_back_in_full() {
    let count = 20_000;
    let people = (0..count).map(|i| ExportPerson {
        position: format!("职务{i}"),
        ..export_person("王芳", "")
    });
    let bytes = people_xlsx(people).unwrap();
    let rows = read_people(&bytes).unwrap();
    assert_eq!(rows.len(), count);
    assert_eq!(rows[count - 1].row_number, count + 1);
    assert_eq!(
        rows[count - 1].get(keys::POSITION),
        Some(format!("职务{}", count - 1).as_str())
    );
}

#[test]
fn raw_rows_can_be_built_by_hand_for_validation() {
    let mut row = RawRow {
        row_number: 7,
        ..RawRow::default()
    };
    for (key, value) in [
        (keys::NAME, "王芳"),
        (keys::ID_CARD, TEMPLATE_EXAMPLE_ID_CARD),
        (keys::UNIT_CODE, "XT-001"),
        (keys::RANK, "一级科员"),
    ] {
        row.cells.insert(key, value.to_owned());
    }
    let (people, problems) = validate_people(&[row]);
    assert_eq!((people.len(), problems.len()), (1, 0));
    assert_eq!(people[0].row_number, 7);
}

proptest::proptest! {
    #[test]
    fn reading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        let _ = read_people(&bytes);
    }

    #[test]
    fn reading_arbitrary_text_under_a_valid_header_never_panics(body in "\\PC{0,300}") {
        let text = format!("姓名,身份证号,单位代码,职级\n{body}");
        if let Ok(rows) = read_people(text.as_bytes()) {
            let _ = validate_people(&rows);
        }
    }
}
