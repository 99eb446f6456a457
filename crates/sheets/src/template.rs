//! What the import templates share (the unit list, the score sheet): a header row of their
//! columns, and a “填写说明” sheet with the instructions and each column's hint.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet};

use crate::columns::Column;
use crate::error::SheetError;

/// The sheet a template explains itself on.
pub(crate) const GUIDE_SHEET: &str = "填写说明";

/// Names `sheet` and writes its header row: each column's header in bold on light blue, a
/// required one in red and marked `*`; `width` gives each column's width and `text` whether it
/// is formatted as text (so Excel keeps ID numbers and codes as typed). The header stays in view.
pub(crate) fn header_row(
    sheet: &mut Worksheet,
    name: &str,
    columns: &[Column],
    width: impl Fn(&Column) -> f64,
    text: impl Fn(&Column) -> bool,
) -> Result<(), SheetError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let required = header.clone().set_font_color(Color::RGB(0xC00000));
    let text_format = Format::new().set_num_format("@");
    sheet.set_name(name)?;
    for (index, column) in (0u16..).zip(columns) {
        sheet.set_column_width(index, width(column))?;
        if text(column) {
            sheet.set_column_format(index, &text_format)?;
        }
        let format = if column.required { &required } else { &header };
        sheet.write_string_with_format(0, index, column.template_header(), format)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes the “填写说明” sheet: `title`, the `lines` under it, then a table of the columns —
/// header, 必填 or 选填, hint. Returns the first row left free below it.
pub(crate) fn guide<'a>(
    sheet: &mut Worksheet,
    title: &str,
    lines: impl IntoIterator<Item = &'a str>,
    columns: &[Column],
) -> Result<u32, SheetError> {
    sheet.set_name(GUIDE_SHEET)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 10)?;
    sheet.set_column_width(2, 80)?;
    sheet.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    let mut at = 1u32;
    for line in lines {
        sheet.write_string(at, 0, line)?;
        at += 1;
    }
    at += 1;
    for (index, heading) in (0u16..).zip(["列名", "是否必填", "填写说明"]) {
        sheet.write_string_with_format(at, index, heading, &bold)?;
    }
    at += 1;
    for column in columns {
        sheet.write_string(at, 0, column.template_header())?;
        sheet.write_string(at, 1, if column.required { "必填" } else { "选填" })?;
        sheet.write_string_with_format(at, 2, column.hint_zh, &wrap)?;
        at += 1;
    }
    Ok(at)
}
